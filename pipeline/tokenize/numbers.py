"""Number-aware pre-splitting.

Quantity spans in the annotation guide start at the first numeral and end
with the unit ("169.57 万元", "13500余名", "95%", "五分之一"). A general
segmenter happily glues a unit to the next word ("个村") or a numeral to the
previous one, which would put a gold boundary inside a token. So before the
segmenter runs we cut the text into protected number pieces and free text;
only the free text goes to jieba/pkuseg.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache

from pipeline.regex_scan import finditer_at_starts
from pipeline.resources.vocabulary import ARABIC_NUMBER as _ARABIC
from pipeline.resources.vocabulary import closing_units

_CN_DIGITS = "零〇一二两三四五六七八九十百千万亿"
# Date units after a number are cut off too, so "2022 年收入" cannot become
# the jieba word 年收入 and swallow an indicator's first character.
# A line that opens with a list number glued to a count (5.2所学校…) has the
# list number ("5.") cut off as its own piece: the quantity rules read 2所.
_DATE_UNIT = "[年月日号]"


def measure_words() -> tuple[str, ...]:
    """The units that close a quantity span: the quantity rules' own unit
    lists (one reader of one data file, so they cannot drift apart), longest
    first so the alternation prefers 人次 over 人."""
    return closing_units()


@lru_cache(maxsize=1)
def _pattern() -> re.Pattern[str]:
    units = "|".join(re.escape(w) for w in measure_words())
    tail = rf"(?:[余多]?(?:[万亿千]|万亿)?(?:{units}))"
    cn = f"[{_CN_DIGITS}]+"
    return re.compile(
        rf"""
        (?P<listno>(?<![^\n])\d{{1,2}}\.(?=\d+(?:{units})[\u4e00-\u9fff]))
      | (?P<fraction>(?:{_ARABIC}|{cn})分之(?:{_ARABIC}|{cn}))
      | (?P<cnpercent>百分之(?:{_ARABIC}|{cn}))
      | (?P<arabic>{_ARABIC})(?P<arabic_unit>\s*(?:[%‰]|{tail}|{_DATE_UNIT}|[余多](?=[万亿千]?[\u4e00-\u9fff])|[万亿千]))?
      | (?P<cn>{cn})(?P<cn_unit>{tail})
        """,
        re.VERBOSE,
    )


# Every alternative of _pattern() starts with an ASCII/Unicode digit or a
# Chinese numeral character. ``re`` cannot skip ahead to those by itself (the
# alternatives start with groups), so _matches() looks for them first and tries
# the pattern only there: the same matches, found about twice as fast.
_STARTS = re.compile(rf"[\d{_CN_DIGITS}]")


def _matches(text: str) -> Iterator[re.Match[str]]:
    """``_pattern().finditer(text)`` (its matches are never empty)."""
    return finditer_at_starts(_STARTS, _pattern(), text)


def split_protected(text: str) -> list[tuple[int, int, bool]]:
    """Cut ``text`` into (start, end, protected) pieces covering it fully.

    Protected pieces are number tokens and unit tokens; they are emitted as
    tokens as they are. Unprotected pieces go to the segmenter.
    ``text`` should already be normalised (ASCII digits), but the offsets
    are those of the string given, so callers can slice the original.
    """
    pieces: list[tuple[int, int, bool]] = []
    pos = 0
    for m in _matches(text):
        if m.start() > pos:
            pieces.append((pos, m.start(), False))
        for number_group, unit_group in (("arabic", "arabic_unit"), ("cn", "cn_unit")):
            if m.group(number_group) is not None:
                pieces.append((m.start(number_group), m.end(number_group), True))
                unit = m.group(unit_group)
                if unit:
                    u_start = m.start(unit_group) + (len(unit) - len(unit.lstrip()))
                    if u_start > m.end(number_group):
                        pieces.append((m.end(number_group), u_start, False))
                    pieces.append((u_start, m.end(unit_group), True))
                break
        else:
            pieces.append((m.start(), m.end(), True))
        pos = m.end()
    if pos < len(text):
        pieces.append((pos, len(text), False))
    return pieces
