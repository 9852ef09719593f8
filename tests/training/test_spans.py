"""spancat as the trained component (configs/spancat.cfg) and its bridge to doc.ents."""

from __future__ import annotations

from pathlib import Path

import numpy
import spacy
from spacy.tokens import Doc, DocBin, Span
from typer.testing import CliRunner

from pipeline.cli import app
from pipeline.training.spans import FACTORY, greedy_non_overlapping
from pipeline.training.train import (
    DEFAULT_CONFIG,
    HYBRID_LABELS,
    ROOT,
    load_training_records,
    spancat_keys,
    train_ner,
)

SPANCAT_CONFIG = ROOT / "configs" / "spancat.cfg"
runner = CliRunner()


def _doc(words: list[str]) -> Doc:
    return Doc(spacy.blank("zh").vocab, words=words, spaces=[False] * len(words))


def test_greedy_keeps_best_score_then_non_overlapping() -> None:
    doc = _doc(list("abcdefgh"))
    spans = [
        Span(doc, 0, 3, "INDICATOR"),  # 0.6, overlaps the best
        Span(doc, 2, 5, "ACHIEVEMENT"),  # 0.9: best
        Span(doc, 5, 6, "INDICATOR"),  # 0.3: free, kept
        Span(doc, 6, 8, "INDICATOR"),  # 0.5, overlaps an occupied token
    ]
    kept = greedy_non_overlapping(spans, [0.6, 0.9, 0.3, 0.5], taken={7})
    assert [(s.start, s.end, s.label_) for s in kept] == [
        (2, 5, "ACHIEVEMENT"),
        (5, 6, "INDICATOR"),
    ]


def test_greedy_ties_prefer_the_longer_span() -> None:
    doc = _doc(list("abcd"))
    kept = greedy_non_overlapping([Span(doc, 0, 1, "X"), Span(doc, 0, 3, "Y")], [0.5, 0.5])
    assert [(s.start, s.end) for s in kept] == [(0, 3)]


def test_component_writes_non_overlapping_ents() -> None:
    nlp = spacy.blank("zh")
    bridge = nlp.add_pipe(FACTORY)
    doc = Doc(nlp.vocab, words=list("项目完成率高"), spaces=[False] * 6)
    doc.ents = [Span(doc, 2, 4, "PERCENT")]  # an entity already there is kept
    doc.spans["sc"] = [Span(doc, 0, 2, "INDICATOR"), Span(doc, 1, 3, "ACHIEVEMENT")]
    # spaCy stores them as an (n, 1) array; ACHIEVEMENT overlaps the PERCENT
    doc.spans["sc"].attrs["scores"] = numpy.array([[0.4], [0.8]])
    doc = bridge(doc)
    assert [(e.start, e.end, e.label_) for e in doc.ents] == [
        (0, 2, "INDICATOR"),
        (2, 4, "PERCENT"),
    ]


def test_spancat_keys_of_the_configs() -> None:
    assert spancat_keys(SPANCAT_CONFIG) == ["sc"]
    assert spancat_keys(DEFAULT_CONFIG) == []


def test_train_spancat_learns_from_the_gold_entities(tmp_path: Path) -> None:
    """A few steps: the DocBins carry the entities as doc.spans["sc"] too."""
    records = load_training_records(train_docs=["003"], include_authored=False)
    result = train_ner(
        records,
        tmp_path,
        config=SPANCAT_CONFIG,
        labels=HYBRID_LABELS,
        max_steps=2,
        eval_frequency=1,
    )
    nlp = spacy.blank("zh")
    docs = list(DocBin().from_disk(tmp_path / "train.spacy").get_docs(nlp.vocab))
    assert sum(len(d.ents) for d in docs) > 0
    for d in docs:
        assert [(s.start, s.end, s.label_) for s in d.spans["sc"]] == [
            (e.start, e.end, e.label_) for e in d.ents
        ]
    assert (result.ner_dir / "config.cfg").exists()


def test_train_cli_with_spancat_config(tmp_path: Path) -> None:
    out = tmp_path / "model"
    res = runner.invoke(
        app,
        [
            "train",
            "--config",
            str(SPANCAT_CONFIG),
            "--output",
            str(out),
            "--train-docs",
            "003",
            "--no-include-authored",
            "--max-steps",
            "2",
        ],
    )
    assert res.exit_code == 0, res.output
    import pipeline.training  # noqa: F401  (registers the bridge)

    nlp = spacy.load(out)
    assert nlp.pipe_names == [
        "tok2vec",
        "spancat",
        FACTORY,
        "perf_facts_quantities",
        "perf_facts_composition",
    ]
    assert set(nlp.get_pipe("spancat").labels) == set(HYBRID_LABELS)
    doc = nlp("年末总资产 169.57 万元，占总资产的 3.74%。")
    assert ("169.57 万元", "MONEY") in {(e.text, e.label_) for e in doc.ents}


def test_component_with_no_spans_keeps_existing_ents() -> None:
    nlp = spacy.blank("zh")
    bridge = nlp.add_pipe(FACTORY)
    doc = Doc(nlp.vocab, words=list("完成率高"), spaces=[False] * 4)
    doc.ents = [Span(doc, 0, 2, "PERCENT")]
    doc.spans["sc"] = []
    doc.spans["sc"].attrs["scores"] = numpy.array([])  # what spancat stores for no span
    assert [(e.start, e.end) for e in bridge(doc).ents] == [(0, 2)]


def test_component_drops_an_earlier_taggers_labels() -> None:
    nlp = spacy.blank("zh")
    bridge = nlp.add_pipe(FACTORY, config={"drop_labels": ["INDICATOR"]})
    doc = Doc(nlp.vocab, words=list("项目获评先进"), spaces=[False] * 6)
    # an earlier NER tagged both; its INDICATOR goes, the spans' one comes in
    doc.ents = [Span(doc, 0, 2, "INDICATOR"), Span(doc, 2, 6, "ACHIEVEMENT")]
    doc.spans["sc"] = [Span(doc, 0, 1, "INDICATOR"), Span(doc, 3, 5, "INDICATOR")]
    doc.spans["sc"].attrs["scores"] = numpy.array([[0.9], [0.9]])
    assert [(e.start, e.end, e.label_) for e in bridge(doc).ents] == [
        (0, 1, "INDICATOR"),
        (2, 6, "ACHIEVEMENT"),
    ]
