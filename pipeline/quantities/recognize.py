"""Find MONEY, COUNT and PERCENT spans in text (ANNOTATION_GUIDE boundaries).

``find_quantities(text)`` returns :class:`Quantity` objects with character
offsets into ``text`` (code points, end exclusive) and, by default, the
normalisation from :mod:`pipeline.quantities.normalize`.

Candidates come from :func:`pipeline.quantities.patterns.load_patterns`, found
in the reading text of :func:`pipeline.quantities.layout.reading_text` (table
cells apart, so no span crosses a cell boundary; OCR garble in numbers undone);
the filters below then drop what the guide says is not a quantity:

* ordinals (第五届, 第一批, 第3名, 前10名);
* a unit character that is really the start of another word (一次性, 3个月,
  十分钟, 1人才, 个小时) — the ``followers`` table of ``quantity_units.json``;
* article-like 一 with a measure word before a noun or verb (开展一次检查,
  是一所…医院, R19); 一次 alone (减少为一次) stays a count;
* numbers inside set phrases and slogans (``quantity_slogans.txt``: 四个意识,
  三会一课, 十四五, 三个100%, 一对一, 一批 …) and patterned slogans 一X一Y
  (一村一品, 一人一档);
* numbers inside short quotations or book titles (“五个重用”, 《…十二条措施》);
* Chinese numerals glued to a preceding word (统一, 唯一, 同一个, 每一个);
* durations (培训3个月, 连续5天) unless they are the value, target or change
  of a time indicator (R16): an indicator word earlier in the clause or row
  (超标天数12天, 平均审结时间 | ≤38天 | 33天, 较上年缩短4天) or a time limit
  (批复后15日内) — ``measured_durations``; 年 and 日 of a date never;
* page furniture (第 2 页 共 5 页), the 100% of a formula (…×100%, R15) and
  sport events (女子1500米, 55公斤级);
* phone numbers and hotlines;
* policy names such as 关心关爱干部二十条 (Chinese-numeral 条/项 glued to a noun,
  ``policy_name_counts`` in ``quantity_units.json``).

A line that opens with a list number glued to a count (5.2所学校入选…) gives
the count alone (2所). Ages, document numbers, headings and 届 never match at
all because 岁, 号, 届 are not units, headings carry no unit, and a number never
starts inside another number or a Latin token.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from pipeline.regex_scan import finditer_at_starts

from .grammar import NumeralError, NumeralOutOfRange, parse_numeral
from .layout import reading_text
from .normalize import Normalized, normalize_quantity
from .numerals import parse_number
from .patterns import CN_ALL, TENTHS, load_patterns, load_units

__all__ = ["CONTEXT_CHARS", "Quantity", "find_quantities"]

CONTEXT_CHARS = 8  # characters of left/right context handed to the normaliser

_MONEY, _COUNT, _PERCENT = "MONEY", "COUNT", "PERCENT"
# characters that glue a following Chinese numeral into a word (统一, 唯一, 同一个, 每一个)
_CN_GLUE_BEFORE = frozenset("第统唯同逐初周专单均合划归每某任另这那哪其不之礼新上下无" + CN_ALL)
_QUOTES = {"“": "”", "《": "》", "「": "」", "『": "』", "‘": "’", "〈": "〉"}
_QUOTE_CLOSERS = frozenset(_QUOTES.values())  # a set: looked up per character below
_QUOTE_MAX = 25
_PHONE_CONTEXT = re.compile(r"(?:电话|热线|传真|手机|联系方式|座机|服务号)[:：\s]*$")
# 一人一档, 一户一策, 一家一档: numerals in a patterned slogan; X and Y are not
# numeral characters nor 点 (一万一千五百, 一百一十二, 一点一元 are numbers)
_SLOGAN_PATTERN = re.compile(rf"一([^\W\d{CN_ALL}点])一[^\W\d{CN_ALL}]")
_MAX_TENTHS = 10  # 十成 is the whole; 20成 is no percent
# a span that may reach grammar.MAX_VALUE: evaluated even when not normalising
_MAYBE_HUGE = re.compile(r"(?:\d[,，.]?){9}|[亿億]")


def _policy_rules() -> tuple[frozenset[str], tuple[str, ...], int]:
    d = load_units().get("policy_name_counts", {})
    return (
        frozenset(d.get("units", [])),
        tuple(d.get("count_before", [])),
        int(d.get("min_value", 10)),
    )


_POLICY_UNITS, _POLICY_COUNT_BEFORE, _POLICY_MIN = _policy_rules()


def _duration_rules() -> tuple[re.Pattern, int, re.Pattern, re.Pattern]:
    d = load_units()["measured_durations"]
    reach = int(d["window"])
    names = _words(d["indicators"])
    # an indicator word in the same clause, at most `reach` characters before
    indicator = re.compile(rf"(?:{names})[^{_CLAUSE_BREAKS}]{{0,{reach}}}$")
    before = re.compile(rf"(?:{_words(d['limit_before'])})[ \t]?$")
    after = re.compile(rf"[ \t]?(?:{_words(d['limit_after'])})")
    longest = max(map(len, d["indicators"]))
    return indicator, reach + longest, before, after


def _words(words: list[str]) -> str:
    return "|".join(map(re.escape, sorted(words, key=len, reverse=True)))


_CLAUSE_BREAKS = "，。；;！？!?\n"
_DURATION_INDICATOR, _DURATION_REACH, _LIMIT_BEFORE, _LIMIT_AFTER = _duration_rules()
_DATE_UNITS = frozenset("年日")  # 2023年, 3月12日: a date part, not a duration
_DATE_BEFORE = re.compile(r"月 ?$")  # 3月12日
_YEAR_DIGITS = re.compile(r"\d{4}")
# a duration that fills its cell or line, with at most a comparison sign before
# and a qualifier after it
_CELL_OPEN = re.compile(r"(?:^|(?<=[\n\t]))[ ]*(?:[≤≥<>=]=?)?[ ]*$")
_CELL_CLOSE = re.compile(r"[ ]*(?:以内|以下|以上|左右)?[ ]*(?:$|[\n\t])")
# a duration scored in a rule (不超过15天得4分, 实际完成9天，得4分), but never a
# rule's step (每多2天扣2分: R16)
_SCORED = re.compile(r"(?:以内|以下|以上)?[，,]?[得扣]\d")
_STEP = re.compile(r"每[^，。；\n]{0,4}$")
_PAGE_FOOTER = re.compile(r"第\s*\d+\s*页\s*[,，/]?\s*共\s*$")
_FORMULA = re.compile(r"[×*][ \t]*$")  # 执行率=执行数÷预算数×100%: a formula (R15)
_LIST_NUMBER = re.compile(r"\d{1,2}\.(?=\d+[^\d.])")
_LINE_START = re.compile(r"(?:^|\n)[ \t]*$")
_BARE_SCALES = frozenset("百千万几数")  # 百余人, 几十个: approximate openings


def _unit_words() -> tuple[frozenset[str], frozenset[str], frozenset[str], tuple[str, ...]]:
    u = load_units()
    return (
        frozenset(u["count"]) - frozenset(u["percent_points"]),
        frozenset(u["measures"]),
        frozenset(u["fractional_measure_words"]["words"]),
        tuple(u["sport_event_before"]["words"]),
    )


_MEASURE_WORDS, _MEASURES, _FRACTIONAL, _SPORT_EVENT_BEFORE = _unit_words()


def _is_policy_name(text: str, start: int, span: str) -> bool:
    """干部二十条, 社区工作者十六项: a Chinese-numeral 条/项 glued to a noun names a policy."""
    if span[-1] not in _POLICY_UNITS or span[0].isdigit() or start == 0:
        return False
    prev = text[start - 1]
    if not ("\u4e00" <= prev <= "\u9fff"):
        return False
    if text[:start].endswith(_POLICY_COUNT_BEFORE):
        return False
    try:
        return parse_number(span[:-1]) >= _POLICY_MIN
    except ValueError:
        return False


@dataclass(frozen=True)
class Quantity:
    start: int
    end: int
    label: str
    text: str
    norm: Normalized | None = field(default=None, compare=False)

    def as_span(self, span_id: str = "", role: str = "value") -> dict:
        """Guide-format span dict (ANNOTATION_GUIDE, Records)."""
        d = {
            "id": span_id,
            "start": self.start,
            "end": self.end,
            "label": self.label,
            "text": self.text,
            "role": role,
        }
        return d


def _label(groups: dict[str, str | None], pats) -> str:
    if groups.get("pct_word") or groups.get("fraction") or groups.get("pct_range"):
        return _PERCENT
    if groups.get("pct_self") or groups.get("per_base"):
        return _PERCENT
    if groups.get("pct") or groups.get("points") or groups.get("tenths"):
        return _PERCENT
    if groups.get("money") or groups.get("yuan_jiao"):
        return _MONEY
    if groups.get("range"):
        return _MONEY if groups.get("range_unit") in pats.money_units else _COUNT
    return _COUNT


def _unit_at_end(span: str, pats) -> str:
    """The longest listed unit that ends the span (人次, not 次), before a rate's '/'."""
    core = span.split("/", 1)[0]
    units = _unit_set(pats)
    for n in range(min(len(core), _MAX_UNIT), 0, -1):
        if core[-n:] in units:
            return core[-n:]
    return ""


