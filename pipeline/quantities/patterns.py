"""Regular expressions for MONEY, COUNT and PERCENT spans, built from data files.

Unit lists live in ``pipeline/resources/quantity_units.json`` (read by
:func:`pipeline.resources.vocabulary.load_units`) and the set phrases and slogans
in ``pipeline/resources/quantity_slogans.txt``; this module only turns them into
patterns.  All patterns run on the reading text of
:func:`pipeline.quantities.layout.reading_text` (half-width, cell boundaries as
tabs, OCR garble undone; same length, so offsets hold).

Span shape (ANNOTATION_GUIDE, Boundaries): the match starts at the first digit
or numeral character and ends with the unit; inner approximators (余, 多, 来) and
spaces between number, multiplier and unit are inside; leading qualifiers (共,
约, 超, 近, 达到, ≥ …) and trailing ones (以上, 以下, 左右) are outside and read
by :mod:`pipeline.quantities.normalize`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from pipeline.resources.vocabulary import load_units

from .grammar import ARABIC, CN_DIGITS, CN_NUMERAL_CHARS, NUMERAL

__all__ = ["QuantityPatterns", "count_units", "load_patterns", "load_slogans", "load_units"]

_RESOURCES = "pipeline.resources"
SLOGANS_FILE = "quantity_slogans.txt"

# Numeral building blocks: the numeral itself is the grammar's (grammar.NUMERAL,
# which holds the multiplier 万/亿/千 and an inner approximator 余/多/来).
CN_DIGIT = "".join(CN_DIGITS)
CN_ALL = CN_NUMERAL_CHARS
SP = r"[ \u3000]?"  # at most one space between parts of one quantity
RANGE_SEP = r"(?:-|~|—|–|－|至|到)"
# Arabic numbers must not continue another token (V2.0, 5G, 2.3.1).
ARABIC_START = r"(?<![\dA-Za-z.,/])"
# A number starts at an Arabic digit (not inside another token) or a Chinese
# numeral's first character (a digit or 十, see grammar); approximate forms open
# with 几/数 before a scale (几十, 数百), a scale before 余 (百余, 万余), or a bare
# 百/千/万 after 上 or 近 (上千人, 近百人; 上/近 stay outside the span).
_SCALE_OPEN = "百千万"
NUMBER = (
    rf"(?:{ARABIC_START}(?=\d)|(?=[{CN_DIGIT}十拾])|(?=[几数][十{_SCALE_OPEN}])"
    rf"|(?=[{_SCALE_OPEN}]余)|(?<=[上近])(?=[{_SCALE_OPEN}])){NUMERAL}"
)
# A minus sign on a percent: 增长-1.8%, 负1.8%; not the dash of a range (3-5%).
MINUS_SIGNS = "-−负"
NEG = rf"(?:(?<![\dA-Za-z%‰.)）])[{MINUS_SIGNS[:-1]}]|{MINUS_SIGNS[-1]})"
# 成 as a percent: 七成 = 70 %, 四成半 = 45 %
TENTHS = "成"
HALF_TENTH = "半"
# 元…角…分: one MONEY span valued in 元
YUAN, JIAO, FEN = "元", "角", "分"


def _alt(words: list[str]) -> str:
    """Alternation, longest first so that 人次 wins over 人 and 平方米 over 米."""
    return "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))


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
    followers: dict[str, tuple[str, ...]]
    slogans: re.Pattern | None


def starts_pattern() -> re.Pattern:
    """The character any ``candidate`` match starts with (with what follows it).

    Every alternative of the candidate pattern begins with an Arabic number
    (``\\d``, after a zero-width look-behind), a Chinese numeral (a digit, 十
    or 拾), 百/千/万 of 百分之/千分之/万分之, an approximate opening (几十, 数百,
    百余, 上千) or the minus sign of a percent before a number. The combined
    pattern has no
    first-character set Python's ``re`` could skip ahead with, so it is tried
    at every position; looking for these characters first and trying the
    pattern only there finds the same matches about five times faster."""
    first = rf"[\d{CN_DIGIT}十拾]"
    approximate = rf"[几数](?=[十{_SCALE_OPEN}])|[{_SCALE_OPEN}](?=余)"
    # One character class first, the conditions after it as look-arounds: so
    # ``re`` can skip ahead to that class (a leading look-behind would stop it).
    opening = rf"[{MINUS_SIGNS}\d{CN_DIGIT}十拾几数{_SCALE_OPEN}]"
    return re.compile(
        rf"{opening}(?:(?<={first})|(?<=[{_SCALE_OPEN}])(?=分之|余)|(?<=[上近][{_SCALE_OPEN}])"
        rf"|(?<=[几数])(?=[十{_SCALE_OPEN}])|(?<=[{MINUS_SIGNS}])(?={first}|{approximate}))"
    )


def count_units(units: dict) -> list[str]:
    """The units of a COUNT: measure words and units of measure, not 百分点."""
    points = set(units["percent_points"])
    return [u for u in (*units["count"], *units["measures"]) if u not in points]


@lru_cache(maxsize=1)
def load_patterns() -> QuantityPatterns:
    units = load_units()
    money = list(units["money"])
    points = list(units["percent_points"])
    count = count_units(units)
    denominators = list(units["rate_denominators"])
    durations = list(units["measured_durations"]["units"])
    percent_words = [w for w in units["percent_words"] if not w.startswith("_")]

    money_unit = rf"(?:{_alt(money)})"
    count_unit = rf"(?:{_alt(count)})"
    point_unit = rf"(?:{_alt(points)})"
    # /年, /人·年, /10万公顷, /千人: a rate keeps its denominator
    denom = rf"(?:{_alt(denominators)})"
    rate = rf"(?:/(?:{NUMERAL}{SP})?{denom}(?:[·・]{denom})?(?:/{denom})?)"
    # 1500台（套）: an alternative unit in brackets belongs to the span
    alt_unit = rf"(?:[（(](?:{_alt(count)})[）)])"
    body = rf"{NUMBER}{SP}"  # the numeral holds 余/多/来 and 万/亿/千
    digit = rf"[\d{CN_DIGIT}]"  # one digit of 角 or 分

    percent_sign = r"[%‰]"
    pct_number = rf"(?:{NUMERAL}|百)"  # 百分之百
    per = r"[百千万]分之"
    any_unit = rf"(?:{_alt(money + count + durations)})"  # longest first across all
    alternatives = [
        # 一半 (R18): a percent word by itself, not 另一半
        rf"(?P<pct_self>(?<![另这那一]){_alt(percent_words)})",
        # 百分之九十, 千分之五, 万分之三, 百分之95, 百分之一百二十
        rf"(?P<pct_word>{per}{pct_number}(?:{SP}{RANGE_SEP}{SP}(?:{per})?{pct_number})?)",
        # 五分之一, 三分之二
        rf"(?P<fraction>{NUMBER}分之{NUMERAL})",
        # 80%-90%, 80-90%
        rf"(?P<pct_range>{ARABIC_START}{ARABIC}{SP}{percent_sign}?{SP}{RANGE_SEP}{SP}{ARABIC}{SP}{percent_sign})",
        # The rest share one leading number, matched once: the alternatives below
        # are tried in order after it (a shorter number only when none fits).
        # A minus sign only before a percent: 增长-1.8%, 负1.8 个百分点.
        rf"(?:{NEG}(?={body}(?:{percent_sign}|{point_unit})))?{body}(?:"
        + "|".join(
            [
                rf"(?P<pct>{percent_sign})",
                # 12.4/10万, 15/10万: a rate per ten thousand, no unit before the slash
                rf"(?P<per_base>/(?:\d+)?[千万](?!{any_unit}|{denom}))",
                rf"(?P<points>{point_unit})",
                # 七成, 四成半, 三成多, 9成 (以上 is read as the qualifier)
                rf"(?P<tenths>{TENTHS}(?:{HALF_TENTH}|[余多])?)",
                # 12元5角3分, 3元2角
                rf"(?P<yuan_jiao>{YUAN}{SP}{digit}{SP}{JIAO}(?:{SP}{digit}{SP}{FEN})?)",
                # 3-5人, 三至五个, 10万-20万元, 3-5天 (a duration range: as a duration)
                (
                    # (the look-ahead skips the unit list where no separator follows)
                    rf"(?=[^\n]{{0,6}}?{RANGE_SEP})"
                    rf"(?P<range>(?:{any_unit}{SP})?{RANGE_SEP}{SP}{body}"
                    rf"(?P<range_unit>{any_unit}){rate}?)"
                ),
                # measured durations (超标天数12天); kept only after an indicator naming one
                rf"(?P<duration>{_alt(durations)})",
                rf"(?P<money>{money_unit}{rate}?)",
                rf"(?P<count>{count_unit}(?:{rate}|{alt_unit})?)",
            ]
        )
        + ")",
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
        followers={u: tuple(w.split()) for u, w in units["followers"].items()},
        slogans=slogan_re,
    )
