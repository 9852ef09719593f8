"""The INDICATOR boundary corrector, trained on a handful of made-up sentences."""

from __future__ import annotations

import pytest

from pipeline.annotations.records import Meta, Record, Relation, Span
from pipeline.facts.boundaries import (
    BoundaryCorrector,
    Paragraph,
    SpanExample,
    correct_records,
    edge_candidates,
    training_examples,
)

NOUNS = [
    "巡河活动",
    "普法讲座",
    "消防演练",
    "入户走访",
    "技能培训",
    "义诊活动",
    "农机检修",
    "植树造林",
]
QUANTITY = "12次"


def _example(i: int, lead: str, noun: str) -> SpanExample:
    text = f"{lead}{noun}{QUANTITY}"
    end = len(lead) + len(noun)
    par = Paragraph.of(text, blocked=[(end, len(text))])
    return SpanExample(f"d{i}", par, 0, end, len(lead), end)


@pytest.fixture(scope="module")
def corrector() -> BoundaryCorrector:
    examples = []
    for i, noun in enumerate(NOUNS):
        examples.append(_example(3 * i, "全年", noun))  # predicted with the scope word
        examples.append(_example(3 * i + 1, "2023年", noun))  # predicted with the year
        examples.append(_example(3 * i + 2, "", noun))  # predicted right
    return BoundaryCorrector(threshold=0.5).fit(examples)


def _correct(corrector: BoundaryCorrector, text: str, start: int, end: int) -> str:
    par = Paragraph.of(text, blocked=[(end, len(text))])
    s, e = corrector.correct(par, start, end)
    return text[s:e]


def test_trims_a_leading_scope_word_and_year(corrector):
    assert _correct(corrector, "全年环境监测12次", 0, 6) == "环境监测"
    assert _correct(corrector, "2024年安全检查12次", 0, 9) == "安全检查"


def test_leaves_a_correct_span_alone(corrector):
    assert _correct(corrector, "环境监测12次", 0, 4) == "环境监测"


def test_edges_never_cross_a_clause_break_or_another_span():
    text = "其中，全年巡查12次"
    par = Paragraph.of(text, blocked=[(7, 10)])
    starts = edge_candidates(par, 3, 7, "start")
    ends = edge_candidates(par, 3, 7, "end")
    assert starts[0] == 3 and sorted(starts) == [3, 4, 5]  # not into the comma; 2 chars left
    assert max(ends) == 7  # the quantity is blocked


def _record(spans: list[Span], offset: int = 0) -> Record:
    text = "全年环境监测12次"
    rel = [Relation("q", "i")]
    return Record("d#p0", text, Meta("d", offset), spans, rel)


def test_records_keep_ids_and_relations(corrector):
    spans = [
        Span("i", 0, 6, "INDICATOR", "全年环境监测"),
        Span("q", 6, 9, "COUNT", "12次", "value"),
    ]
    (fixed,) = correct_records([_record(spans)], corrector)
    assert [(s.id, s.text) for s in fixed.spans] == [("i", "环境监测"), ("q", "12次")]
    assert fixed.relations == [Relation("q", "i")]


def test_training_pairs_a_prediction_with_the_gold_it_overlaps():
    gold = _record([Span("g", 2, 6, "INDICATOR", "环境监测")], offset=100)
    pred = _record([Span("i", 0, 6, "INDICATOR", "全年环境监测")], offset=100)
    lone = _record([Span("x", 6, 9, "INDICATOR", "12次")], offset=100)
    (example,) = training_examples([gold], [pred, lone])
    assert (example.start, example.end, example.gold_start, example.gold_end) == (0, 6, 2, 6)


def test_correct_before_fit_is_an_error():
    with pytest.raises(RuntimeError):
        BoundaryCorrector().correct(Paragraph.of("环境监测"), 0, 4)