_MAX_UNIT = 8
_UNIT_SET: frozenset[str] | None = None


def _unit_set(pats) -> frozenset[str]:
    global _UNIT_SET
    if _UNIT_SET is None:
        _UNIT_SET = (
            frozenset(pats.followers)
            | pats.money_units
            | pats.count_units
            | pats.duration_units
            | {TENTHS}
        )
    return _UNIT_SET


def _inside_quote(text: str, start: int, end: int) -> bool:
    lo = max(0, start - _QUOTE_MAX)
    for i in range(start - 1, lo - 1, -1):
        ch = text[i]
        if ch in _QUOTE_CLOSERS:
            return False
        if ch in _QUOTES:
            close = _QUOTES[ch]
            j = text.find(close, end, i + 1 + _QUOTE_MAX + 1)
            if j == -1:
                return False
            inner = text[i + 1 : j]
            return not any(o in inner for o in _QUOTES) and len(inner) <= _QUOTE_MAX
    return False


def _slogan_spans(text: str, pats) -> list[tuple[int, int]]:
    out = []
    if pats.slogans is not None:
        for m in pats.slogans.finditer(text):
            s = m.start()
            # 十分 inside 九十分 is a score, not the adverb
            if (
                s > 0
                and m.group()[0] in CN_ALL
                and (text[s - 1] in CN_ALL or text[s - 1].isdigit())
            ):
                continue
            out.append((s, m.end()))
    for m in _SLOGAN_PATTERN.finditer(text):  # 一人一档, 一户一策
        if m.group(1) in "个次":  # 一个一个, 一次一次: repetition, not a slogan
            continue
        out.append((m.start(), m.end()))
    return out


