"""The trained tagger gated to the rules' gaps (tagged_entities(tagger="gaps")).

Observable contract: paragraphs where the rules name every quantity's indicator
keep the rule layer's entities exactly; gap paragraphs get the full pipeline's.
"""

from __future__ import annotations

import pytest

from pipeline.facts import (
    assemble,
    composition,
    process_document,
    rule_gaps,
    tagged_entities,
)
from pipeline.ingest import read_text_document
from pipeline.loading import DEFAULT_MODEL, load_pipeline
from pipeline.settings import CompositionSettings
from pipeline.tagging import TRAINED, tag_document

TEXT = "年末总资产 169.57 万元，占比 3.74%。\n完成 5 项。\n本部门坚持党建引领。\n"

needs_model = pytest.mark.skipif(
    not (DEFAULT_MODEL / "config.cfg").exists(), reason="models/perf_facts_zh not present"
)


@pytest.fixture(scope="module")
def shipped():
    return load_pipeline()


def _spans(entities, paragraph: int) -> list[tuple[str, int, int]]:
    return sorted((e.label, e.start, e.end) for e in entities if e.paragraph == paragraph)


@needs_model
def test_rule_gaps_are_paragraphs_with_an_unnamed_quantity(shipped) -> None:
    doc = read_text_document(TEXT, "t.txt")
    rules_only = list(tag_document(shipped, doc, disable=TRAINED))
    # 年末总资产 names its money; "完成 5 项" leaves the count without a name;
    # the third paragraph holds no quantity at all
    assert rule_gaps(doc, rules_only) == {1}


@needs_model
def test_gate_tags_gap_paragraphs_fully_and_the_rest_by_rules(shipped) -> None:
    doc = read_text_document(TEXT, "t.txt")
    gated = tagged_entities(shipped, doc, tagger="gaps")
    rules_only = list(tag_document(shipped, doc, disable=TRAINED))
    full = list(tag_document(shipped, doc))
    assert _spans(full, 0) != _spans(rules_only, 0)  # the tagger adds a name here...
    assert _spans(gated, 0) == _spans(rules_only, 0)  # ...which the gate skips
    assert _spans(gated, 1) == _spans(full, 1)
    assert _spans(gated, 2) == _spans(rules_only, 2) == []


@needs_model
@pytest.mark.parametrize(("text", "made"), [("年末总资产 169.57 万元。\n", 1), (TEXT, 2)])
def test_text_facts_of_the_gate_are_handed_on_when_nothing_changes(
    shipped, monkeypatch, text: str, made: int
) -> None:
    """No gap: assembly takes the gate's text facts; a gap: it makes them again."""
    doc = read_text_document(text, "t.txt")
    # made afresh: the tagger's entities assembled without the gate's text facts
    expected = assemble(doc, tagged_entities(shipped, doc), cues="cues_first")
    calls: list[int] = []
    real = composition.text_facts

    def counted(*args, **kwargs):
        calls.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(composition, "text_facts", counted)
    gated = CompositionSettings("cues_first", "gaps")
    assert process_document(shipped, doc, settings=gated) == expected
    assert len(calls) == made
