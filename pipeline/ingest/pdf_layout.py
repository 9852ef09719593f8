"""PDF page layout to text, as a reader sees it.

Input: per page, the text lines outside tables (with their boxes) and the
tables (with their top). Output: one paragraph a line, tables as tab rows, and
the page of every character, through ``TextBuilder``.

* Running headers and footers (a line in the top or bottom tenth of the page
  that recurs on other pages, digits aside) and page numbers are dropped.
* Two-column pages are read left column first, then right column.
* A line that runs to the right edge of its column continues on the next line
  when that one starts at the left edge (not indented) and follows closely:
  they are rejoined, without a space between Chinese characters or inside a
  number, so ``资本性支`` + ``出3.36万元`` reads ``资本性支出3.36万元``. A
  paragraph may continue across a column or a page break.

Scanned pages read by OCR come here too, with boxes from Tesseract.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from pipeline.ingest.document import Table
from pipeline.ingest.render import TextBuilder

_MARGIN = 0.1  # share of the page height where running headers and footers sit
_PAGE_NUMBER = re.compile(
    r"[-—–_\s]*(?:第\s*)?\d{1,4}\s*页?(?:\s*[/／]\s*\d{1,4}|\s*[,，]?\s*共\s*\d{1,4}\s*页)?[-—–_\s]*"
    r"|(?:page|p\.)\s*\d{1,4}(?:\s*(?:of|/)\s*\d{1,4})?",
    re.IGNORECASE,
)
# A numbered item: 一、 （一） 1、 1. and a scoring list's item code (A1, D2, C6 before
# its Chinese name).
_NUMBERED = re.compile(
    r"^\s*(?:[一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十\d]+[)）]|\d+[、.．](?!\d)"
    r"|[A-Z]\d{1,2} ?(?=[\u4e00-\u9fff]))"
)
_SENTENCE_END = tuple("。；;：:！？!?")


@dataclass(slots=True)
class Line:
    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float  # character height, the unit of the layout tolerances
    # the pieces of a line that has wide gaps in it (pieces of two columns on
    # one baseline); used when the page turns out to have two columns
    parts: list[Line] = field(default_factory=list)


@dataclass(slots=True)
class PageTable:
    top: float
    rows: list[list[str]]
    x0: float = 0.0
    x1: float = 0.0


@dataclass(slots=True)
class PageLayout:
    number: int
    width: float
    height: float
    lines: list[Line] = field(default_factory=list)
    tables: list[PageTable] = field(default_factory=list)


def join_wrapped(left: str, right: str) -> str:
    """Rejoin text broken at a line end: a space only between Latin words."""
    if not left or not right:
        return left + right
    a, b = left[-1], right[0]
    latin = a.isascii() and a.isalpha() and b.isascii() and b.isalnum()
    latin = latin or (a.isascii() and a.isdigit() and b.isascii() and b.isalpha())
    return left + (" " if latin else "") + right


def join_lines(lines: list[str]) -> str:
    out = ""
    for line in lines:
        line = line.strip()
        if line:
            out = join_wrapped(out, line)
    return out


def _furniture_key(text: str) -> str:
    return re.sub(r"\d+", "#", re.sub(r"\s+", "", text))


def drop_furniture(pages: list[PageLayout]) -> None:
    """Remove page numbers and running headers/footers, in place."""
    in_margin: dict[int, list[Line]] = {}
    counts: Counter[str] = Counter()
    for page in pages:
        zone = _MARGIN * page.height
        margin = [ln for ln in page.lines if ln.top < zone or ln.bottom > page.height - zone]
        in_margin[page.number] = margin
        counts.update({_furniture_key(ln.text) for ln in margin})
    repeats = max(2, len(pages) // 2)
    for page in pages:
        drop = {
            id(ln)
            for ln in in_margin[page.number]
            if _PAGE_NUMBER.fullmatch(ln.text) or counts[_furniture_key(ln.text)] >= repeats
        }
        if drop:
            page.lines = [ln for ln in page.lines if id(ln) not in drop]


Item = tuple[str, Line | PageTable]  # (column: "", "left" or "right"; the item)


def reading_order(page: PageLayout) -> list[Item]:
    """The page's lines and tables in reading order, each with its column."""
    mid = page.width / 2
    pieces = [part for ln in page.lines for part in (ln.parts or [ln])]
    left = [ln for ln in pieces if ln.x1 <= mid]
    right = [ln for ln in pieces if ln.x0 >= mid]
    spanning = len(pieces) - len(left) - len(right)
    two_columns = len(left) >= 4 and len(right) >= 4 and spanning <= len(pieces) // 4
    items: list[tuple[float, int, Item]] = [(t.top, 1, ("", t)) for t in page.tables]
    if not two_columns:
        items += [(ln.top, 0, ("", ln)) for ln in page.lines]
        return [item for _, _, item in sorted(items, key=lambda e: (e[0], e[1]))]
    # bands between full-width items; in each, the left column, then the right
    full = sorted(
        [(t.top, 1, ("", t)) for t in page.tables]
        + [(ln.top, 0, ("", ln)) for ln in pieces if ln.x0 < mid < ln.x1],
        key=lambda e: (e[0], e[1]),
    )
    out: list[Item] = []
    columned = sorted(
        [(ln.top, "left", ln) for ln in left] + [(ln.top, "right", ln) for ln in right],
        key=lambda e: e[0],
    )
    i = 0
    for top, _, item in [*full, (float("inf"), 0, ("", None))]:
        band: list[tuple[float, str, Line]] = []
        while i < len(columned) and columned[i][0] < top:
            band.append(columned[i])
            i += 1
        out += [(col, ln) for _, col, ln in band if col == "left"]
        out += [(col, ln) for _, col, ln in band if col == "right"]
        if item[1] is not None:
            out.append(item)  # type: ignore[arg-type]
    return out


