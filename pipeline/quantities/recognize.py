"""Find MONEY, COUNT and PERCENT spans in text (ANNOTATION_GUIDE boundaries).

``find_quantities(text)`` returns :class:`Quantity` objects with character
offsets into ``text`` (code points, end exclusive) and, by default, the
normalisation from :mod:`pipeline.quantities.normalize`.

Candidates come from :func:`pipeline.quantities.patterns.load_patterns`; the
filters below then drop what the guide says is not a quantity:

* ordinals (第五届, 第一批, 第3名, 前10名);
* a unit character that is really the start of another word (一次性, 3个月,
  十分钟, 1人才) — the ``followers`` table of ``quantity_units.json``;
* numbers inside set phrases and slogans (``quantity_slogans.txt``: 四个意识,
  三会一课, 十四五, 三个100%, 一对一, 一批 …) and patterned slogans 一X一Y
  (一村一品, 一人一档);
* numbers inside short quotations or book titles (“五个重用”, 《…十二条措施》);
* Chinese numerals glued to a preceding word (统一, 唯一, 同一个, 每一个);
* durations (培训3个月, 连续5天) unless an indicator that names a duration comes
  right before (超标天数19天, 可支付月数降至14.2个月: ``measured_durations``);
* phone numbers and hotlines;
* policy names such as 关心关爱干部二十条 (Chinese-numeral 条/项 glued to a noun,
  ``policy_name_counts`` in ``quantity_units.json``).

Years, dates, durations, ages, document numbers, headings and 届/周年 never
match at all because 年, 月, 日, 号, 岁, 届, 周 are not units, headings carry no
unit, and a number never starts inside another number or a Latin token.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from pipeline.regex_scan import finditer_at_starts

from .grammar import NumeralError, NumeralOutOfRange, parse_numeral
from .normalize import Normalized, normalize_quantity
from .numerals import parse_number, to_halfwidth
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


def _duration_rule() -> re.Pattern:
    d = load_units().get("measured_durations", {})
    names = "|".join(map(re.escape, sorted(d.get("indicators", []), key=len, reverse=True)))
    fill = "|".join(map(re.escape, sorted(d.get("fillers", []), key=len, reverse=True)))
    if not names:
        return re.compile(r"(?!)")
    return re.compile(rf"(?:{names})[ \u3000]?(?:(?:{fill})[ \u3000]?){{0,2}}$")


_MEASURED_DURATION = _duration_rule()


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
        _UNIT_SET = frozenset(pats.followers) | pats.money_units | pats.count_units | {TENTHS}
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
    norm_text = to_halfwidth(text)
    slogans = None  # computed lazily: most texts have no candidate near a slogan
    out: list[Quantity] = []
    for m in candidates(norm_text, pats):
        start, end = m.span()
        span = norm_text[start:end]
        groups = m.groupdict()
        is_fraction = bool(groups.get("fraction"))
        # 五分之一, 万分之三: this 分 is not the one of the set phrases 十分, 万分
        per_word = is_fraction or bool(groups.get("pct_word"))
        first = span[0]
        chinese = not first.isdigit()

        # ordinals: 第五届, 第 3 名, 前10名
        k = start - 1
        while k >= 0 and norm_text[k] in " \u3000":
            k -= 1
        prev = norm_text[k] if k >= 0 else ""
        if prev == "第":
            continue
        if prev == "前" and span[-1] in "名位强":
            continue
        if chinese and not is_fraction and prev and prev in _CN_GLUE_BEFORE:
            continue
        # unit glued to the next word: 一次性, 3个月, 十分钟, 1人才
        nxt = norm_text[end] if end < len(norm_text) else ""
        unit = _unit_at_end(span, pats)
        if nxt and unit in pats.followers and nxt in pats.followers[unit]:
            continue
        if groups.get("duration") and not _MEASURED_DURATION.search(
            norm_text, max(0, start - 16), start
        ):
            continue  # 培训3个月, 连续5天: a duration, not a measured quantity
        if chinese and span[0] == "一" and len(span) == 2 and nxt.isdigit():
            continue  # 储备一支1824人的…: 一支 is an article before the real count
        if _is_policy_name(norm_text, start, span):
            continue
        if _PHONE_CONTEXT.search(norm_text, 0, start):
            continue
        if _inside_quote(norm_text, start, end):
            continue
        if not per_word:
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
