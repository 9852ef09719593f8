"""The numeral grammar: the one place where a written number gets its value.

Both :func:`pipeline.quantities.numerals.parse_number` and the span path
(:mod:`pipeline.quantities.patterns` finds a quantity with ``NUMERAL``,
:mod:`pipeline.quantities.normalize` reads it with :func:`read_numeral`) use it,
so no second place applies 万/亿 again.

Forms (see ``docs/numbers.md`` for the table with values):

* Arabic: ``383406``, ``1,297.59``, full-width digits (callers pass text
  through :func:`pipeline.ingest.normalise.normalise` first);
* Chinese: 三千二百, 一百零五, 三千零十五 (零 before 十 keeps the ten), 十万零三千,
  十 and 一十, 两/兩, 〇/○, financial capitals 壹贰叁肆伍陆柒捌玖拾佰仟,
  traditional 萬 億, colloquial tails 三千二 = 3200 and 一万五 = 15000, digit by
  digit 二〇二二, decimals 三点五;
* Arabic chained with multipliers: 1.5万, 3千万, 2亿3000万, 6万8千, 1.2万亿;
* one inner approximator: 余, 多, 来, 数 after the digits or after the multiplier
  (30余万, 4.6万余, 十数), 几 as the last digit (三十几万);
* approximate forms: a numeral may open with its scale word (百余, 千余, 万余;
  the patterns allow a bare 百/千/万 only before 余 or after 上/近) or with
  几/数 before one (几十, 数百: the base, more than it); two neighbouring
  digits are a range (三五 = 3 to 5, 七八 = 7 to 8, 二三十 = 20 to 30,
  十五六 = 15 to 16), read into ``Numeral.upper``.

A numeral is lexed by the regular expression ``NUMERAL`` (Python's ``re``
finds the extent fast) and valued by :func:`_evaluate`, a section-by-section
reading: digits and 十/百/千 build a group below 万, 万 closes the group into
the 万 part, 亿 closes everything read so far into the 亿 part (so 万亿 and
一万二千亿 need no special case).

Bound: a numeral whose value reaches ``MAX_VALUE`` (10^16, more than any budget
in 元) is not a quantity; :class:`NumeralOutOfRange` says so. Arabic runs are
checked by length before any arithmetic, so a run of 500,000 digits costs one
regex scan, never an ``inf``.
"""

from __future__ import annotations

import re
from decimal import Decimal
from functools import lru_cache
from itertools import product
from typing import NamedTuple

from pipeline.resources.vocabulary import ARABIC_NUMBER, THOUSANDS_SEPARATORS

__all__ = [
    "APPROXIMATORS",
    "ARABIC",
    "BIG_SCALES",
    "CN_DIGITS",
    "CN_NUMERAL_CHARS",
    "MAX_VALUE",
    "NUMERAL",
    "SMALL_SCALES",
    "Numeral",
    "NumeralError",
    "NumeralOutOfRange",
    "clear_numeral_cache",
    "multiplier_value",
    "parse_numeral",
    "read_numeral",
]

CN_DIGITS: dict[str, int] = {
    **dict.fromkeys("零〇○", 0),
    **dict.fromkeys("一壹", 1),
    **dict.fromkeys("二贰貳两兩", 2),
    **dict.fromkeys("三叁參", 3),
    **dict.fromkeys("四肆", 4),
    **dict.fromkeys("五伍", 5),
    **dict.fromkeys("六陆陸", 6),
    **dict.fromkeys("七柒", 7),
    **dict.fromkeys("八捌", 8),
    **dict.fromkeys("九玖", 9),
}
_ZEROS = frozenset("零〇○")
SMALL_SCALES: dict[str, int] = {"十": 10, "拾": 10, "百": 100, "佰": 100, "千": 1000, "仟": 1000}
BIG_SCALES: dict[str, int] = {"万": 10**4, "萬": 10**4, "亿": 10**8, "億": 10**8}
_SCALES = {**SMALL_SCALES, **BIG_SCALES}
# Inner approximators and the qualifier each gives (ANNOTATION_GUIDE, Facts):
# 13500余名 → ">", 300来人 → "approx", 三十几万 → ">" (thirty-odd: above thirty).
APPROXIMATORS: dict[str, str] = {"余": ">", "多": ">", "来": "approx", "几": ">", "数": ">"}
_FEW = "几数"  # an unknown digit: after 十/百 (十几, 十数) or before a scale (几十, 数百)
# Neighbouring digits that name a range rather than one number: 七八 (7-8), 三五 (3-5).
_PAIRS = frozenset({*((d, d + 1) for d in range(1, 9)), (3, 5)})

