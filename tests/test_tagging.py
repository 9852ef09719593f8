"""pipeline/tagging.py: tagging a document's paragraphs, and the tagging
strategies (every paragraph, or only the rules' gaps: tests/facts/test_gaps.py)."""

from __future__ import annotations

import pytest

from pipeline import tagging
from pipeline.ingest import read_document, read_text_document
from pipeline.loading import load_pipeline
from pipeline.schema import EntityRow
from pipeline.settings import COMPONENT
from pipeline.tagging import tag_document

TEXT = "年末总资产 169.57 万元，占比 3.74%。\n完成 5 项。\n本部门坚持党建引领。\n"


def _plain_tag(nlp, document):
    """tag_document as it was: every paragraph through nlp.pipe inside one zone."""
    paragraphs = document.paragraphs
    with nlp.memory_zone():
        # the tagging components: the fact assembler (pipeline/doc_facts.py) is not tagging
        docs = nlp.pipe((p.text for p in paragraphs), batch_size=64, disable=[COMPONENT])
        for paragraph, doc in zip(paragraphs, docs, strict=True):
            for ent in doc.ents:
                yield EntityRow(
                    document.id,
                    ent.label_,
                    ent.text,
                    paragraph.start + ent.start_char,
                    paragraph.start + ent.end_char,
                    paragraph.index,
                    document.page_at(paragraph.start + ent.start_char),
                )


def test_tag_document_only_tags_the_paragraphs_asked_for() -> None:
    nlp = load_pipeline("rules")
    doc = read_text_document(TEXT, "t.txt")
    everything = list(tag_document(nlp, doc))
    only = list(tag_document(nlp, doc, only={1}))
    assert {e.paragraph for e in everything} == {0, 1}
    assert only == [e for e in everything if e.paragraph == 1]


@pytest.mark.parametrize("model", [None, "rules"])
def test_tag_document_equals_plain_pipe(model, monkeypatch, sample_paths):
    documents = [read_document(p) for p in sample_paths]
    # one sample repeats 57 short paragraphs: the per-document dedup is exercised
    assert any(len({p.text for p in d.paragraphs}) < len(d.paragraphs) for d in documents)
    plain = load_pipeline(model)
    expected = [list(_plain_tag(plain, d)) for d in documents]
    fast = load_pipeline(model)
    assert [list(tag_document(fast, d)) for d in documents] == expected
    assert 0 < len(fast.vocab) < tagging.PERSISTENT_LEXEMES  # lexemes kept across documents
    # past the cap every lexeme lives in the memory zone again: same entities
    monkeypatch.setattr(tagging, "PERSISTENT_LEXEMES", 0)
    capped = load_pipeline(model)
    assert [list(tag_document(capped, d)) for d in documents] == expected
    assert [list(tag_document(fast, d, batch_size=7)) for d in documents] == expected


def test_quantified_strategy_tags_only_paragraphs_with_a_rule_quantity(monkeypatch) -> None:
    nlp = load_pipeline(None)  # the shipped pipeline: its ner is a trained component
    if not tagging.trained_components(nlp):
        pytest.skip("no trained pipeline here")
    doc = read_text_document(TEXT, "t.txt")
    seen: list[set[int] | None] = []
    real = tagging.tag_document

    def spy(nlp, document, batch_size=64, *, disable=(), only=None):
        seen.append(None if only is None else set(only))
        return real(nlp, document, batch_size, disable=disable, only=only)

    monkeypatch.setattr(tagging, "tag_document", spy)
    rows = tagging.tagging_strategies.get("quantified")(nlp, doc, lambda e: set())
    # first the rules everywhere, then the trained part in paragraphs 0 and 1 only
    assert seen == [None, {0, 1}]
    assert {e.paragraph for e in rows if e.label in ("MONEY", "PERCENT", "COUNT")} == {0, 1}
