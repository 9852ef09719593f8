"""The indicators table: one row per indicator row, target beside actual,
weight and score, read from the facts."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.facts import process_document
from pipeline.facts.indicators import indicator_rows, met
from pipeline.ingest import read_document, read_text_document
from pipeline.schema import FactRow

SAMPLE = Path(__file__).resolve().parents[2] / "corpus" / "sample"


def _fact(n: int, role: str, value: float, unit: str, **kw) -> FactRow:
    base = {
        "doc_id": "d",
        "fact_id": f"d#f{n:04d}",
        "source": "table",
        "quantity_label": "PERCENT" if unit == "%" else "COUNT",
        "role": role,
        "text": str(value),
        "start": 10 * n,
        "end": 10 * n + 3,
        "value": value,
        "unit": unit,
        "normalized_value": value,
        "base_unit": unit,
        "qualifier": None,
        "indicator": "开展培训场次",
        "table": 1,
        "row": 2,
    }
    return FactRow(**(base | kw))


def test_a_table_row_becomes_one_row():
    facts = [
        _fact(0, "target", 10, "场", qualifier=">="),
        _fact(1, "value", 12, "场"),
        _fact(2, "weight", 5, "分"),
        _fact(3, "score", 4.5, "分"),
    ]
    (row,) = indicator_rows(facts)
    assert (row.target, row.target_qualifier, row.actual, row.weight, row.score) == (
        10,
        ">=",
        12,
        5,
        4.5,
    )
    assert row.met is True and row.target_unit == row.actual_unit == "场"
    assert row.fact_ids == "d#f0000,d#f0001,d#f0002,d#f0003"
    assert row.indicator_id == "d#i0000"


def test_the_actual_is_taken_in_the_targets_unit():
    facts = [
        _fact(0, "target", 600, "元"),
        _fact(1, "value", 100, "%"),  # a funds row's rate
        _fact(2, "value", 580, "元"),  # its spending
    ]
    (row,) = indicator_rows(facts)
    assert (row.actual, row.actual_unit, row.met) == (580, "元", False)


def test_without_a_target_the_actual_is_the_spending_column():
    facts = [
        _fact(0, "value", 600, "元", column="全年预算数"),  # budgets are values (R14)
        _fact(1, "value", 95, "%", column="资金执行率"),
        _fact(2, "value", 570, "元", column="决算数"),
    ]
    (row,) = indicator_rows(facts)
    assert (row.actual, row.actual_text, row.target, row.met) == (570, "570", None, None)
    (plain,) = indicator_rows([_fact(0, "value", 12, "人", column="实际完成值")])
    assert plain.actual == 12


def test_rows_and_names_keep_indicators_apart():
    facts = [
        _fact(0, "weight", 30, "分", indicator="产出指标"),  # a category cell in the same row
        _fact(1, "target", 1, "个"),
        _fact(2, "target", 3, "个", row=3, indicator="另一项"),
        _fact(3, "value", 7, "人", source="text", table=None, row=None, indicator=None),
    ]
    rows = indicator_rows(facts)
    assert [r.indicator for r in rows] == ["产出指标", "开展培训场次", "另一项"]
    assert [r.indicator_id for r in rows] == ["d#i0000", "d#i0001", "d#i0002"]


@pytest.mark.parametrize(
    ("qualifier", "target", "actual", "expected"),
    [
        (None, 90, 95, True),
        (">=", 90, 89, False),
        ("<=", 5, 5, True),
        ("<", 5, 5, False),
        (">", 5, 5, False),
        ("approx", 5, 5, True),
    ],
)
def test_met_follows_the_targets_qualifier(qualifier, target, actual, expected):
    t = _fact(0, "target", target, "%", qualifier=qualifier)
    assert met(t, _fact(1, "value", actual, "%")) is expected


def test_met_is_unknown_without_both_or_across_units():
    t = _fact(0, "target", 90, "%")
    assert met(t, None) is None and met(None, t) is None
    assert met(t, _fact(1, "value", 90, "人")) is None


def test_text_facts_group_by_the_indicator_span(nlp):
    text = "全年开展培训场次目标为10场，实际完成12场。\n"
    doc = read_text_document(text, "t.txt")
    rows = indicator_rows(process_document(nlp, doc).facts)
    assert rows
    for row in rows:
        assert row.source == "text" and row.evidence
        assert text[row.indicator_start : row.indicator_end] == row.indicator
        assert text[row.evidence_start : row.evidence_end] == row.evidence


def test_indicator_table_rows_of_the_sample(nlp):
    """Every row of an indicator table of the sample reports: target and actual
    from the row's 年度指标值 / 实际完成值 cells, and the same category."""
    checked = 0
    for path in sorted(SAMPLE.glob("*.txt")):
        result = process_document(nlp, read_document(path), path.read_bytes())
        facts = {f.fact_id: f for f in result.facts}
        for row in indicator_rows(result.facts):
            mine = [facts[i] for i in row.fact_ids.split(",")]
            assert {f.indicator for f in mine} == {row.indicator}
            if row.category_path is None or row.target is None or row.actual is None:
                continue
            target = next(f for f in mine if f.role == "target")
            assert (row.target, row.target_text) == (target.normalized_value, target.text)
            assert row.actual in {f.normalized_value for f in mine if f.role == "value"}
            checked += 1
    assert checked >= 10  # 12 such rows when this was written