def _edges(pages: list[PageLayout], ordered: list[list[Item]]) -> dict[str, tuple[float, float]]:
    """Left and right text edge of each column kind, over the whole document.

    The left edge is where most lines start (a heading or an indented first line
    starts elsewhere). The right edge is where most long lines end (the 80th
    percentile: unjustified lines end a little short of the measure, and a few
    run past it); a single column whose lines all end well short of the mirror
    of its left edge (page margins are symmetric) takes that mirror instead.
    """
    starts: dict[str, Counter[float]] = {}
    ends: dict[str, list[float]] = {}
    width = 0.0
    for page, items in zip(pages, ordered, strict=True):
        width = max(width, page.width)
        for col, item in items:
            if isinstance(item, Line):
                starts.setdefault(col, Counter())[round(item.x0)] += 1
                ends.setdefault(col, []).append(item.x1)
    edges: dict[str, tuple[float, float]] = {}
    for col, counter in starts.items():
        left = float(counter.most_common(1)[0][0])
        widest = max(ends[col])
        long = sorted(x for x in ends[col] if x - left > 0.5 * (widest - left))
        right = long[int(0.8 * (len(long) - 1))]
        mirror = width - left
        if col == "" and (len(long) < 3 or right < mirror - 0.15 * (mirror - left)):
            right = max(right, mirror)  # no line fills the measure: none was wrapped
        edges[col] = (left, right)
    return edges


# A run of drawn spaces (pdf.py keeps them): columns aligned with spaces.
_COLUMN_GAP = "  "
# An ASCII comma next to a Chinese character or another comma: a field break of
# comma-separated values (Chinese prose writes ，); two make a row of them.
_CSV_FIELD = re.compile(r"[\u4e00-\u9fff],|,[\u4e00-\u9fff]|,,")
_FIRST_WORD = re.compile(r"[A-Za-z0-9.,%/:+\-]+")


def _first_word_width(line: Line) -> float:
    """About how wide the first unbreakable piece of ``line`` is: a run of Latin
    letters and digits (half-width, ~0.55 em each) or one Chinese character."""
    m = _FIRST_WORD.match(line.text.lstrip())
    return len(m.group()) * 0.55 * line.size if m else line.size


def _is_row(text: str) -> bool:
    """A row of columns aligned with spaces, or of comma-separated values: a
    line of its own even after a full line."""
    text = text.strip()
    return _COLUMN_GAP in text or len(_CSV_FIELD.findall(text)) >= 2


