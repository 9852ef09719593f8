"""Normalise a quantity span: value, unit, value in base units and qualifier.

``normalize_quantity(span_text, left, right)`` reads the span itself (numeral,
inner approximator 余/多/来, multiplier 万/亿/千, unit, rate denominator, range)
and the words around it that the guide keeps outside the span (≥, 超, 近, 约,
不低于, 以上, 左右 …).  Base units (ANNOTATION_GUIDE, Facts): 元 for money; the
measure word for counts (4.6 万人次 → 46000 人次); percent as a number
(95% → 95.0, 5‰ → 0.5, 五分之一 → 20.0, 一半 → 50.0, 12.4/10万 → 0.0124).

Qualifier precedence: an explicit word on the left (≥, 不低于, 超过, 近, 约 …),
then one on the right (以上, 以下, 以内, 左右), then an inner approximator
(余/多 → ">", 来 → "approx").  Ranges (3-5人) carry ``value_max`` and no
qualifier; an approximate range (三五人, 二三十个) is a range too. 近 and 上 before
a bare 百/千/万 (近百人, 上千人) give "approx" and ">=".
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass
from decimal import Decimal

from .grammar import APPROXIMATORS, Numeral, multiplier_value, parse_numeral
from .numerals import to_halfwidth
from .patterns import (
    FEN,
    HALF_TENTH,
    JIAO,
    MINUS_SIGNS,
    RANGE_SEP,
    TENTHS,
    YUAN,
    count_units,
    load_units,
)

__all__ = ["Normalized", "normalize_quantity", "read_qualifier"]

Qualifier = str | None  # ">=", "<=", ">", "<", "approx" or None


@dataclass(frozen=True)
class Normalized:
    value: float
    unit: str
    normalized: float
    base_unit: str
    qualifier: Qualifier = None
    value_max: float | None = None
    normalized_max: float | None = None

    def as_dict(self) -> dict:
        return asdict(self)


# --- qualifier words -----------------------------------------------------------
_LEFT_WORDS: list[tuple[str, str]] = [
    # order matters only through longest-first sorting below
    ("大于等于", ">="),
    ("大于或等于", ">="),
    ("不低于", ">="),
    ("不少于", ">="),
    ("不小于", ">="),
    ("不得低于", ">="),
    ("不得少于", ">="),
    ("至少", ">="),
    ("最少", ">="),
    ("起码", ">="),
    ("≥", ">="),
    (">=", ">="),
    ("≧", ">="),
    ("小于等于", "<="),
    ("小于或等于", "<="),
    ("不超过", "<="),
    ("不超出", "<="),
    ("不高于", "<="),
    ("不多于", "<="),
    ("不大于", "<="),
    ("不得超过", "<="),
    ("最多", "<="),
    ("至多", "<="),
    ("控制在", "<="),
    ("≤", "<="),
    ("<=", "<="),
    ("≦", "<="),
    ("超过", ">"),
    ("超出", ">"),
    ("高于", ">"),
    ("多于", ">"),
    ("大于", ">"),
    ("逾", ">"),
    ("超", ">"),
    (">", ">"),
    ("低于", "<"),
    ("少于", "<"),
    ("小于", "<"),
    ("不足", "<"),
    ("不到", "<"),
    ("<", "<"),
    ("将近", "approx"),
    ("接近", "approx"),
    ("近", "approx"),
    ("大约", "approx"),
    ("大概", "approx"),
    ("约", "approx"),
    ("预计", None),
    ("共", None),
    ("最近", None),
    ("附近", None),
    ("临近", None),
    ("就近", None),
]
_LEFT_WORDS.sort(key=lambda kv: len(kv[0]), reverse=True)
_RIGHT_WORDS: list[tuple[str, str]] = [
    ("及以上", ">="),
    ("以上", ">="),
    ("之上", ">="),
    ("及以下", "<="),
    ("以下", "<="),
    ("以内", "<="),
    ("之内", "<="),
    ("左右", "approx"),
    ("上下", "approx"),
]
# words that may stand between a qualifier and the number: 超过了, 约为, 达到
_LEFT_FILLER = re.compile(r"(?:了|为|是|有|达|达到|共计|共|计|累计|合计)$")
_LEFT_MAP = dict(_LEFT_WORDS)
_LEFT_RE = re.compile("(?:" + "|".join(re.escape(w) for w, _ in _LEFT_WORDS) + ")$")
_RIGHT_MAP = dict(_RIGHT_WORDS)
_RIGHT_RE = re.compile("|".join(re.escape(w) for w, _ in _RIGHT_WORDS))


def read_qualifier(left: str = "", right: str = "", inner: str | None = None) -> Qualifier:
    """Qualifier from the context left and right of a span and its inner approximator."""
    left = to_halfwidth(left).rstrip(" \u3000\t")
    for _ in range(2):  # 超过了 / 约为 / 超过了共
        m = _LEFT_RE.search(left, max(0, len(left) - 6))
        if m and _LEFT_MAP[m.group()] is not None:
            return _LEFT_MAP[m.group()]
        stripped = _LEFT_FILLER.sub("", left).rstrip(" \u3000")
        if stripped == left:
            break
        left = stripped
    right = to_halfwidth(right).lstrip(" \u3000")
    m = _RIGHT_RE.match(right)
    if m:
        return _RIGHT_MAP[m.group()]
    if inner:
        return APPROXIMATORS.get(inner)
    return None


# --- span parsing -----------------------------------------------------------------
_RANGE_SPLIT = re.compile(rf"\s?{RANGE_SEP}\s?")
_ALT_UNIT = re.compile(r"[（(]([^（()）]+)[）)]$")
_PCT_WORD = re.compile(r"(?P<base>[百千万])分之(?P<num>.+)")
_PER_WORD_SCALE = {
    "百": ("%", Decimal(1)),
    "千": ("‰", Decimal("0.1")),
    "万": ("‱", Decimal("0.01")),
}
_PER_PREFIXES = tuple(f"{b}分之" for b in _PER_WORD_SCALE)
_RANGE_CHARS = re.compile(RANGE_SEP)  # cheap test before _RANGE_SPLIT
_PER_MILLE = Decimal("0.1")
_YUAN_JIAO = re.compile(
    rf"(?P<yuan>.+?)\s?{YUAN}\s?(?P<jiao>\S)\s?{JIAO}(?:\s?(?P<fen>\S)\s?{FEN})?"
)
_TENTHS = re.compile(rf"(?P<num>.+?)\s?{TENTHS}(?:(?P<half>{HALF_TENTH})|(?P<approx>[余多]))?")


def _units() -> tuple[list[str], set[str], set[str], dict[str, str], dict[str, Decimal]]:
    u = load_units()
    points = set(u["percent_points"])
    durations = set(u["measured_durations"]["units"])
    all_units = sorted(
        set(u["money"]) | set(count_units(u)) | points | durations, key=len, reverse=True
    )
    base = {k: v for k, v in u["money_base"].items() if not k.startswith("_")}
    words = {k: Decimal(v) for k, v in u["percent_words"].items() if not k.startswith("_")}
    return all_units, set(u["money"]), points, base, words


_ALL_UNITS, _MONEY, _POINTS, _MONEY_BASE, _PERCENT_WORDS = _units()
_PER_BASE = re.compile(r"(?P<num>[\d,.]+)/(?P<base>\d*[千万])")
_BARE_SCALE_QUALIFIERS = {"近": "approx", "上": ">="}  # 近百人, 上千人
_BARE_SCALE_OPENINGS = frozenset("百千万")
_UNIT_SET = frozenset(_ALL_UNITS)
_MAX_UNIT = max(map(len, _ALL_UNITS))


_fmt = float  # Decimal → float by value (1.00E+3 and 1000.00 both give 1000.0)


def _numeral(s: str) -> Numeral:
    """The whole of ``s`` read by the grammar (the one place that values numerals)."""
    return parse_numeral(s)


def _per_word(compact: str, sign: Decimal, left: str, right: str) -> Normalized | None:
    pm = _PCT_WORD.fullmatch(compact)
    if not pm:
        return None
    # 百分之九十, 千分之五, 万分之三, 百分之十至百分之二十
    parts = _RANGE_SPLIT.split(pm.group("num"))
    vals = []
    for p in parts:
        for prefix in _PER_PREFIXES:
            p = p.removeprefix(prefix)
        vals.append(Decimal(100) if p == "百" else _numeral(p).value)
    unit, scale = _PER_WORD_SCALE[pm.group("base")]
    lo = sign * vals[0]
    hi = sign * vals[1] if len(vals) > 1 else None
    return Normalized(
        value=_fmt(lo),
        unit=unit,
        normalized=_fmt(lo * scale),
        base_unit="%",
        qualifier=None if hi is not None else read_qualifier(left, right),
        value_max=None if hi is None else _fmt(hi),
        normalized_max=None if hi is None else _fmt(hi * scale),
    )


def _percent_word(s: str, left: str, right: str) -> Normalized:
    """一半 → 0.5 of the whole, 50 %."""
    share = _PERCENT_WORDS[s]
    return Normalized(
        value=_fmt(share),
        unit="fraction",
        normalized=_fmt(share * 100),
        base_unit="%",
        qualifier=read_qualifier(left, right),
    )


def _per_base(s: str, sign: Decimal, left: str, right: str) -> Normalized | None:
    """12.4/10万 (a rate per ten thousand) → 0.0124 %."""
    m = _PER_BASE.fullmatch(s.replace(" ", ""))
    if m is None:
        return None
    num = sign * _numeral(m.group("num")).value
    base = _numeral(m.group("base")).value
    return Normalized(
        value=_fmt(num),
        unit="/" + m.group("base"),
        normalized=_fmt(num / base * 100),
        base_unit="%",
        qualifier=read_qualifier(left, right),
    )


def normalize_quantity(text: str, left: str = "", right: str = "") -> Normalized:
    """Normalise the span ``text`` given its left and right context.

    Raises ``ValueError`` (:class:`~pipeline.quantities.grammar.NumeralError`
    for a numeral the grammar rejects, :class:`NumeralOutOfRange` past 10^16)."""
    s = to_halfwidth(text).strip().replace("\u3000", " ")
    negative = bool(s) and s[0] in MINUS_SIGNS  # -1.8%, 负1.8%
    sign = Decimal(-1) if negative else Decimal(1)
    if negative:
        s = s[1:].lstrip()
    special = _special_form(s, sign, left, right)
    if special is not None:
        return special
    body, unit, denom = _split_unit(s, text)
    low, high, multiplier, inner = _range_values(body, unit, text)
    low_total, written_lo = sign * low.value, sign * low.written
    high_total = written_hi = None
    if high is not None:
        high_total = sign * high
        written_hi = high_total / multiplier_value(multiplier)
    if multiplier and not low.multiplier:  # 10-20万元: the multiplier written once
        low_total *= multiplier_value(multiplier)
    if unit == "%" or unit == "‰":
        base, unit_out = "%", unit
        written_lo, written_hi = low_total, high_total  # 5万% is no written form
        if unit == "‰":
            low_total = low_total * _PER_MILLE
            high_total = None if high_total is None else high_total * _PER_MILLE
    elif unit in _POINTS:
        base, unit_out = "百分点", "百分点"
        written_lo, written_hi = low_total, high_total
    else:
        base = _MONEY_BASE.get(unit, unit) + denom
        unit_out = multiplier + unit + denom
        if denom.startswith("("):
            base, unit_out = _MONEY_BASE.get(unit, unit), multiplier + unit
    return Normalized(
        value=_fmt(written_lo),
        unit=unit_out,
        normalized=_fmt(low_total),
        base_unit=base,
        qualifier=None if high is not None else _qualifier(body, left, right, inner),
        value_max=None if written_hi is None else _fmt(written_hi),
        normalized_max=None if high_total is None else _fmt(high_total),
    )


def _special_form(s: str, sign: Decimal, left: str, right: str) -> Normalized | None:
    """一半, 12.4/10万, 百分之九十, 五分之一, 12元5角3分 and 七成; None for the rest."""
    if s in _PERCENT_WORDS:
        return _percent_word(s, left, right)
    if "/" in s and (per_base := _per_base(s, sign, left, right)) is not None:
        return per_base
    if "分之" in s:
        compact = s.replace(" ", "")
        per = _per_word(compact, sign, left, right)
        if per is not None:
            return per
        # 五分之一 → 0.2 fraction → 20.0 %
        den, num = compact.split("分之", 1)
        frac = _numeral(num).value / _numeral(den).value
        return Normalized(
            value=round(float(frac), 10),
            unit="fraction",
            normalized=round(float(frac * 100), 8),
            base_unit="%",
            qualifier=read_qualifier(left, right),
        )
    if JIAO in s and (m := _YUAN_JIAO.fullmatch(s)):  # 12元5角3分 → 12.53 元
        n = _numeral(m.group("yuan"))
        value = n.value + _numeral(m.group("jiao")).value / 10
        if m.group("fen"):
            value += _numeral(m.group("fen")).value / 100
        return Normalized(
            value=_fmt(value),
            unit=YUAN,
            normalized=_fmt(value),
            base_unit=YUAN,
            qualifier=read_qualifier(left, right, n.approx),
        )
    if TENTHS in s and (m := _TENTHS.fullmatch(s)):  # 七成 = 70 %, 四成半 = 45 %
        n = _numeral(m.group("num"))
        tenths = n.value + (Decimal("0.5") if m.group("half") else 0)
        return Normalized(
            value=_fmt(tenths),
            unit=TENTHS + (m.group("half") or ""),
            normalized=_fmt(tenths * 10),
            base_unit="%",
            qualifier=read_qualifier(left, right, n.approx or m.group("approx")),
        )
    return None


def _split_unit(s: str, text: str) -> tuple[str, str, str]:
    """(number part, unit, denominator) of ``s``: 300元/人·年 → 300, 元, /人·年;
    1500台（套） → 1500, 台, (套)."""
    denom = ""
    if "/" in s:
        s, denom = s.split("/", 1)
        denom = "/" + denom.replace(" ", "")
    s = s.rstrip()
    alt = _ALT_UNIT.search(s) if s.endswith((")", "）")) else None
    if alt:  # 1500台（套）: the bracketed alternative unit is kept in the unit only
        s = s[: alt.start()].rstrip()
        denom = f"({alt.group(1)})" + denom
    if s.endswith(("%", "‰")):
        unit = s[-1]
    else:
        unit = next(
            (s[-n:] for n in range(min(len(s), _MAX_UNIT), 0, -1) if s[-n:] in _UNIT_SET), ""
        )
        if not unit:
            raise ValueError(f"no unit in quantity {text!r}")
    return s[: len(s) - len(unit)].rstrip(), unit, denom


def _range_values(
    body: str, unit: str, text: str
) -> tuple[Numeral, Decimal | None, str, str | None]:
    """(low end, top value or None, multiplier, inner approximator) of the number
    part: 3-5, 10-20万 (the multiplier written once serves both ends), 三五."""
    sides = _RANGE_SPLIT.split(body) if _RANGE_CHARS.search(body) else [body]
    if len(sides) > 2:
        raise ValueError(f"cannot read range {text!r}")
    low_txt = sides[0]
    if len(sides) == 2:
        # 3人-5人, 10%-20%: drop a unit repeated on the low side
        for u in (unit, "%", "‰"):
            if low_txt.endswith(u):
                low_txt = low_txt[: -len(u)].rstrip()
    low = _numeral(low_txt)
    if len(sides) == 1:  # 三五人, 二三十个: an approximate range, else one number
        return low, low.upper, low.multiplier, low.approx
    high = _numeral(sides[1])
    multiplier = low.multiplier or high.multiplier
    return low, high.value, multiplier, low.approx or high.approx


def _qualifier(body: str, left: str, right: str, inner: str | None) -> Qualifier:
    """The words around the span, or 近/上 before a bare 百/千/万 (近百人, 上千人)."""
    qualifier = read_qualifier(left, right, inner)
    if qualifier is None and body[:1] in _BARE_SCALE_OPENINGS:
        return _BARE_SCALE_QUALIFIERS.get(to_halfwidth(left).rstrip()[-1:])
    return qualifier
