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

Without INDICATOR entities (the rule layer alone) ``cue_indicator`` reads the
indicator from the words before the quantity (or the counted noun after it),
stripping scope words, years and linking verbs.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass
from functools import lru_cache

CLAUSE_BREAK = re.compile(r"[，,。；;：:！!？?\n]")
SENTENCE_BREAK = re.compile(r"[。！!？?\n]")


@dataclass(frozen=True, slots=True)
class Mention:
    """A span with offsets into the document text."""

    start: int
    end: int
    text: str


def clause_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """The clause of ``text`` around [start, end)."""
    return _bounds(text, start, end, CLAUSE_BREAK)


def sentence_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    return _bounds(text, start, end, SENTENCE_BREAK)


# The break characters of each pattern (the patterns are these one-character
# classes; tests/facts/test_speedups.py pins it).
_BREAK_CHARS = {
    CLAUSE_BREAK: frozenset("，,。；;：:！!？?\n"),
    SENTENCE_BREAK: frozenset("。！!？?\n"),
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
D7_SENTENCE = re.compile(r"^\s*(?:该指标|该项指标|本指标|指标分值|自评得分\s*[\d.]+\s*分\s*$)")


def heading_name(line_text: str, line_start: int) -> Mention | None:
    """The indicator named by a numbered heading line "（3）绩效目标合理性"."""
    m = HEADING.match(line_text)
    if not m:
        return None
    s, e = m.span("name")
    return Mention(line_start + s, line_start + e, m.group("name"))


def is_d7_line(sentence: str) -> bool:
    """A per-indicator score line that names no indicator itself (D7)."""
    return bool(D7_SENTENCE.match(sentence))


# ------------------------------------------------------------ cue-based indicators
_LEAD = re.compile(
    r"^(?:[（(、，,]|其中|以及|并且|并|且|和|及|另外|此外|同时|全年|今年|本年度|本年|年度|本部门|本单位|本部|我部|"
    r"我单位|我区|全区|全市|共计|共有|共|累计|合计|统筹|举办|开展|进行|实施|组织|完成了|完成|确定|认定|"
    r"明确|有|对|为|在|年末共|20\d\d\s*年度?|\d{1,2}\s*月份?|\s+)"
)
_TRAIL = re.compile(
    r"(?:为|是|达到|达|超过|超|近|约|共有|共计|共|累计|合计|计|≥|≤|>|<|不低于|不少于|不超过|"
    r"大于|小于|均|分别|已|安排|的|了|全年预算数|年初预算数|调整预算数|预算数|决算数|执行数|\s+)$"
)
_SCORE_NAME = re.compile(r"(自评得分|绩效得分|最终得分|综合得分|评价得分|总得分|得分|总分)$")
_INHERIT = re.compile(r"^(?:占|完成预算|其中占|比上年|同比|较上年)")
_RIGHT_STOP = re.compile(
    r"[的，,。；;：:！!？?（(、\s]|开展|参加|参与|发放|进行|安装|实现|获得|获评|完成"
)
_CUT_AFTER = re.compile(r".*(?:的|在|向|对|给|将|把|使)")
_MAX_INDICATOR = 16
_SCOPE_END = re.compile(r"(?:全区|全市|全县|全省|全镇|各|对|向|为)\s*$")


def _strip(text: str, offset: int) -> tuple[str, int]:
    """Strip leading and trailing function words repeatedly; return the text and its start."""
    while True:
        m = _LEAD.match(text)
        if m and m.end() and m.end() < len(text):
            offset += m.end()
            text = text[m.end() :]
            continue
        m = _TRAIL.search(text)
        if m and m.start() > 0:
            text = text[: m.start()]
            continue
        return text, offset


def cue_indicator(text: str, lo: int, q_start: int, q_end: int, hi: int) -> Mention | None | str:
    """An indicator for the quantity at [q_start, q_end) read from ``text[lo:hi]``.

    Returns a Mention, ``"inherit"`` when the clause refers back to the previous
    quantity (占总资产的 3.74%), or None.
    """
    window = text[lo:q_start]
    if _INHERIT.match(window.strip()):
        return "inherit"
    score = _SCORE_NAME.search(window.rstrip(" 为是："))
    if score:
        s = lo + score.start()
        return Mention(s, s + len(score.group(1)), score.group(1))
    if _SCOPE_END.search(window):  # 引领全区457个【基层党组织】: the counted noun
        noun = _right_noun(text, q_end, hi)
        if noun is not None:
            return noun
    phrase, start = _strip(window, lo)
    phrase = phrase.rstrip()
    if len(phrase) > _MAX_INDICATOR:
        m = _CUT_AFTER.match(phrase)
        if m and len(phrase) - m.end() >= 2:
            start += m.end()
            phrase = phrase[m.end() :]
        if len(phrase) > _MAX_INDICATOR:
            start += len(phrase) - _MAX_INDICATOR
            phrase = phrase[-_MAX_INDICATOR:]
    if len(phrase) >= 2 and not re.fullmatch(r"[\W\d]+", phrase):
        return Mention(start, start + len(phrase), phrase)
    # 457个【基层党组织】开展…: the counted noun after the quantity
    return _right_noun(text, q_end, hi)


def _right_noun(text: str, q_end: int, hi: int) -> Mention | None:
    right = text[q_end:hi]
    lead = len(right) - len(right.lstrip())
    right = right.lstrip()
    stop = _RIGHT_STOP.search(right)
    noun = right[: stop.start()] if stop else right
    noun = noun[:_MAX_INDICATOR]
    if len(noun) >= 2 and not re.fullmatch(r"[\W\d]+", noun):
        s = q_end + lead
        return Mention(s, s + len(noun), noun)
    return None


# --------------------------------------------------------------------- linking
def link_clause_quantities(
    text: str,
    quantities: list[Mention],
    indicators: list[Mention],
    cue_fallback: bool,
) -> list[Mention | None]:
    """The indicator of each quantity (same order), by the rules in the module doc.

    ``text`` is the document text; quantities and indicators carry absolute offsets
    and belong to one paragraph.
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
        if left:
            found = max(left, key=lambda m: m.end)
        elif right:
            found = min(right, key=lambda m: m.start)
        elif prev_q is not None and out[i - 1] is not None and (in_clause or not cue_fallback):
            found = out[i - 1]
        elif cue_fallback and not in_clause:
            cue = cue_indicator(text, lo, q.start, q.end, hi)
            if cue == "inherit":
                found = _inherit(text, quantities, out, i)
            elif isinstance(cue, Mention):
                found = cue
                before = _inherit(text, quantities, out, i)
                if before is not None and len(cue.text) <= 2 and before.text.endswith(cue.text):
                    found = before  # 财政拨款收入全年预算数 …，收入决算数 … (D9)
            elif prev_q is not None:
                found = out[i - 1]
        elif not in_clause:
            found = _inherit(text, quantities, out, i)
        out.append(found)
    return out


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
