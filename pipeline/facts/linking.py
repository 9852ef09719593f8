"""MEASURES links from quantities to the INDICATOR they measure, in running text.

Order of preference inside a clause (text between ，。；：！？):

1. the nearest INDICATOR left of the quantity and right of the previous quantity
   ("A 6 分、B 5 分": each gets its own);
2. the nearest INDICATOR right of it, before the next quantity (457个【基层党组织】);
3. the indicator of the previous quantity in the clause (5期2500册: both measure it);
4. a clause with no INDICATOR inherits from the previous quantity of the sentence
   ("其中…占总资产的 3.74%", "收入决算数 3706.87 万元", D9).

Weight and score lines that name no indicator ("该指标分值 5 分，自评得分 4.5 分",
a closing "自评得分8分") measure the numbered heading "（n）X" above them (D7).

With ``cue_fallback``, a quantity whose clause holds no INDICATOR entity takes
the one ``cues.cue_indicator`` reads from the words around it; words that only
name a role or a comparison (实际, 调整预算, 高于, 得) refer back to the previous
quantity's indicator, or to the name before the clause's colon
("（1）补贴面积核实准确率：指标值≥98%").
"""

from __future__ import annotations

import re
from bisect import bisect_left
from functools import lru_cache

from pipeline.facts.cues import (
    Cue,
    Mention,
    cue_indicator,
    is_budget_line,
    is_budget_name,
    is_role_word,
    label_before,
)
from pipeline.resources.vocabulary import CLAUSE_BREAKS, SENTENCE_BREAKS

__all__ = [
    "REFERS_TO_HEADING",
    "Cue",
    "Mention",
    "clause_bounds",
    "cue_indicator",
    "heading_name",
    "is_heading_score_line",
    "link_clause_quantities",
    "sentence_bounds",
]

CLAUSE_BREAK = re.compile(f"[{CLAUSE_BREAKS}]")
SENTENCE_BREAK = re.compile(f"[{SENTENCE_BREAKS}]")


def clause_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """The clause of ``text`` around [start, end)."""
    return _bounds(text, start, end, CLAUSE_BREAK)


def sentence_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    return _bounds(text, start, end, SENTENCE_BREAK)


# The break characters of each pattern (the patterns are these one-character
# classes; tests/facts/test_linking.py pins it).
_BREAK_CHARS = {
    CLAUSE_BREAK: frozenset(CLAUSE_BREAKS),
    SENTENCE_BREAK: frozenset(SENTENCE_BREAKS),
}


def _bounds(text: str, start: int, end: int, pattern: re.Pattern[str]) -> tuple[int, int]:
    """From ``start`` left and from ``end`` right to the nearest break (excluded)."""
    if pattern not in _BREAK_CHARS:
        left = start
        while left > 0 and not pattern.match(text[left - 1]):
            left -= 1
        right = end
        while right < len(text) and not pattern.match(text[right]):
            right += 1
        return left, right
    # The last break before start and the first at or after end, by bisection in
    # the document's break positions (found once per document, not per fact).
    breaks = _break_positions(text, pattern)
    i = bisect_left(breaks, start)
    j = bisect_left(breaks, end)
    return (breaks[i - 1] + 1 if i else 0), (breaks[j] if j < len(breaks) else len(text))


@lru_cache(maxsize=8)
def _break_positions(text: str, pattern: re.Pattern[str]) -> list[int]:
    # A few documents at a time: the facts of one document ask about the same text.
    return [m.start() for m in pattern.finditer(text)]


# ----------------------------------------------------------------- headings (D7)
HEADING = re.compile(r"^\s*[（(]\s*(\d{1,2})\s*[)）]\s*(?P<name>[^。；;，,]{2,40}?)\s*[。.]?\s*$")
# Words that point back to the indicator of the heading above: 该指标分值 5 分.
REFERS_TO_HEADING = re.compile(r"该指标|该项指标|本指标")
# A weight or score line that names no indicator itself (DECISIONS D7).
HEADING_SCORE_LINE = re.compile(
    rf"^\s*(?:{REFERS_TO_HEADING.pattern}|指标分值|自评得分\s*[\d.]+\s*分\s*$)"
)


