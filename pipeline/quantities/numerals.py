"""Numeral parsing for quantity normalisation: Arabic, Chinese and mixed numerals.

The grammar itself lives in :mod:`pipeline.quantities.grammar` (the one place
that values a numeral); this module keeps the parsing functions other code
calls and returns plain :class:`~decimal.Decimal` values.

Decision (own grammar, not cn2an)
---------------------------------
``benchmarks/numerals_cn2an_vs_own.py`` scores both on
``tests/quantities/data/numeral_cases.tsv`` (64 cases) and 100 integers written
by ``cn2an.an2cn``. Measured with cn2an 0.5.24 (2-core machine, Python 3.11):
own grammar 64/64 and 100/100, cn2an "smart" 58/64 and 100/100. cn2an reads
七亿二千万, 三千零十五万, 2亿3000万 and 6万8千 right, but rejects thousands
separators (1,297.59), 零十, 1.2万亿 and 三十几万, and returns floats, so it cannot
be the one grammar; it is installed only with the ``bench`` extra to re-run the
comparison.

All values are :class:`decimal.Decimal` so that ``169.57 × 10000`` is exactly
``1695700``.
"""

from __future__ import annotations

import re
from decimal import Decimal

from pipeline.ingest.normalise import normalise

from .grammar import ARABIC, BIG_SCALES, CN_DIGITS, SMALL_SCALES, parse_numeral
from .patterns import MINUS_SIGNS

__all__ = [
    "CN_BIG_UNITS",
    "CN_DIGITS",
    "CN_SMALL_UNITS",
    "parse_arabic",
    "parse_chinese",
    "parse_number",
    "to_halfwidth",
]

CN_SMALL_UNITS: dict[str, int] = SMALL_SCALES
CN_BIG_UNITS: dict[str, int] = BIG_SCALES


def to_halfwidth(text: str) -> str:
    """Full-width forms to ASCII, one character for one (the project's one
    normalisation, :func:`pipeline.ingest.normalise.normalise`), so offsets hold."""
    return normalise(text)


_ARABIC_RE = re.compile(ARABIC)


def parse_arabic(text: str) -> Decimal:
    """Parse ``1,297.59`` / ``１２`` / ``383406`` (thousands separators and spaces ignored)."""
    s = to_halfwidth(text).replace(" ", "").replace("\u3000", "").replace("，", ",")
    if not _ARABIC_RE.fullmatch(s):
        raise ValueError(f"not an Arabic numeral: {text!r}")
    return parse_numeral(s).value


def parse_chinese(text: str) -> Decimal:
    """Parse a Chinese (or mixed) numeral: 三千二百, 一百零五, 两, 十, 三点五, 1.5万, 一亿二千万."""
    return parse_number(text)


def parse_number(text: str) -> Decimal:
    """Parse any numeral form used in quantity spans (spaces ignored), with an
    optional leading minus sign or 负 (负一百 = -100); raises
    :class:`pipeline.quantities.grammar.NumeralError` (a ``ValueError``)."""
    s = to_halfwidth(text).replace(" ", "").replace("\u3000", "").replace("，", ",")
    if s[:1] and s[0] in MINUS_SIGNS:
        return -parse_numeral(s[1:]).value
    return parse_numeral(s).value