MAX_VALUE = Decimal(10) ** 16
_MAX_INT_DIGITS = 16  # an Arabic run with more integer digits is out of range

# --- lexical shape ----------------------------------------------------------------
_DIGIT_CHARS = "".join(CN_DIGITS)
_SCALE_CHARS = "".join(_SCALES)
CN_NUMERAL_CHARS = _DIGIT_CHARS + _SCALE_CHARS + _FEW  # every character of a Chinese numeral
ARABIC = ARABIC_NUMBER  # 1,297.59 and 1，２46.5 (see vocabulary.py)
_NO_SEPARATORS = str.maketrans("", "", THOUSANDS_SEPARATORS)
_SP = r"[ \u3000]?"  # at most one space between the parts of one numeral
# A Chinese numeral starts with a digit or 十, 几/数 before a scale (几十, 数百), or a
# scale word (百余, 万余): the patterns decide where a bare 百/千/万 may open one
# (not in 百姓, 千家, 万人).
# 百 right before 分点 is the unit 百分点's (3百分点, 三百分点: 3 points).
_HUNDRED_NOT_POINTS = "百(?!分点)"
_CN_CONT = "".join(c for c in CN_NUMERAL_CHARS if c != "百")
_CN_START = (
    rf"[{_DIGIT_CHARS}十拾]|[几数](?=[{_SCALE_CHARS}])|[佰千仟万萬亿億]|{_HUNDRED_NOT_POINTS}"
)
_CN = (
    rf"(?:{_CN_START})(?:[{_CN_CONT}]|{_HUNDRED_NOT_POINTS})*"
    rf"(?:点[{_DIGIT_CHARS}]+[{''.join(BIG_SCALES)}]*)?"
)
# Arabic digits chained with multipliers: 169.57 万, 3千万, 2亿3000万, 6万8千.
# A later Arabic part must be followed by a multiplier (6万8人 is not 60008 人).
_SCALE_RUN = rf"(?:[{_SCALE_CHARS.replace('百', '')}]|{_HUNDRED_NOT_POINTS})+"
_ARABIC_CHAIN = rf"{ARABIC}(?:{_SP}{_SCALE_RUN}(?:{_SP}{ARABIC}(?={_SP}[{_SCALE_CHARS}]))?)*"
_INNER = "".join(c for c in APPROXIMATORS if c != "几")  # 余多来数: after the digits
# The whole numeral: no look-behind here; patterns.py adds the context checks.
NUMERAL = rf"(?:{_ARABIC_CHAIN}|{_CN})(?:{_SP}[{_INNER}](?:{_SP}{_SCALE_RUN})?)?"
_NUMERAL_RE = re.compile(NUMERAL)
_ARABIC_RE = re.compile(ARABIC)
_SCALE_CHARS_SP = _SCALE_CHARS + " \u3000"
_SPACES = str.maketrans("", "", " \u3000")


class NumeralError(ValueError):
    """Text that is not a numeral of the grammar."""


class NumeralOutOfRange(NumeralError):
    """A numeral whose value reaches ``MAX_VALUE``: not a quantity."""


