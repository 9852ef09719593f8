"""pipeline/facts/text_facts.py: facts of the quantities of running text."""

from __future__ import annotations

from pipeline.facts.text_facts import quantity_fact, text_facts
from pipeline.ingest import read_text_document


def test_quantity_fact_normalises_with_its_context(entity):
    doc = read_text_document("资金执行率不低于95%。\n", "t.txt")
    fact = quantity_fact(doc, entity(doc, "PERCENT", "95%"), 7)
    assert (fact.fact_id, fact.role, fact.normalized_value, fact.qualifier) == (
        f"{doc.id}#f0007",
        "value",
        95.0,
        ">=",
    )


def test_a_span_the_normaliser_cannot_read_stays_unnormalised(entity):
    doc = read_text_document("完成若干项。\n", "t.txt")
    fact = quantity_fact(doc, entity(doc, "COUNT", "若干项"), 0)
    assert (fact.text, fact.value, fact.normalized_value) == ("若干项", None, None)


def test_roles_sentences_and_links(entity):
    text = "年末总资产 169.57 万元，占总资产的 3.74%。\n"
    doc = read_text_document(text, "t.txt")
    ents = [entity(doc, "MONEY", "169.57 万元"), entity(doc, "PERCENT", "3.74%")]
    facts = text_facts(doc, ents, taken=set(), cue_fallback=True)
    assert [(f.text, f.indicator) for f in facts] == [
        ("169.57 万元", "年末总资产"),
        ("3.74%", "年末总资产"),
    ]
    assert [f.role for f in facts] == ["value", "value"]
    assert {f.sentence for f in facts} == {"年末总资产 169.57 万元，占总资产的 3.74%"}


def test_quantities_the_tables_hold_are_left_out(entity):
    doc = read_text_document("完成 5 项。\n", "t.txt")
    count = entity(doc, "COUNT", "5 项")
    assert text_facts(doc, [count], taken={(count.start, count.end)}, cue_fallback=True) == []


def test_score_line_measures_the_heading_above(entity):
    text = "（1）预算编制合理性\n该指标分值 5 分。\n"
    doc = read_text_document(text, "t.txt")
    points = entity(doc, "COUNT", "5 分")
    (fact,) = text_facts(doc, [points], taken=set(), cue_fallback=False)
    assert (fact.role, fact.indicator) == ("weight", "预算编制合理性")