def _continues(
    a: Line, b: Line, ea: tuple[float, float], eb: tuple[float, float], same_flow: bool
) -> bool:
    """Does line ``b`` continue the paragraph that line ``a`` ends? It does when
    ``b``'s first word would not have fitted at the end of ``a`` (the line was
    wrapped, not ended), ``b`` is not indented, follows closely and is not a
    row of columns (``_is_row``)."""
    wrapped = ea[1] - a.x1 < _first_word_width(b) + 0.5 * a.size
    starts_at_edge = abs(b.x0 - eb[0]) <= 0.5 * b.size
    if not (wrapped and starts_at_edge) or _is_row(b.text):
        return False
    if same_flow and not (-0.5 * a.size <= b.top - a.bottom <= 0.9 * a.size):
        return False
    return not (a.text.rstrip().endswith(_SENTENCE_END) and _NUMBERED.match(b.text))


Box = tuple[int, int, int, float, float, float, float]  # start, end, page, x0, top, x1, bottom


def render_pages(
    pages: list[PageLayout], builder: TextBuilder, boxes: list[Box] | None = None
) -> list[tuple[int, int, int]]:
    """Write the pages through ``builder``; return (start, end, page) ranges.
    ``boxes`` gets each paragraph's box on each of its pages (PDF points)."""
    drop_furniture(pages)
    ordered = [reading_order(p) for p in pages]
    edges = _edges(pages, ordered)
    marks: list[tuple[int, int]] = []  # (offset, page) where a page's text starts again
    paragraph: list[tuple[Line, int, str]] = []  # (line, page, column)

    def flush() -> None:
        if not paragraph:
            return
        text = ""
        starts: list[tuple[int, int]] = []
        for line, page, _ in paragraph:
            joined = join_wrapped(text, line.text.strip())
            starts.append((len(joined) - len(line.text.strip()), page))
            text = joined
        start = builder.add_line(text)
        if start is not None:
            marks.extend((start + offset, page) for offset, page in starts)
            if boxes is not None:
                boxes.extend(_boxes(paragraph, starts, start, len(text)))
        paragraph.clear()

    last_table: tuple[Table, int, int] | None = None  # (table, its page, width) if last item
    for page, items in zip(pages, ordered, strict=True):
        for col, item in items:
            if isinstance(item, PageTable):
                flush()
                width = max((len(r) for r in item.rows), default=0)
                rows = item.rows
                previous = None
                if last_table and last_table[1] < page.number and last_table[2] == width:
                    previous = last_table[0]  # a table broken by a page break goes on
                    header = [c.text for c in previous.rows[0]]
                    if rows and rows[0] == header:
                        rows = rows[1:]  # the header repeated on the new page
                start = builder.length
                table = builder.add_table(rows, page=page.number, continues=previous)
                if table is not None:
                    marks.append((start, page.number))
                    last_table = (table, page.number, width)
                continue
            last_table = None
            if not item.text.strip():
                continue
            if paragraph:
                last, last_page, last_col = paragraph[-1]
                same_flow = last_page == page.number and last_col == col
                if not _continues(last, item, edges[last_col], edges[col], same_flow):
                    flush()
            paragraph.append((item, page.number, col))
    flush()
    return _page_ranges(marks, builder.length)


def _boxes(
    paragraph: list[tuple[Line, int, str]], starts: list[tuple[int, int]], start: int, length: int
) -> list[Box]:
    """One box per page the paragraph is on, with the characters it holds there."""
    out: list[Box] = []
    for i, ((line, page, _), (offset, _)) in enumerate(zip(paragraph, starts, strict=True)):
        end = starts[i + 1][0] if i + 1 < len(starts) else length
        if out and out[-1][2] == page:
            s, _, p, x0, top, x1, bottom = out[-1]
            out[-1] = (
                s,
                start + end,
                p,
                min(x0, line.x0),
                min(top, line.top),
                max(x1, line.x1),
                max(bottom, line.bottom),
            )
        else:
            out.append((start + offset, start + end, page, line.x0, line.top, line.x1, line.bottom))
    return out


def _page_ranges(marks: list[tuple[int, int]], length: int) -> list[tuple[int, int, int]]:
    ranges: list[tuple[int, int, int]] = []
    for offset, page in sorted(marks):
        if ranges and ranges[-1][2] == page:
            continue
        if ranges:
            ranges[-1] = (ranges[-1][0], offset, ranges[-1][2])
        ranges.append((0 if not ranges else offset, length, page))
    return ranges