class Numeral(NamedTuple):
    """One numeral read by the grammar.

    ``value`` has every scale word applied (七亿二千万 → 720000000).
    ``multiplier`` is the trailing multiplier that belongs with the unit as the
    guide writes it (169.57万 → "万", 三千二百万 → "万", 3千元 → "千", 1.2万亿 →
    "万亿"; "" when none) and ``written`` is ``value`` divided by it (169.57,
    3200, 3, 1.2). ``approx`` is the inner approximator character or None.
    ``end`` is where the numeral stops in the text it was read from.
    ``upper`` is the top of an approximate range (三五 → value 3, upper 5;
    二三十 → 20 and 30), else None; ``written`` stays the bottom's."""

    value: Decimal
    written: Decimal
    multiplier: str
    approx: str | None
    end: int
    upper: Decimal | None = None


def multiplier_value(multiplier: str) -> Decimal:
    """万 → 10000, 千万 → 10^7, 万亿 → 10^12, "" → 1."""
    known = _MULTIPLIERS.get(multiplier)
    if known is not None:
        return known
    out = Decimal(1)
    for ch in multiplier:
        out *= _SCALES[ch]
    return out


def _multipliers() -> dict[str, Decimal]:
    """Every multiplier one Arabic number may carry: an optional 十/百/千 then an
    optional 万, 亿 or 万亿 (3千万 = 3 × 10^7, 1.2万亿 = 1.2 × 10^12); its value is
    the product, as the section reading of :func:`_sections` gives."""
    bigs = ["", *BIG_SCALES, *(w + y for w in "万萬" for y in "亿億")]
    out = {}
    for small, big in product(["", *SMALL_SCALES], bigs):
        word = small + big
        if word:
            value = Decimal(1)
            for ch in word:
                value *= _SCALES[ch]
            out[word] = value
    return out


_MULTIPLIERS = _multipliers()


def read_numeral(text: str, pos: int = 0) -> Numeral | None:
    """The numeral that starts at ``text[pos]`` (longest lexical match), or None
    when none starts there. Raises :class:`NumeralError` when the characters
    look like a numeral but break the grammar (十百, 一亿二亿) and
    :class:`NumeralOutOfRange` past the bound."""
    m = _NUMERAL_RE.match(text, pos)
    if m is None:
        return None
    value, written, multiplier, approx, upper = _read(m.group())
    return Numeral(value, written, multiplier, approx, m.end(), upper)


@lru_cache(maxsize=4096)
def _read(s: str) -> tuple[Decimal, Decimal, str, str | None, Decimal | None]:
    """(value, written, multiplier, approx, upper) of one lexed numeral;
    cached, as reports repeat the same numbers (1个, 100%)."""
    # fast path, most spans: 383406, 169.57 万, 3千万 (the same value _evaluate gives)
    core = s.rstrip(_SCALE_CHARS_SP)
    tail = s[len(core) :].lstrip(" \u3000")
    if (
        core
        and core[-1].isdigit()
        and (not tail or tail in _MULTIPLIERS)
        and _ARABIC_RE.fullmatch(core) is not None
    ):
        written = _arabic(core)
        value = _checked(written * _MULTIPLIERS[tail]) if tail else written
        return value, written, tail, None, None
    compact = s.translate(_SPACES)
    pair = _range_pair(compact)
    if pair is not None:  # 三五, 二三十: read with each digit of the pair
        (value, multiplier, approx), (upper, _, _) = map(_evaluate, pair)
        return value, value / multiplier_value(multiplier), multiplier, approx, upper
    value, multiplier, approx = _evaluate(compact)
    return value, value / multiplier_value(multiplier), multiplier, approx, None


