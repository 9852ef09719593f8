"""Build a reader's text rendering line by line, recording table cell spans.

Readers for structured formats (docx, pdf, html) all render the same way: one
paragraph a line, one table row a line of tab-separated cells. Building the
text here, in one place, is what guarantees ``text[cell.start:cell.end] ==
cell.text`` for every reader.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from pipeline.ingest.document import Cell, Table

# Characters that would split a line if they reached the rendering. A tab would
# split a cell, so it becomes a space: it separates like a column gap, not a wrap.
_BREAKS = re.compile(r"[\n\r\v\f\x1c-\x1e\x85\u2028\u2029]+")


def is_cjk(char: str) -> bool:
    # Wide/fullwidth characters are CJK ideographs, kana, hangul and CJK punctuation.
    return unicodedata.east_asian_width(char) in ("W", "F")


def join_pieces(pieces: Iterable[str]) -> str:
    """Join text fragments (wrapped lines, cell paragraphs) into one line.

    Chinese has no spaces between words, so a wrap between two CJK characters
    joins with nothing; anywhere else a single space keeps words apart.
    """
    out = ""
    for piece in pieces:
        piece = piece.strip()
        if not piece:
            continue
        if out and not (is_cjk(out[-1]) and is_cjk(piece[0])):
            out += " "
        out += piece
    return out


# Tabs (above) and no-break spaces become spaces: a no-break space (HTML &nbsp;,
# Word's) is a space to a reader, and the rules that read runs of spaces
# (columns aligned with spaces) must see it as the .txt of the page has it.
_AS_SPACE = str.maketrans({"\t": " ", "\u00a0": " "})


def flatten(text: str) -> str:
    """One-line form of ``text``: line breaks joined as in join_pieces, tabs and
    no-break spaces as spaces."""
    return join_pieces(_BREAKS.split(text.translate(_AS_SPACE)))


def place_spans(rows: Iterable[Iterable[tuple[str, int, int]]]) -> list[list[str]]:
    """Lay out table rows of ``(text, rowspan, colspan)`` cells, as HTML and Word
    write them, on a grid: a merged cell's text at its top-left position and ''
    at every other position it covers, so columns line up with the header and
    the table reader carries merged category cells down as it does for .txt.
    """
    grid: list[list[str]] = []
    taken: set[tuple[int, int]] = set()  # positions covered by a rowspan from above
    for r, row in enumerate(rows):
        while len(grid) <= r:
            grid.append([])
        col = 0
        for text, rowspan, colspan in row:
            while (r, col) in taken:
                col += 1
            for dr in range(max(1, rowspan)):
                for dc in range(max(1, colspan)):
                    taken.add((r + dr, col + dc))
            line = grid[r]
            line.extend([""] * (col + max(1, colspan) - len(line)))
            line[col] = text
            col += max(1, colspan)
    width = max((c for _, c in taken), default=-1) + 1
    height = len(grid)
    return [row + [""] * (width - len(row)) for row in grid[:height]]


@dataclass(slots=True)
class Rendered:
    """What a reader produces; read_document wraps it into a Document."""

    text: str
    tables: list[Table] = field(default_factory=list)
    pages: list[tuple[int, int, int]] = field(default_factory=list)
    encoding: str | None = None
    # (start, end, sheet, cell) of each spreadsheet cell's text, for spreadsheets
    cells: list[tuple[int, int, str, str]] = field(default_factory=list)
    ocr: OcrInfo | None = None
    # (start, end, page, x0, top, x1, bottom) of each paragraph, for PDFs (points)
    boxes: list[tuple[int, int, int, float, float, float, float]] = field(default_factory=list)


@dataclass(slots=True)
class OcrInfo:
    """Pages a scanned PDF had read by OCR, and the mean word confidence (0-100)."""

    pages: list[int]
    confidence: float | None


class TextBuilder:
    """Append lines and tables; keeps offsets exact by construction."""

    def __init__(self) -> None:
        self._parts: list[str] = []
        self._length = 0
        self.tables: list[Table] = []

    @property
    def length(self) -> int:
        return self._length

    def _emit(self, line: str) -> int:
        start = self._length
        self._parts.append(line)
        self._parts.append("\n")
        self._length += len(line) + 1
        return start

    def add_line(self, text: str) -> int | None:
        """Add one paragraph and return its start; blank ones are dropped (None)."""
        line = flatten(text)
        return self._emit(line) if line else None

    def add_table(
        self,
        rows: Sequence[Sequence[str]],
        page: int | None = None,
        continues: Table | None = None,
    ) -> Table | None:
        """Render rows as tab-separated lines and return the Table with cell spans.

        All-empty rows are skipped; a table with no non-empty row is not added.
        ``continues``: the last table added, which these rows continue (a table
        broken by a page break); they are appended to it instead.
        """
        table = continues or Table(index=len(self.tables), rows=[], page=page)
        for raw_row in rows:
            cells_text = [flatten(c) for c in raw_row]
            if not any(cells_text):
                continue
            line_start = self._emit("\t".join(cells_text))
            row_index = len(table.rows)
            cells: list[Cell] = []
            pos = line_start
            for col, cell_text in enumerate(cells_text):
                cells.append(Cell(row_index, col, cell_text, pos, pos + len(cell_text)))
                pos += len(cell_text) + 1  # the tab
            table.rows.append(cells)
        if not table.rows:
            return None
        if continues is None:
            self.tables.append(table)
        return table

    def text(self) -> str:
        return "".join(self._parts)

    def rendered(self, pages: list[tuple[int, int, int]] | None = None) -> Rendered:
        return Rendered(text=self.text(), tables=self.tables, pages=pages or [])
