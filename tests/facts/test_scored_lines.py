"""Scored lines of a scoring list (R20, R21): the named indicator, the rule's
weights and targets, and what was achieved."""

from __future__ import annotations

from pipeline.facts import process_document
from pipeline.facts.scored_lines import scored_name
from pipeline.ingest import read_text_document


def _facts(nlp, text: str) -> list[tuple[str, str, str | None]]:
    result = process_document(nlp, read_text_document(text, "t.txt"))
    return [(f.text, f.role, f.indicator) for f in result.facts]


def test_the_name_of_a_scored_line() -> None:
    assert scored_name("（3）入户走访户数（6分）：满分6分", 100).text == "入户走访户数"
    assert scored_name("B2 预算执行率（6分）评分标准：≥95%得6分", 0).text == "预算执行率"
    m = scored_name("三、项目产出（38分，得35.2分）", 10)
    assert (m.text, m.start) == ("项目产出", 12)
    assert scored_name("全年走访群众600户，得6分", 0) is None


def test_a_rule_links_every_figure_to_the_name(nlp) -> None:
    text = "（1）入户走访户数（6分）：满分6分，达到300户得6分，每少10户扣1分，扣完为止。\n"
    assert _facts(nlp, text) == [
        ("6分", "weight", "入户走访户数"),
        ("6分", "weight", "入户走访户数"),
        ("300户", "target", "入户走访户数"),
        ("6分", "weight", "入户走访户数"),
        ("10户", "target", "入户走访户数"),
        ("1分", "weight", "入户走访户数"),
    ]


def test_what_was_achieved_after_the_rule(nlp) -> None:
    text = "B2 预算执行率（6分）：≥95%得满分，每低1个百分点扣0.3分。实际执行率93.2%，得5.4分。\n"
    facts = _facts(nlp, text)
    assert ("93.2%", "value", "预算执行率") in facts
    assert ("5.4分", "score", "预算执行率") in facts
    assert ("1个百分点", "target", "预算执行率") in facts


def test_a_completion_line_names_nothing(nlp) -> None:
    # R21: under a scored line, in a record of its own: value and score, no link
    facts = _facts(nlp, "完成情况：实际完成312户，得5.5分。\n")
    assert facts == [("312户", "value", None), ("5.5分", "score", None)]
