"""Scored lines of a scoring list (ANNOTATION_GUIDE R20, R21; LAYOUTS
``scoring_list``): an indicator named at the head of the line with its points,
then its scoring rule, then (often) what it achieved::

    （3）托养服务人数（5分）：满分5分，不低于1,381人得5分，每少138人扣2分。实际1,533人，得5分。
    B2 预算执行率（6分）评分标准：≥95%得6分；低于85%得2分。实际执行率91.6%，得4分。

Every figure of the rule (the first sentence) measures the named indicator;
in the sentences after it, a figure whose words name nothing of their own
(实际, 得, a bare verb, or the indicator's own head: 实际执行率 of 预算执行率)
and every score in points measure it too. Roles come from roles.text_role
(points a rule gives are weights, its thresholds and steps targets).
"""

from __future__ import annotations

import re

from pipeline.facts.cues import Mention, is_role_word
from pipeline.facts.roles import is_points
from pipeline.resources.vocabulary import CLAUSE_BREAKS, NUMBERING

_SCORED = re.compile(
    rf"^(?:{NUMBERING.pattern.lstrip('^')}|\s*[A-Za-z]\d{{1,2}}\s*[.．、]?\s*)?"
    rf"(?P<name>[^{CLAUSE_BREAKS}（(\s\d][^{CLAUSE_BREAKS}（(]{{1,40}}?)\s*[（(]\s*\d+(?:\.\d+)?\s*分"
)
_RULE_END = "。"
_ACTUAL = re.compile(r"^(?:实际|实有|完成)")


def scored_name(line: str, line_start: int) -> Mention | None:
    """The indicator a scored line names at its head, with document offsets."""
    m = _SCORED.match(line)
    if not m:
        return None
    s, e = m.span("name")
    return Mention(line_start + s, line_start + e, m.group("name"))


def _own_head(link: Mention, name: Mention) -> bool:
    """实际执行率 (of 预算执行率), 满意度 (of 农户满意度): the name's own head."""
    head = _ACTUAL.sub("", link.text)
    return len(head) >= 2 and name.text.endswith(head)


def scored_links(
    text: str,
    line_start: int,
    name: Mention,
    quantities: list[Mention],
    links: list[Mention | None],
) -> list[Mention | None]:
    """``links`` (of ``quantities``, one scored line) with the rule's figures,
    the scores and the figures that name nothing of their own on ``name``."""
    rule_end = text.find(_RULE_END, name.end)
    rule_end = len(text) if rule_end < 0 else rule_end
    out: list[Mention | None] = []
    for q, link in zip(quantities, links, strict=True):
        if q.start < line_start:
            out.append(link)
        elif (
            q.start < rule_end
            or is_points(q.text)
            or link is None
            or is_role_word(link.text)
            or _own_head(link, name)
        ):
            out.append(name)
        else:
            out.append(link)
    return out
