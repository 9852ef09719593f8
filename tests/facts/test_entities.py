"""pipeline/facts/entities.py: the rule ACHIEVEMENTs added beside the tagger's
entities, and the INDICATORs of running text that no fact measures, dropped."""

from __future__ import annotations

from pipeline.facts.entities import measured_indicators, with_rule_achievements
from pipeline.ingest import read_text_document
from pipeline.schema import FactRow

TEXT = "获评“全国示范性老年友好型社区”，培训质量较好。\n"


def test_rule_achievement_added_where_no_entity_lies(entity):
    doc = read_text_document(TEXT, "t.txt")
    added = with_rule_achievements(doc, [entity(doc, "INDICATOR", "培训质量")])
    assert [(e.label, e.text) for e in added] == [
        ("ACHIEVEMENT", "全国示范性老年友好型社区"),
        ("INDICATOR", "培训质量"),
    ]


def test_tagged_span_wins_unless_replacing_a_tagged_achievement(entity):
    doc = read_text_document(TEXT, "t.txt")
    tagged = [entity(doc, "ACHIEVEMENT", "示范性老年友好型社区")]
    assert with_rule_achievements(doc, tagged) == tagged
    replaced = with_rule_achievements(doc, tagged, replace=True)
    assert [e.text for e in replaced] == ["全国示范性老年友好型社区"]


def _measuring(doc, indicator) -> FactRow:
    return FactRow(
        doc.id, "f", "text", "COUNT", "value", "5项", 0, 2, 5.0, "项", 5.0, "项", None,
        indicator=indicator.text, indicator_start=indicator.start, indicator_end=indicator.end,
    )  # fmt: skip


def test_unmeasured_running_text_indicator_goes(entity):
    doc = read_text_document("完成培训5项，培训质量较好。\n（1）预算编制合理性\n", "t.txt")
    measured, unmeasured = entity(doc, "INDICATOR", "培训"), entity(doc, "INDICATOR", "培训质量")
    heading = entity(doc, "INDICATOR", "预算编制合理性")
    kept = measured_indicators(
        doc, [measured, unmeasured, heading], [_measuring(doc, measured)], []
    )
    assert [e.text for e in kept] == ["培训", "预算编制合理性"]