def _tenths_ok(span: str) -> bool:
    """七成, 9成: a number of tenths no larger than ten."""
    try:
        return parse_numeral(span[: span.index(TENTHS)]).value <= _MAX_TENTHS
    except NumeralError:
        return False


def _out_of_range(span: str) -> bool:
    """The span's quantity reaches grammar.MAX_VALUE (checked without normalising)."""
    try:
        normalize_quantity(span)
    except NumeralOutOfRange:
        return True
    except (ValueError, ArithmeticError):
        return False
    return False


def candidates(text: str, pats=None) -> Iterator[re.Match[str]]:
    """``pats.candidate.finditer(text)``, trying the pattern only where a
    candidate can start (``patterns.starts_pattern``). The same matches: a
    candidate is never empty, and ``match`` at a position sees the text before
    it, as the look-behinds need."""
    pats = pats or load_patterns()
    return finditer_at_starts(pats.starts, pats.candidate, text)


def find_quantities(text: str, normalize: bool = True) -> list[Quantity]:
    """All MONEY/COUNT/PERCENT spans of ``text``, in order, non-overlapping."""
    pats = load_patterns()
    norm_text = reading_text(text)
    slogans = None  # computed lazily: most texts have no candidate near a slogan
    out: list[Quantity] = []
    for m in candidates(norm_text, pats):
        start, end = _after_list_number(norm_text, m.start(), m.end(), pats), m.end()
        span = norm_text[start:end]
        groups = m.groupdict()
        if _rejected(norm_text, start, end, groups, pats):
            continue
        # 五分之一, 万分之三: this 分 is not the one of the set phrases 十分, 万分
        if not (groups.get("fraction") or groups.get("pct_word")):
            if slogans is None:
                slogans = _slogan_spans(norm_text, pats)
            if any(s < end and start < e for s, e in slogans):
                continue
        if groups.get("tenths") and not _tenths_ok(span):
            continue  # 20成 is no percent
        label = _label(groups, pats)
        norm = None
        if normalize:
            left = norm_text[max(0, start - CONTEXT_CHARS) : start]
            right = norm_text[end : end + CONTEXT_CHARS]
            try:
                norm = normalize_quantity(span, left, right)
            except NumeralOutOfRange:
                continue  # past 10^16: not a quantity (grammar.MAX_VALUE)
            except (ValueError, ArithmeticError):
                norm = None
        elif _MAYBE_HUGE.search(span) and _out_of_range(span):
            continue
        out.append(Quantity(start=start, end=end, label=label, text=text[start:end], norm=norm))
    return out