def _range_pair(s: str) -> tuple[str, str] | None:
    """``s`` with its range pair of neighbouring digits (七八, 三五) cut to the
    low digit and to the high one, or None when it has none (二〇二二 and 二二
    are read digit by digit, decimals 三点六七 too)."""
    if "点" in s:
        return None
    for i in range(len(s) - 1):
        a, b = s[i], s[i + 1]
        if (
            a in CN_DIGITS
            and b in CN_DIGITS
            and (CN_DIGITS[a], CN_DIGITS[b]) in _PAIRS
            and not any(c in CN_DIGITS for c in s[i + 2 : i + 3])
            and not any(c in CN_DIGITS for c in s[i - 1 : i] if i)
        ):
            return s[:i] + a + s[i + 2 :], s[:i] + b + s[i + 2 :]
    return None


def clear_numeral_cache() -> None:
    """Forget cached readings (for timing a cold start)."""
    _read.cache_clear()


def parse_numeral(text: str) -> Numeral:
    """``text`` read as exactly one numeral (surrounding spaces ignored)."""
    s = text.strip(" \u3000")
    n = read_numeral(s)
    if n is None or n.end != len(s):
        raise NumeralError(f"not a numeral: {text!r}")
    return n


# --- valuing --------------------------------------------------------------------
def _arabic(s: str) -> Decimal:
    plain = s.translate(_NO_SEPARATORS)
    if len(plain.split(".", 1)[0]) > _MAX_INT_DIGITS:
        raise NumeralOutOfRange(f"numeral past 10^16: {s[:20]}…")
    return Decimal(plain)


def _tokens(s: str) -> list[tuple[str, Decimal | str]]:
    """('num', value) for an Arabic run or one Chinese digit, ('zero', '零'),
    ('scale', char), ('approx', char)."""
    out: list[tuple[str, Decimal | str]] = []
    i = 0
    while i < len(s):
        ch = s[i]
        if ch.isdigit():
            m = _ARABIC_RE.match(s, i)
            assert m is not None  # a digit always starts an Arabic run
            out.append(("arabic", _arabic(m.group())))
            i = m.end()
            continue
        if ch in _ZEROS:
            out.append(("zero", ch))
        elif ch in CN_DIGITS:
            out.append(("digit", Decimal(CN_DIGITS[ch])))
        elif ch in _SCALES:
            out.append(("scale", ch))
        elif ch in APPROXIMATORS:
            out.append(("approx", ch))
        else:
            raise NumeralError(f"not a numeral character {ch!r} in {s!r}")
        i += 1
    return out


def _evaluate(s: str) -> tuple[Decimal, str, str | None]:
    """(value, trailing multiplier, approximator) of one lexed numeral."""
    if "点" in s:  # 三点五, 三点五万
        int_part, rest = s.split("点", 1)
        frac = rest.rstrip(_SCALE_CHARS)
        multiplier = rest[len(frac) :]
        digits = "".join(str(CN_DIGITS[c]) for c in frac)
        whole, _, _ = _evaluate(int_part)
        value = (whole + Decimal("0." + digits)) * multiplier_value(multiplier)
        return _checked(value), multiplier, None
    toks = _tokens(s)
    if len(toks) >= 2 and all(k in ("digit", "zero") for k, _ in toks):
        # digit by digit: 二〇二二, 一二三
        return _checked(Decimal("".join(str(CN_DIGITS[c]) for c in s))), "", None
    value, approx = _sections(toks, s)
    return _checked(value), _trailing_multiplier(toks), approx


