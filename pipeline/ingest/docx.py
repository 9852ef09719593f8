"""Word (.docx) reader: body paragraphs and tables in document order."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import docx  # python-docx; absolute import, so not this module
from docx.document import Document as DocxDocument
from docx.oxml.simpletypes import ST_Merge
from docx.table import Table as DocxTable
from docx.table import _Cell

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
            pieces.extend(join_pieces(row) for row in _grid(block))
        else:
            pieces.append(block.text)
    return join_pieces(pieces)


def _grid(table: DocxTable) -> list[list[str]]:
    """The table on its column grid: a merged cell's text at its top-left position,
    '' where a horizontal merge (gridSpan) or a vertical one (vMerge continue)
    covers the grid, so columns line up as in the .txt layouts."""
    rows: list[list[str]] = []
    for tr in table._tbl.tr_lst:
        row = [""] * tr.grid_before
        for tc in tr.tc_lst:
            continued = tc.vMerge == ST_Merge.CONTINUE
            row.append("" if continued else _cell_text(_Cell(tc, table)))
            row.extend([""] * (tc.grid_span - 1))
        rows.append(row)
    width = max((len(r) for r in rows), default=0)
    return [r + [""] * (width - len(r)) for r in rows]


def read_docx(data: bytes, path: str | Path) -> Rendered:
    document = _open(data, path)
    builder = TextBuilder()
    try:
        for block in document.iter_inner_content():
            if isinstance(block, DocxTable):
                builder.add_table(_grid(block))
            else:
                builder.add_line(block.text)
    except Exception as exc:  # malformed XML surfaces lazily, mid-walk
        raise CorruptDocxError(path, f"has malformed content: {exc}") from exc
    return builder.rendered()
