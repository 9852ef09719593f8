"""Regular expressions for MONEY, COUNT and PERCENT spans, built from data files.

Unit lists live in ``pipeline/resources/quantity_units.json`` and the set phrases
and slogans in ``pipeline/resources/quantity_slogans.txt``; this module only
turns them into patterns.  All patterns run on text passed through
:func:`pipeline.quantities.numerals.to_halfwidth` (the project normalisation: same length, so offsets hold).

Span shape (ANNOTATION_GUIDE, Boundaries): the match starts at the first digit
or numeral character and ends with the unit; inner approximators (余, 多, 来) and
spaces between number, multiplier and unit are inside; leading qualifiers (共,
约, 超, 近, 达到, ≥ …) and trailing ones (以上, 以下, 左右) are outside and read
by :mod:`pipeline.quantities.normalize`.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

__all__ = ["QuantityPatterns", "load_patterns", "load_slogans", "load_units"]

_RESOURCES = "pipeline.resources"
UNITS_FILE = "quantity_units.json"
SLOGANS_FILE = "quantity_slogans.txt"

# Numeral building blocks -------------------------------------------------------
ARABIC = r"\d+(?:,\d{3})*(?:\.\d+)?"
CN_DIGIT = "零〇○一二两三四五六七八九壹贰叁肆伍陆柒捌玖"
CN_ALL = CN_DIGIT + "十拾百佰千仟万亿"
# A Chinese numeral starts with a digit or 十 (not with 百/千/万/亿: 百姓, 千家, 万人).
CHINESE = rf"[{CN_DIGIT}十拾][{CN_ALL}]*(?:点[{CN_DIGIT}]+)?"
SP = r"[ \u3000]?"  # at most one space between parts of one quantity
MULT = r"(?:[十百千]?[万亿]|万亿|千|百)"
APPROX = r"[余多来]"
RANGE_SEP = r"(?:-|~|—|–|－|至|到)"
# Arabic numbers must not continue another token (V2.0, 5G, 2.3.1).
ARABIC_START = r"(?<![\dA-Za-z.,/])"


def _alt(words: list[str]) -> str:
    """Alternation, longest first so that 人次 wins over 人 and 平方米 over 米."""
    return "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))


@lru_cache(maxsize=1)
def load_units() -> dict:
    text = resources.files(_RESOURCES).joinpath(UNITS_FILE).read_text(encoding="utf-8")
    return json.loads(text)


@lru_cache(maxsize=1)
def load_slogans() -> tuple[str, ...]:
    text = resources.files(_RESOURCES).joinpath(SLOGANS_FILE).read_text(encoding="utf-8")
    out = []
    for line in text.splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            out.append(line)
    return tuple(out)


@dataclass(frozen=True)
class QuantityPatterns:
    candidate: re.Pattern  # the combined finder, named groups tell the family
    # The characters a candidate can start with (see ``starts_pattern``).
    starts: re.Pattern
    money_units: frozenset[str]
    count_units: frozenset[str]
    percent_point_units: frozenset[str]
    duration_units: frozenset[str]
    followers: dict[str, str]
    slogans: re.Pattern | None


def starts_pattern() -> re.Pattern:
    """One character any ``candidate`` match starts with.

    Every alternative of the candidate pattern begins with an Arabic number
    (``\\d``, after a zero-width look-behind), a Chinese numeral (``CHINESE``:
    a digit, 十 or 拾) or 百/千 of 百分之/千分之. The combined pattern has no
    first-character set Python's ``re`` could skip ahead with, so it is tried
    at every position; looking for these characters first and trying the
    pattern only there finds the same matches about five times faster."""
    return re.compile(rf"[\d{CN_DIGIT}十拾百千]")


@lru_cache(maxsize=1)
def load_patterns() -> QuantityPatterns:
    units = load_units()
    money = list(units["money"])
    points = list(units["percent_points"])
    count = [u for u in units["count"] if u not in points]
    denominators = list(units["rate_denominators"])
    durations = list(units.get("measured_durations", {}).get("units", []))

    number = rf"(?:{ARABIC_START}{ARABIC}|{CHINESE})"
    money_unit = rf"(?:{_alt(money)})"
    count_unit = rf"(?:{_alt(count)})"
    point_unit = rf"(?:{_alt(points)})"
    # /年, /人·年, /10万公顷: a rate keeps its denominator
    denom = rf"(?:{_alt(denominators)})"
    rate = rf"(?:/(?:{ARABIC}{SP}{MULT}?)?{denom}(?:[·・]{denom})?(?:/{denom})?)"
    # 1500台（套）: an alternative unit in brackets belongs to the span
    alt_unit = rf"(?:[（(](?:{_alt(count)})[）)])"
    # number [余] [万] [余] unit
    body = rf"{number}{SP}(?:{APPROX}{SP})?(?:{MULT}{SP})?(?:{APPROX}{SP})?"
    range_head = rf"{number}{SP}(?:{MULT}{SP})?"

    percent_sign = r"[%‰]"
    pct_number = rf"(?:{ARABIC}|{CHINESE}|百)"  # 百分之百
    alternatives = [
        # 百分之九十, 千分之五, 百分之95
        rf"(?P<pct_word>[百千]分之{pct_number}(?:{SP}{RANGE_SEP}{SP}(?:[百千]分之)?{pct_number})?)",
        # 五分之一, 三分之二
        rf"(?P<fraction>(?:{CHINESE}|{ARABIC_START}{ARABIC})分之(?:{CHINESE}|{ARABIC}))",
        # 80%-90%, 80-90%
        rf"(?P<pct_range>{ARABIC_START}{ARABIC}{SP}{percent_sign}?{SP}{RANGE_SEP}{SP}{ARABIC}{SP}{percent_sign})",
        rf"(?P<pct>{number}{SP}(?:{APPROX}{SP})?{percent_sign})",
        rf"(?P<points>{body}{point_unit})",
        # 3-5人, 三至五个, 10万-20万元
        (
            rf"(?P<range>{range_head}(?:(?:{money_unit}|{count_unit}){SP})?{RANGE_SEP}{SP}{body}"
            rf"(?P<range_unit>{money_unit}|{count_unit}){rate}?)"
        ),
        # measured durations (超标天数19天); kept only after an indicator that names one
        rf"(?P<duration>{body}(?:{_alt(durations)}))",
        rf"(?P<money>{body}{money_unit}{rate}?)",
        rf"(?P<count>{body}{count_unit}(?:{rate}|{alt_unit})?)",
    ]
    candidate = re.compile("|".join(alternatives))
    slogans = load_slogans()
    slogan_re = re.compile(_alt(list(slogans))) if slogans else None
    return QuantityPatterns(
        candidate=candidate,
        starts=starts_pattern(),
        money_units=frozenset(money),
        count_units=frozenset(count),
        percent_point_units=frozenset(points),
        duration_units=frozenset(durations),
        followers=dict(units.get("followers", {})),
        slogans=slogan_re,
    )
