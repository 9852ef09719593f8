"""The reading text of a paragraph: table cells kept apart, OCR garble in numbers undone.

:func:`reading_text` returns a string of the same length as its input (so every
offset into it is an offset into the original) in which

* full-width characters are half-width (:func:`pipeline.ingest.normalise.normalise`);
* every cell boundary is a tab, so that no quantity crosses it (the patterns
  allow at most one space inside a quantity and never a tab): a tab, a pipe with
  the spaces around it, a run of two or more spaces, an ideographic space
  (U+3000), and an ASCII comma that is no thousands separator (a row saved as
  CSV: ``,,改造供水管网,≥30公里,31.5公里,6,6``; ``10,100%`` is a score cell and
  a percent, as no rate is written 10,100%);
* a full-width comma between a digit and three more is a thousands separator
  (OCR: ``2，345万元``);
* an OCR letter inside a run of digits is the digit it stands for (``9O%``,
  ``4l6起``, ``2,O35.5万元``: O → 0, l → 1), as the guide tags garbled numbers
  as written (R34) and their value is still the number meant;
* a space that OCR put between two digits of one number (``9 2.3%``,
  ``31 5个``) is moved to the number's end (``92.3 %``), so the grammar reads
  one number and the span still covers what is written. It is left where it
  is in a row whose cells are single spaces apart (``苗木成活率 10 85% 88% 10``)
  and where the joined number cannot be meant (a percent or score above 100:
  ``10 85%`` is a score cell and a percent, R33).
"""

from __future__ import annotations

import re

from pipeline.ingest.normalise import normalise

__all__ = ["reading_text"]

CELL = "\t"  # what every cell boundary becomes
_BOUNDARY = re.compile(r" *\| *|\t| {2,}")
# an ASCII comma that is no thousands separator (1,297.59 and 6,000户 keep theirs)
_CSV_COMMA = re.compile(r",(?!(?<=\d,)\d{3}(?!\d))")
# a thousands-shaped comma inside a percent cell past any rate written so: two cells
_SPLIT_PERCENT = re.compile(r"(?:^|(?<=[\t\n]))(\d+,\d{3}(?:\.\d+)?)(?= ?%)", re.MULTILINE)
_PERCENT_CAP = 1000
_FULL_WIDTH_THOUSANDS = re.compile(r"，(?<=\d，)(?=\d{3}(?!\d))")
# a run of digits with OCR letters in it: at least one digit, not inside a Latin word
_OCR_RUN = re.compile(r"(?<![A-Za-z])[\dOl](?:[\dOl]|[,.](?=[\dOl]))*(?![A-Za-z])")
_OCR_DIGITS = str.maketrans("Ol", "01")
_OCR_NEXT_TO_DIGIT = re.compile(r"\d[,.]?[Ol]|[Ol][,.]?\d")  # cheap test before _OCR_RUN
# two digits one space apart; the number around the space
_INNER_SPACE = re.compile(r" (?<=\d )(?=\d)")
_LEFT_NUMBER = re.compile(r"(?<![A-Za-z\d.,])\d+(?:,\d+)*(?:\.\d+)?$")  # not in PM2.5
_RIGHT_NUMBER = re.compile(r"\d+(?:,\d+)*(?:\.\d+)?")
# the units that cap a joined number at 100: percent and points scored
_CAPPED_UNIT = re.compile(r" ?(?:[%‰]|分(?![钟之]))")
_CAP = 100
# a row flattened with single spaces: three or more cells that start with a
# number or a comparison sign, and no sentence punctuation
_NUMERIC_CELL = re.compile(r"(?:^| )[≥≤<>=]*\d")
_SENTENCE = re.compile(r"[，。；：]")
_FLAT_ROW_CELLS = 3


def reading_text(text: str) -> str:
    """``text`` as the quantity patterns read it; same length, same offsets."""
    out = normalise(text.replace("\u3000", CELL))
    if ("O" in out or "l" in out) and _OCR_NEXT_TO_DIGIT.search(out):
        out = _OCR_RUN.sub(_ocr_digits, out)
    if "|" in out or "  " in out:
        out = _BOUNDARY.sub(lambda m: CELL * len(m.group()), out)
    if " " in out:
        out = "\n".join(_join_split_numbers(line) for line in out.split("\n"))
    if "，" in out:
        out = _FULL_WIDTH_THOUSANDS.sub(",", out)
    if "," in out:
        out = _CSV_COMMA.sub(CELL, out)
        if "%" in out:
            out = _SPLIT_PERCENT.sub(_percent_cells, out)
    return out


def _percent_cells(m: re.Match[str]) -> str:
    number = m.group(1)
    return number.replace(",", CELL) if _value(number) > _PERCENT_CAP else number


def _ocr_digits(m: re.Match[str]) -> str:
    run = m.group()
    if run.isdigit() or not any(c.isdigit() for c in run):
        return run
    return run.translate(_OCR_DIGITS)


def _join_split_numbers(line: str) -> str:
    """Move each OCR space inside a number of ``line`` to the number's end."""
    if _INNER_SPACE.search(line) is None or _is_flat_row(line):
        return line
    chars = list(line)
    for m in _INNER_SPACE.finditer(line):
        at = m.start()
        left = _LEFT_NUMBER.search(line, 0, at)
        right = _RIGHT_NUMBER.match(line, at + 1)
        if left is None or right is None or chars[at] != " ":
            continue
        if "." in left.group() and "." in right.group():
            continue  # two decimals: two numbers
        joined = left.group() + right.group()
        if _CAPPED_UNIT.match(line, right.end()) and _value(joined) > _CAP:
            continue
        chars[at : right.end()] = [*right.group(), " "]
    return "".join(chars)


def _is_flat_row(line: str) -> bool:
    return (
        CELL not in line
        and _SENTENCE.search(line) is None
        and len(_NUMERIC_CELL.findall(line)) >= _FLAT_ROW_CELLS
    )


def _value(number: str) -> float:
    try:
        return float(number.replace(",", ""))
    except ValueError:
        return float("inf")
