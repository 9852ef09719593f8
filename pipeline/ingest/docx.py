"""Word (.docx) reader: body paragraphs and tables in document order."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import docx  # python-docx; absolute import, so not this module
from docx.document import Document as DocxDocument
from docx.table import Table as DocxTable
from docx.table import _Cell, _Row

from pipeline.ingest.errors import CorruptDocxError
from pipeline.ingest.render import Rendered, TextBuilder, join_pieces

# Word names its main part word/document.xml; some generators use document2.xml.
_MAIN_PART = re.compile(r"(^|/)document\d*\.xml$")


def _open(data: bytes, path: str | Path) -> DocxDocument:
    # Check the container ourselves: python-docx reports a bad zip or a zip that is
    # not a Word file with assorted exception types and no file name.
    try:
        names = set(zipfile.ZipFile(io.BytesIO(data)).namelist())
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise CorruptDocxError(path, f"is not a .docx (not a zip archive: {exc})") from exc
    if "[Content_Types].xml" not in names or not any(_MAIN_PART.search(n) for n in names):
        raise CorruptDocxError(path, "is a zip archive but not a Word document (no document.xml)")

    try:
        return docx.Document(io.BytesIO(data))
    except Exception as exc:  # any parse failure means the package is broken
        raise CorruptDocxError(path, f"cannot be opened as a Word document: {exc}") from exc


def _cell_text(cell: _Cell) -> str:
    """A cell as one line: its paragraphs and any nested tables, joined."""
    pieces: list[str] = []
    for block in cell.iter_inner_content():
        if isinstance(block, DocxTable):  # a nested table, flattened row by row
            pieces.extend(_cell_text(c) for row in block.rows for c in _unique_cells(row))
        else:
            pieces.append(block.text)
    return join_pieces(pieces)


def _unique_cells(row: _Row) -> list[_Cell]:
    # python-docx yields a horizontally merged cell once per grid column it spans
    # (and a vertically merged one in every row); keep it once per row.
    seen: set[int] = set()
    cells: list[_Cell] = []
    for cell in row.cells:
        key = id(cell._tc)
        if key not in seen:
            seen.add(key)
            cells.append(cell)
    return cells


def read_docx(data: bytes, path: str | Path) -> Rendered:
    document = _open(data, path)
    builder = TextBuilder()
    try:
        for block in document.iter_inner_content():
            if isinstance(block, DocxTable):
                rows = [[_cell_text(c) for c in _unique_cells(row)] for row in block.rows]
                builder.add_table(rows)
            else:
                builder.add_line(block.text)
    except Exception as exc:  # malformed XML surfaces lazily, mid-walk
        raise CorruptDocxError(path, f"has malformed content: {exc}") from exc
    return builder.rendered()
