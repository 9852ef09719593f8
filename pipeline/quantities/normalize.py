"""Normalise a quantity span: value, unit, value in base units and qualifier.

``normalize_quantity(span_text, left, right)`` reads the span itself (numeral,
inner approximator 余/多/来, multiplier 万/亿/千, unit, rate denominator, range)
and the words around it that the guide keeps outside the span (≥, 超, 近, 约,
不低于, 以上, 左右 …).  Base units (ANNOTATION_GUIDE, Facts): 元 for money; the
measure word for counts (4.6 万人次 → 46000 人次); percent as a number
(95% → 95.0, 5‰ → 0.5, 五分之一 → 20.0).

Qualifier precedence: an explicit word on the left (≥, 不低于, 超过, 近, 约 …),
then one on the right (以上, 以下, 以内, 左右), then an inner approximator
(余/多 → ">", 来 → "approx").  Ranges (3-5人) carry ``value_max`` and no
qualifier.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass
from decimal import Decimal

from .numerals import parse_number, to_halfwidth
from .patterns import ARABIC, CHINESE, MULT, load_units

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
_INNER = {"余": ">", "多": ">", "来": "approx"}
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
        return _INNER.get(inner)
    return None


# --- span parsing -----------------------------------------------------------------
_MULT_VALUES = {k: Decimal(v) for k, v in load_units()["multipliers"].items()}
_SIDE = re.compile(
    rf"(?P<num>{ARABIC}|{CHINESE})\s?(?P<a1>[余多来])?\s?(?P<mult>{MULT})?\s?(?P<a2>[余多来])?\s?"
)
_RANGE_SPLIT = re.compile(r"\s?(?:-|~|—|–|－|至|到)\s?")
_ALT_UNIT = re.compile(r"[（(]([^（()）]+)[）)]$")
_PCT_WORD = re.compile(r"(?P<base>[百千])分之(?P<num>.+)")


def _units() -> tuple[list[str], set[str], set[str]]:
    u = load_units()
    points = set(u["percent_points"])
    durations = set(u.get("measured_durations", {}).get("units", []))
    all_units = sorted(
        set(u["money"]) | set(u["count"]) | points | durations, key=len, reverse=True
    )
    return all_units, set(u["money"]), points


_ALL_UNITS, _MONEY, _POINTS = _units()
_UNIT_SET = frozenset(_ALL_UNITS)
_MAX_UNIT = max(map(len, _ALL_UNITS))


def _fmt(d: Decimal) -> float:
    return float(d.normalize()) if d == d.to_integral_value() else float(d)


def _parse_side(s: str) -> tuple[Decimal, str, str | None]:
    """'4.6 万' → (4.6, '万', None); '13500余' → (13500, '', '余'); '三千二百万' → (3200, '万', None)."""
    m = _SIDE.fullmatch(s)
    if not m:
        raise ValueError(f"cannot read number in {s!r}")
    num, mult = m.group("num"), m.group("mult") or ""
    if not mult and not num[0].isdigit() and len(num) > 1 and num[-1] in "万亿":
        # 三千二百万元 → 3200 万元 (guide table): the trailing 万/亿 is the unit's multiplier
        cut = len(num) - 2 if num.endswith("万亿") and len(num) > 2 else len(num) - 1
        num, mult = num[:cut], num[cut:]
    return parse_number(num), mult, m.group("a1") or m.group("a2")


def normalize_quantity(text: str, left: str = "", right: str = "") -> Normalized:
    """Normalise the span ``text`` given its left and right context."""
    s = to_halfwidth(text).strip().replace("\u3000", " ")
    compact = s.replace(" ", "")

    pm = _PCT_WORD.fullmatch(compact)
    if pm:  # 百分之九十, 千分之五, 百分之十至百分之二十
        parts = _RANGE_SPLIT.split(pm.group("num"))
        vals = [parse_number(p.removeprefix("百分之").removeprefix("千分之")) for p in parts]
        unit = "%" if pm.group("base") == "百" else "‰"
        scale = Decimal(1) if unit == "%" else Decimal("0.1")
        hi = vals[1] if len(vals) > 1 else None
        return Normalized(
            value=_fmt(vals[0]),
            unit=unit,
            normalized=_fmt(vals[0] * scale),
            base_unit="%",
            qualifier=None if hi is not None else read_qualifier(left, right),
            value_max=None if hi is None else _fmt(hi),
            normalized_max=None if hi is None else _fmt(hi * scale),
        )
    if "分之" in compact:  # 五分之一 → 0.2 fraction → 20.0 %
        den, num = compact.split("分之", 1)
        frac = parse_number(num) / parse_number(den)
        return Normalized(
            value=round(float(frac), 10),
            unit="fraction",
            normalized=round(float(frac * 100), 8),
            base_unit="%",
            qualifier=read_qualifier(left, right),
        )

    denom = ""
    if "/" in s:
        s, denom = s.split("/", 1)
        denom = "/" + denom.replace(" ", "")
    s = s.rstrip()
    alt = _ALT_UNIT.search(s)
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
    body = s[: len(s) - len(unit)].rstrip()

    sides = _RANGE_SPLIT.split(body)
    if len(sides) > 2:
        raise ValueError(f"cannot read range {text!r}")
    low_txt = sides[0]
    # 3人-5人, 10%-20%: drop a unit repeated on the low side
    for u in (unit, "%", "‰"):
        if len(sides) == 2 and low_txt.endswith(u):
            low_txt = low_txt[: -len(u)].rstrip()
    value, mult, inner = _parse_side(low_txt)
    value_max = None
    if len(sides) == 2:
        value_max, mult_hi, inner_hi = _parse_side(sides[1])
        if mult_hi and not mult:
            mult = mult_hi  # 10-20万元: the multiplier applies to both ends
        elif mult_hi != mult:
            value_max = (
                value_max
                * _MULT_VALUES.get(mult_hi, Decimal(1))
                / _MULT_VALUES.get(mult, Decimal(1))
            )
        inner = inner or inner_hi
    factor = _MULT_VALUES.get(mult, Decimal(1)) if mult else Decimal(1)

    if unit in ("%", "‰"):
        scale = Decimal(1) if unit == "%" else Decimal("0.1")
        base = "%"
        factor = scale
        unit_out = unit
    elif unit in _POINTS:
        base, unit_out = "百分点", "百分点"
    else:
        base = unit + denom
        unit_out = mult + unit + denom
        if denom.startswith("("):
            base, unit_out = unit, mult + unit
    qualifier = None if value_max is not None else read_qualifier(left, right, inner)
    return Normalized(
        value=_fmt(value),
        unit=unit_out,
        normalized=_fmt(value * factor),
        base_unit=base,
        qualifier=qualifier,
        value_max=None if value_max is None else _fmt(value_max),
        normalized_max=None if value_max is None else _fmt(value_max * factor),
    )
