"""pipeline/doc_facts.py and pipeline/extensions.py: ``spacy.load`` of the
shipped model gives what the command line gives, and every extension value
survives serialisation (Doc.to_bytes, DocBin, nlp.pipe with n_process=2)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import spacy
from spacy.tokens import Doc, DocBin
from typer.testing import CliRunner

from pipeline.cli import app
from pipeline.extensions import SPAN_GROUP
from pipeline.loading import DEFAULT_MODEL, rules_pipeline

runner = CliRunner()
TEXT = "年末总资产 169.57 万元，占总资产的 3.74%。\n培训覆盖率达到 95%，共培训 120 人次。\n"

needs_model = pytest.mark.skipif(
    not (DEFAULT_MODEL / "config.cfg").exists(), reason="models/perf_facts_zh not present"
)


def _cli_tables(inputs: list[Path], out: Path) -> dict[str, list[dict]]:
    args = ["extract", *map(str, inputs), "--out", str(out), "--format", "jsonl", "--workers", "1"]
    res = runner.invoke(app, [*args, "--quiet"])
    assert res.exit_code == 0, res.output
    return {
        table: [
            json.loads(line)
            for part in sorted((out / table).glob("*.jsonl"))
            for line in part.read_text(encoding="utf-8").splitlines()
        ]
        for table in ("documents", "facts", "entities", "flags")
    }


def _spacy_doc(nlp, path: Path) -> Doc:
    doc = nlp.make_doc(path.read_text(encoding="utf-8"))
    doc._.doc_name = path.name  # the document id the command line gives the file
    return nlp(doc)


def _by_doc(rows: list[dict], doc_id: str) -> list[dict]:
    return [r for r in rows if r["doc_id"] == doc_id]


@needs_model
def test_spacy_load_gives_what_the_cli_gives(sample_paths, tmp_path) -> None:
    cli = _cli_tables(sample_paths, tmp_path / "out")
    nlp = spacy.load(DEFAULT_MODEL)
    assert len(cli["facts"]) > 200
    for path in sample_paths:
        doc = _spacy_doc(nlp, path)
        doc_id = doc._.summary["doc_id"]
        assert doc._.facts == _by_doc(cli["facts"], doc_id)
        assert doc._.flags == _by_doc(cli["flags"], doc_id)
        (row,) = _by_doc(cli["documents"], doc_id)
        assert {**doc._.summary, "file": None} == {**row, "file": None}
        entities = [(e["label"], e["start"], e["end"]) for e in _by_doc(cli["entities"], doc_id)]
        spans = doc.spans[SPAN_GROUP]
        assert [(s.label_, s.start_char, s.end_char) for s in spans] == entities
        roles = {(f["start"], f["end"]): f["role"] for f in doc._.facts}
        assert [s._.role for s in spans] == [roles.get((s.start_char, s.end_char)) for s in spans]
        # quantities carry their roles (value, target, weight, score) on the spans
        assert any(s._.role is not None for s in spans) or path.stat().st_size < 5000


def _plain(doc: Doc) -> tuple:
    """Everything the extensions and the span group hold, as plain values
    (lists for tuples: DocBin reads msgpack arrays back as tuples)."""
    spans = [(s.label_, s.start_char, s.end_char, s._.role) for s in doc.spans[SPAN_GROUP]]
    quantities = [(e.start_char, e._.quantity) for e in doc.ents]
    rows = json.loads(json.dumps([doc._.facts, doc._.flags, doc._.summary]))
    return *rows, spans, quantities


@needs_model
def test_pipe_with_two_processes_equals_one(sample_paths) -> None:
    nlp = spacy.load(DEFAULT_MODEL)
    texts = [TEXT, *(p.read_text(encoding="utf-8") for p in sample_paths[:2])]
    single = [_plain(d) for d in nlp.pipe(texts)]
    double = [_plain(d) for d in nlp.pipe(texts, n_process=2)]  # E871 before
    assert double == single
    assert all(facts for facts, *_ in single)
    assert any(q is not None for *_, quantities in single for _, q in quantities)


def test_extension_values_survive_bytes_and_docbin() -> None:
    nlp = rules_pipeline()
    doc = nlp(TEXT)
    assert doc._.facts and any(s._.role for s in doc.spans[SPAN_GROUP])
    assert doc.ents[0]._.quantity.normalized == 1695700.0
    back = Doc(nlp.vocab).from_bytes(doc.to_bytes())
    assert _plain(back) == _plain(doc)
    db = DocBin(store_user_data=True, docs=[doc])
    (again,) = DocBin().from_bytes(db.to_bytes()).get_docs(nlp.vocab)
    assert _plain(again) == _plain(doc)


def test_doc_name_names_the_document() -> None:
    nlp = rules_pipeline()
    named = nlp.make_doc(TEXT)
    named._.doc_name = "a.txt"
    named = nlp(named)
    assert named._.summary["doc_id"].startswith("a-")
    assert all(f["fact_id"].startswith(named._.summary["doc_id"]) for f in named._.facts)
    assert nlp(TEXT)._.summary["doc_id"].startswith("text-")


def test_inside_a_callers_memory_zone(sample_paths) -> None:
    nlp = rules_pipeline()
    texts = [TEXT, sample_paths[0].read_text(encoding="utf-8")]
    expected = [_plain(d) for d in nlp.pipe(texts)]
    with nlp.memory_zone():  # spaCy's zones must not nest: the tagging opens none here
        got = [_plain(d) for d in nlp.pipe(texts)]
    assert got == expected