def heading_name(line_text: str, line_start: int) -> Mention | None:
    """The indicator named by a numbered heading line "（3）绩效目标合理性"."""
    m = HEADING.match(line_text)
    if not m:
        return None
    s, e = m.span("name")
    return Mention(line_start + s, line_start + e, m.group("name"))


def is_heading_score_line(sentence: str) -> bool:
    """A per-indicator weight or score line that names no indicator itself, so
    it measures the numbered heading above (D7)."""
    return bool(HEADING_SCORE_LINE.match(sentence))


# --------------------------------------------------------------------- linking
def link_clause_quantities(
    text: str,
    quantities: list[Mention],
    indicators: list[Mention],
    cue_fallback: bool,
    prefer_cues: bool = False,
) -> list[Mention | None]:
    """The indicator of each quantity (same order), by the rules in the module doc.

    ``text`` is the document text; quantities and indicators carry absolute offsets
    and belong to one paragraph. ``prefer_cues``: the cue's reading wins over a
    tagged INDICATOR in the clause (a measurement option, not the default).
    """
    out: list[Mention | None] = []
    for i, q in enumerate(quantities):
        cs, ce = clause_bounds(text, q.start, q.end)
        prev_q = quantities[i - 1] if i and quantities[i - 1].end > cs else None
        next_q = (
            quantities[i + 1] if i + 1 < len(quantities) and quantities[i + 1].start < ce else None
        )
        lo = prev_q.end if prev_q else cs
        hi = next_q.start if next_q else ce
        in_clause = [m for m in indicators if m.start >= cs and m.end <= ce]
        left = [m for m in in_clause if m.start >= lo and m.end <= q.start]
        right = [m for m in in_clause if m.start >= q.end and m.end <= hi]
        found: Mention | None = None
        first: Mention | None = None
        if prefer_cues:  # the cue's reading first, a tagged indicator where it has none
            cue = cue_indicator(text, lo, q.start, q.end, hi)
            if cue.mention is not None or cue.refers_back:
                first = _from_cue(text, quantities, out, i, cue)
        if first is not None:
            found = first
        elif left:
            found = max(left, key=lambda m: m.end)
        elif right:
            found = min(right, key=lambda m: m.start)
        elif prev_q is not None and out[i - 1] is not None and (in_clause or not cue_fallback):
            found = out[i - 1]
        elif cue_fallback and not in_clause:
            found = _from_cue(text, quantities, out, i, cue_indicator(text, lo, q.start, q.end, hi))
            if found is None and prev_q is not None:
                found = out[i - 1]
        elif not in_clause:
            found = _inherit(text, quantities, out, i)
        out.append(found)
    return out


def _from_cue(
    text: str, quantities: list[Mention], out: list[Mention | None], i: int, cue: Cue
) -> Mention | None:
    """The indicator a cue gives quantity ``i``, given the links before it."""
    before = _inherit(text, quantities, out, i)
    if cue.refers_back:
        own_line = cue.mention is not None and is_budget_name(cue.mention.text)
        # 追加预算…，全年预算…: a budget word after another budget line names its own
        if (
            before is not None
            and not is_role_word(before.text)
            and not (own_line and is_budget_line(before.text))
        ):
            return before
        q = quantities[i]
        return label_before(text, clause_bounds(text, q.start, q.end)[0]) or cue.mention
    found = cue.mention
    if found is None or before is None:
        return found
    if len(found.text) <= 2 and before.text.endswith(found.text):
        return before  # 财政拨款收入全年预算数 …，收入决算数 … (D9)
    return found


def _inherit(
    text: str, quantities: list[Mention], out: list[Mention | None], i: int
) -> Mention | None:
    """The indicator of the previous quantity in the same sentence."""
    if i == 0:
        return None
    ss, _ = sentence_bounds(text, quantities[i].start, quantities[i].end)
    if quantities[i - 1].start < ss:
        return None
    return out[i - 1]