def _sections(toks: list[tuple[str, Decimal | str]], s: str) -> tuple[Decimal, str | None]:
    yi = Decimal(0)  # the part closed by 亿
    wan = Decimal(0)  # the part closed by 万 (below 亿)
    group = Decimal(0)  # below 万: digits times 十/百/千
    num: Decimal | None = None  # the number not yet given a scale
    small_floor = 10**4  # 千 > 百 > 十 inside a group
    last_scale = 0  # scale word just before a lone final digit (三千二)
    tail_ok = False  # the pending digit may be a colloquial tail
    after_zero = False
    approx: str | None = None
    for k, (kind, v) in enumerate(toks):
        if approx is not None and kind != "scale":
            raise NumeralError(f"nothing but a multiplier may follow {approx} in {s!r}")
        if kind in ("digit", "arabic"):
            if num is not None:
                raise NumeralError(f"two numbers in a row in {s!r}")
            num = v  # type: ignore[assignment]
            tail_ok = kind == "digit" and k > 0 and toks[k - 1][0] == "scale" and not after_zero
        elif kind == "zero":
            if num is not None:
                raise NumeralError(f"零 after a digit in {s!r}")
            after_zero = True
        elif kind == "approx":
            if v in _FEW:  # 三十几, 几十: the digit is unknown, the value is the base
                after_scale = k > 0 and toks[k - 1][0] == "scale"
                before_scale = k == 0 and k + 1 < len(toks) and toks[k + 1][0] == "scale"
                if num is not None or not (after_scale or before_scale):
                    raise NumeralError(f"{v} must follow or open 十/百 in {s!r}")
                if before_scale:
                    num = Decimal(1)  # 几十 is read as 十, 数百 as 百
            elif num is None and (k == 0 or toks[k - 1][0] != "scale"):
                raise NumeralError(f"{v} with no number in {s!r}")
            approx = v  # type: ignore[assignment]
        else:  # scale
            ch = v
            assert isinstance(ch, str)
            if ch in SMALL_SCALES:
                u = SMALL_SCALES[ch]
                if u >= small_floor:
                    raise NumeralError(f"{ch} out of order in {s!r}")
                group += (num if num is not None else Decimal(1)) * u
                small_floor = u
            elif BIG_SCALES[ch] == 10**4:
                part = group + (num or 0) if k else Decimal(1)  # 万余: one 万
                if (num is None and group == 0 and k) or wan:  # 0万元 is a written zero
                    raise NumeralError(f"misplaced 万 in {s!r}")
                wan = part * 10**4
                group, small_floor = Decimal(0), 10**4
            else:  # 亿
                part = wan + group + (num or 0) if k else Decimal(1)
                if (num is None and group == 0 and wan == 0 and k) or yi:
                    raise NumeralError(f"misplaced 亿 in {s!r}")
                yi = part * 10**8
                wan, group, small_floor = Decimal(0), Decimal(0), 10**4
            num, after_zero, tail_ok = None, False, False
            last_scale = _SCALES[ch]
    if num is not None:
        if tail_ok and last_scale >= 100 and toks[-1][0] == "digit":
            num = num * last_scale / 10  # 三千二 = 3200, 一万五 = 15000
        group += num
    if not toks or (yi == wan == group == 0 and all(k == "approx" for k, _ in toks)):
        raise NumeralError(f"empty numeral {s!r}")
    return yi + wan + group, approx


def _trailing_multiplier(toks: list[tuple[str, Decimal | str]]) -> str:
    """The multiplier written with the unit: the scale words after the last
    number; all of them after a lone Arabic number (3千万 → 千万, 3千 → 千),
    only 万/亿 otherwise (三千二百万 → 万, 三千 → "", 6万8千 → "")."""
    body = [t for t in toks if t[0] != "approx"]
    run: list[str] = []
    while body and body[-1][0] == "scale":
        run.insert(0, str(body.pop()[1]))
    numbers = [k for k, _ in body if k in ("arabic", "digit")]
    if numbers == ["arabic"]:
        return "".join(run)  # 3千万, 169.57万, 1.2万亿
    while run and run[0] in SMALL_SCALES:  # 三千二百万 → 万, 2亿3000万 → 万, 6万8千 → ""
        run.pop(0)
    return "".join(run)


def _checked(value: Decimal) -> Decimal:
    if abs(value) >= MAX_VALUE:
        raise NumeralOutOfRange(f"numeral past 10^16: {value:.3e}")
    return value
