"""Facts carry an indicator category: the table's own when it states one,
else the taxonomy classifier's guess with its probability."""

from __future__ import annotations

from pipeline.facts.categories import categorised
from pipeline.schema import FactRow


def _fact(indicator: str | None, path: str | None = None) -> FactRow:
    return FactRow(
        doc_id="d",
        fact_id="d#f0",
        source="table",
        quantity_label="PERCENT",
        role="value",
        text="95%",
        start=0,
        end=3,
        value=95.0,
        unit="%",
        normalized_value=95.0,
        base_unit="%",
        qualifier=None,
        indicator=indicator,
        category_path=path,
    )


def test_stated_category_wins_with_full_confidence():
    (fact,) = categorised([_fact("参训学员满意度", "产出指标 › 质量指标")])
    assert (fact.category, fact.category_confidence) == ("质量指标", 1.0)


def test_classifier_fills_unstated_categories():
    satisfied, count = categorised([_fact("服务对象满意度"), _fact("培训干部人数")])
    assert satisfied.category == "服务对象满意度指标"
    assert count.category == "数量指标"
    assert 0.0 < count.category_confidence <= 1.0


def test_fact_without_indicator_gets_no_category():
    (fact,) = categorised([_fact(None)])
    assert fact.category is None and fact.category_confidence is None
