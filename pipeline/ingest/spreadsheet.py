"""Spreadsheet reader (.xlsx with openpyxl, .xls with python-calamine).

Every sheet, in workbook order, is laid out as the other readers lay out a
document: a row with one filled cell in the sheet's first used column is a
paragraph; a run of rows with several filled cells (or inside a merged range
wider than a cell) is a table, rendered on its column grid (a merged range's
text at its top-left position, '' where it spans) like tables from .docx and
.html. Each cell's text span is recorded with its sheet and A1 reference, so
facts can cite them.
"""

from __future__ import annotations

import datetime
import io
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from pipeline.ingest.errors import CorruptSpreadsheetError
from pipeline.ingest.render import Rendered, TextBuilder, flatten, join_pieces

_MIN_TABLE_ROWS = 2


@dataclass(slots=True)
class Sheet:
    """A sheet's filled cells as text, 0-based (row, col), and its merged ranges."""

    name: str
    values: dict[tuple[int, int], str]
    # (row, col, last_row, last_col) of each merged range, 0-based, inclusive
    merges: list[tuple[int, int, int, int]] = field(default_factory=list)


def cell_ref(row: int, col: int) -> str:
    """A1-style reference of a 0-based position (0, 0) -> 'A1'."""
    letters = ""
    col += 1
    while col:
        col, rem = divmod(col - 1, 26)
        letters = chr(ord("A") + rem) + letters
    return f"{letters}{row + 1}"


def _text(value: object, number_format: str | None = None) -> str:
    """A cell value as the sheet shows it: whole numbers without '.0', a
    percent-formatted fraction as 'N%', dates as ISO."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, (int, float)):
        if number_format and "%" in number_format:
            value = round(value * 100, 10)
            return f"{_number(value)}%"
        return _number(value)
    if isinstance(value, (datetime.datetime, datetime.date)):
        return value.isoformat().removesuffix("T00:00:00")
    return flatten(str(value))


def _number(value: float) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return repr(value) if isinstance(value, float) else str(value)


def _xlsx_sheets(data: bytes, path: str | Path) -> list[Sheet]:
    from openpyxl import load_workbook

    try:
        zipfile.ZipFile(io.BytesIO(data)).namelist()
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise CorruptSpreadsheetError(path, f"is not an .xlsx (not a zip archive: {exc})") from exc
    try:
        # not read_only: merged ranges are only known in the normal mode
        book = load_workbook(io.BytesIO(data), data_only=True)
    except Exception as exc:
        raise CorruptSpreadsheetError(path, f"cannot be opened as a workbook: {exc}") from exc
    sheets: list[Sheet] = []
    for ws in book.worksheets:
        values: dict[tuple[int, int], str] = {}
        for row in ws.iter_rows():
            for cell in row:
                if cell.value is None:
                    continue
                text = _text(cell.value, cell.number_format)
                if text:
                    values[(cell.row - 1, cell.column - 1)] = text
        merges = [
            (m.min_row - 1, m.min_col - 1, m.max_row - 1, m.max_col - 1)
            for m in ws.merged_cells.ranges
        ]
        sheets.append(Sheet(ws.title, values, merges))
    return sheets


def _xls_sheets(data: bytes, path: str | Path) -> list[Sheet]:
    from python_calamine import CalamineError, CalamineWorkbook

    try:
        book = CalamineWorkbook.from_filelike(io.BytesIO(data))
    except (CalamineError, ValueError, OSError) as exc:
        raise CorruptSpreadsheetError(path, f"cannot be opened as a workbook: {exc}") from exc
    sheets: list[Sheet] = []
    for name in book.sheet_names:
        ws = book.get_sheet_by_name(name)
        values: dict[tuple[int, int], str] = {}
        for r, row in enumerate(ws.to_python(skip_empty_area=False)):
            for c, value in enumerate(row):
                text = _text(value if value != "" else None)
                if text:
                    values[(r, c)] = text
        merges = [(a[0], a[1], b[0], b[1]) for a, b in (ws.merged_cell_ranges or [])]
        sheets.append(Sheet(name, values, merges))
    return sheets


def _render_sheet(
    sheet: Sheet, builder: TextBuilder, cells: list[tuple[int, int, str, str]]
) -> None:
    if not sheet.values:
        return
    first_col = min(c for _, c in sheet.values)
    last_col = max(max(c for _, c in sheet.values), *(m[3] for m in sheet.merges), first_col)
    wide_rows = {
        r for m in sheet.merges if m[3] > m[1] or m[2] > m[0] for r in range(m[0], m[2] + 1)
    }
    by_row: dict[int, list[int]] = {}
    for r, c in sheet.values:
        by_row.setdefault(r, []).append(c)

    def is_table_row(r: int) -> bool:
        cols = by_row.get(r, [])
        return len(cols) >= 2 or r in wide_rows or any(c != first_col for c in cols)

    rows = sorted(by_row)
    i = 0
    while i < len(rows):
        j = i
        while j < len(rows) and is_table_row(rows[j]) and (j == i or rows[j] == rows[j - 1] + 1):
            j += 1
        if j - i >= _MIN_TABLE_ROWS:
            _add_table(sheet, rows[i:j], first_col, last_col, builder, cells)
            i = j
            continue
        r = rows[i]  # a paragraph (or a lone row of cells, read as one line)
        cols = sorted(by_row[r])
        start = builder.length
        line = join_pieces(sheet.values[(r, c)] for c in cols)
        if builder.add_line(line) is not None and len(cols) == 1:
            cells.append((start, start + len(flatten(line)), sheet.name, cell_ref(r, cols[0])))
        i += 1


def _add_table(
    sheet: Sheet,
    rows: list[int],
    first_col: int,
    last_col: int,
    builder: TextBuilder,
    cells: list[tuple[int, int, str, str]],
) -> None:
    grid = [[sheet.values.get((r, c), "") for c in range(first_col, last_col + 1)] for r in rows]
    table = builder.add_table(grid)
    if table is None:
        return
    kept = [r for r, line in zip(rows, grid, strict=True) if any(flatten(v) for v in line)]
    for sheet_row, out_row in zip(kept, table.rows, strict=True):
        for cell in out_row:
            if cell.text:
                ref = cell_ref(sheet_row, first_col + cell.col)
                cells.append((cell.start, cell.end, sheet.name, ref))


def read_spreadsheet(data: bytes, path: str | Path, fmt: str) -> Rendered:
    sheets = _xlsx_sheets(data, path) if fmt == "xlsx" else _xls_sheets(data, path)
    builder = TextBuilder()
    cells: list[tuple[int, int, str, str]] = []
    for sheet in sheets:
        _render_sheet(sheet, builder, cells)
    rendered = builder.rendered()
    rendered.cells = cells
    return rendered