def _rejected(text: str, start: int, end: int, groups: dict, pats) -> bool:
    """Whether the guide says the candidate ``text[start:end]`` is no quantity."""
    span = text[start:end]
    chinese = not span[0].isdigit()
    # ordinals: 第五届, 第 3 名, 前10名
    k = start - 1
    while k >= 0 and text[k] in " \u3000":
        k -= 1
    prev = text[k] if k >= 0 else ""
    if prev == "第" or (prev == "前" and span[-1] in "名位强"):
        return True
    glue = chinese and not groups.get("fraction") and span[0] not in _BARE_SCALES
    if glue and prev and prev in _CN_GLUE_BEFORE:
        return True  # 统一, 唯一, 同一个, 每一个
    # unit glued to the next word: 一次性, 3个月, 十分钟, 1人才
    unit = _unit_at_end(span, pats)
    if unit in pats.followers and text.startswith(pats.followers[unit], end):
        return True
    nxt = text[end : end + 1]
    if _is_duration(groups, pats) and not _measured_duration(text, start, end, unit):
        return True  # 培训3个月, 连续5天: a duration, not a measured quantity
    if chinese and span[0] == "一" and span[1:] == unit and _article_one(nxt, unit, pats):
        return True  # 储备一支1824人的…, 开展一次检查: an article (R19)
    return (
        _is_policy_name(text, start, span)
        or _PHONE_CONTEXT.search(text, 0, start) is not None
        or _inside_quote(text, start, end)
        or _is_page_furniture(text, start, unit)
        or (unit in _MEASURES and text.endswith(_SPORT_EVENT_BEFORE, 0, start))
        or (bool(groups.get("pct")) and _FORMULA.search(text, max(0, start - 4), start) is not None)
    )


def _article_one(nxt: str, unit: str, pats) -> bool:
    """一 and its measure word before a number or a noun: an article, not a count."""
    return nxt.isdigit() or ((_is_cjk(nxt) or nxt in "“《") and unit in pats.count_units)


def _is_cjk(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff"


def _is_duration(groups: dict, pats) -> bool:
    return bool(groups.get("duration")) or groups.get("range_unit") in pats.duration_units


def _measured_duration(text: str, start: int, end: int, unit: str) -> bool:
    """R16: the value, target or change of a time indicator (平均审结时间 | ≤38天,
    较上年缩短4天, 批复后15日内), never a date part (2023年, 3月12日)."""
    if unit in _DATE_UNITS and (
        _DATE_BEFORE.search(text, max(0, start - 2), start) or _YEAR_DIGITS.match(text, start)
    ):
        return False
    if _DURATION_INDICATOR.search(text, max(0, start - _DURATION_REACH), start):
        return True
    if _LIMIT_BEFORE.search(text, max(0, start - 8), start) and _LIMIT_AFTER.match(text, end):
        return True  # 批复后15日内
    if _CELL_OPEN.search(text, max(0, start - 8), start) and _CELL_CLOSE.match(text, end):
        return True  # a cell of its own (≤20个工作日): a row's value, not a framing period
    return bool(_SCORED.match(text, end)) and not _STEP.search(text, max(0, start - 8), start)


def _is_page_furniture(text: str, start: int, unit: str) -> bool:
    """第 2 页 共 5 页: the page count of a footer."""
    return unit == "页" and _PAGE_FOOTER.search(text, max(0, start - 16), start) is not None


def _after_list_number(text: str, start: int, end: int, pats) -> int:
    """Where a line-opening 5.2所 really starts: list item 5 and a count 2所
    (a measure word that takes no decimals, a counted noun after it); ``start``
    for everything else."""
    if "." not in text[start + 1 : start + 3]:
        return start  # the common case, decided without a regex
    m = _LIST_NUMBER.match(text, start)
    if m is None or (start and not _LINE_START.search(text, max(0, start - 64), start)):
        return start
    unit = _unit_at_end(text[start:end], pats)
    after = text[end : end + 1]
    if unit in _FRACTIONAL or unit not in _MEASURE_WORDS or not _is_cjk(after) or after in "以左":
        return start  # 2.6人以上: a decimal with its qualifier
    return m.end()
