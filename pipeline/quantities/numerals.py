"""Numeral parsing for quantity normalisation: Arabic, Chinese and mixed numerals.

Decision (own parser, not cn2an)
--------------------------------
``benchmarks/numerals_cn2an_vs_own.py`` measures both on the numeral forms found
inside quantity spans: 46 hand-written cases (plain, financial and colloquial
Chinese numerals such as 三千二 / 一万五, 两, 零 gaps, 点 decimals, mixed Arabic +
万/亿/千 such as 1.5万 and 3千万, thousands separators, full-width digits) and 100
integers written by ``cn2an.an2cn``.  Measured here (2-core machine, Python 3.11):

======================  ==========  ===========  ==========
parser                  hand cases  an2cn cases  parses/s
======================  ==========  ===========  ==========
own (this module)       46/46       100/100      ~47,000
cn2an 0.5.24 "smart"    43/46       100/100      ~38,000
======================  ==========  ===========  ==========

cn2an fails only on thousands separators (1,297.59), which a caller could strip
first, so on correctness the two are close; the own parser is a little faster,
returns exact :class:`~decimal.Decimal` values instead of floats, and spares the
runtime dependency (cn2an pulls in ``proces``).  The own parser stays; cn2an is
installed only with the ``bench`` extra to re-run the comparison.

All values are :class:`decimal.Decimal` so that ``169.57 × 10000`` is exactly
``1695700``.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from pipeline.ingest.normalise import normalise

__all__ = [
    "CN_BIG_UNITS",
    "CN_DIGITS",
    "CN_SMALL_UNITS",
    "parse_arabic",
    "parse_chinese",
    "parse_number",
    "to_halfwidth",
]

CN_DIGITS: dict[str, int] = {
    "零": 0,
    "〇": 0,
    "○": 0,
    "一": 1,
    "壹": 1,
    "二": 2,
    "贰": 2,
    "两": 2,
    "三": 3,
    "叁": 3,
    "四": 4,
    "肆": 4,
    "五": 5,
    "伍": 5,
    "六": 6,
    "陆": 6,
    "七": 7,
    "柒": 7,
    "八": 8,
    "捌": 8,
    "九": 9,
    "玖": 9,
}
CN_SMALL_UNITS: dict[str, int] = {"十": 10, "拾": 10, "百": 100, "佰": 100, "千": 1000, "仟": 1000}
CN_BIG_UNITS: dict[str, int] = {"万": 10_000, "萬": 10_000, "亿": 100_000_000, "億": 100_000_000}

def to_halfwidth(text: str) -> str:
    """Full-width forms to ASCII, one character for one (the project's one
    normalisation, :func:`pipeline.ingest.normalise.normalise`), so offsets hold."""
    return normalise(text)


_ARABIC_RE = re.compile(r"^\d+(?:[,，]\d{3})*(?:\.\d+)?$")


def parse_arabic(text: str) -> Decimal:
    """Parse ``1,297.59`` / ``１２`` / ``383406`` (thousands separators and spaces ignored)."""
    s = to_halfwidth(text).replace(" ", "").replace("\u3000", "")
    if not _ARABIC_RE.match(s):
        raise ValueError(f"not an Arabic numeral: {text!r}")
    return Decimal(s.replace(",", "").replace("，", ""))


def _parse_cn_integer(s: str) -> Decimal:
    total = Decimal(0)  # value of completed 亿 groups
    section = Decimal(0)  # value below the last 亿 (万 scales it in place)
    num: Decimal | None = None  # digits seen since the last unit
    last_unit = 0  # unit just before the current digit (for 三千二 = 3200)
    zero_gap = False
    prev_digit = False
    i = 0
    while i < len(s):
        ch = s[i]
        if ch.isdigit() or ch == ".":  # embedded Arabic run, e.g. 1.5万, 3千万
            j = i
            while j < len(s) and (s[j].isdigit() or s[j] in ".,"):
                j += 1
            num = parse_arabic(s[i:j])
            last_unit = 0
            prev_digit = False
            i = j
            continue
        if ch in CN_DIGITS:
            d = CN_DIGITS[ch]
            if prev_digit and num is not None and last_unit == 0 and section == 0 and not total:
                num = num * 10 + d  # 二〇二二, 一二三: read digit by digit
            else:
                num = Decimal(d)
            if d == 0:
                zero_gap = True
            prev_digit = True
        elif ch in CN_SMALL_UNITS:
            section += (num if num is not None else Decimal(1)) * CN_SMALL_UNITS[ch]
            num, last_unit, zero_gap, prev_digit = None, CN_SMALL_UNITS[ch], False, False
        elif ch in CN_BIG_UNITS:
            u = CN_BIG_UNITS[ch]
            if num is None and section == 0 and total == 0:
                num = Decimal(1)
            if u == 100_000_000:
                total = (total + section + (num or 0)) * u
                section = Decimal(0)
            else:
                section = (section + (num or 0)) * u
            num, last_unit, zero_gap, prev_digit = None, u, False, False
        else:
            raise ValueError(f"not a Chinese numeral: {s!r}")
        i += 1
    if not s:
        raise ValueError("empty numeral")
    if num is not None:
        # colloquial tail: 三千二 = 3200, 一万五 = 15000 (not after 零: 一千零二 = 1002)
        if last_unit >= 100 and not zero_gap and 0 < num < 10:
            num = num * last_unit / 10
        section += num
    return total + section


def parse_chinese(text: str) -> Decimal:
    """Parse a Chinese (or mixed) numeral: 三千二百, 一百零五, 两, 十, 三点五, 1.5万, 一亿二千万."""
    s = to_halfwidth(text).replace(" ", "")
    if "点" in s:
        int_part, frac = s.split("点", 1)
        value = _parse_cn_integer(int_part) if int_part else Decimal(0)
        digits = "".join(str(CN_DIGITS[c]) if c in CN_DIGITS else c for c in frac)
        if not digits.isdigit():
            raise ValueError(f"bad decimal part in {text!r}")
        return value + Decimal("0." + digits)
    return _parse_cn_integer(s)


def parse_number(text: str) -> Decimal:
    """Parse any numeral form used in quantity spans."""
    s = to_halfwidth(text).strip().replace(" ", "").replace("\u3000", "")
    try:
        return parse_arabic(s)
    except (ValueError, InvalidOperation):
        return parse_chinese(s)
