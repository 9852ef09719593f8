"""The one document model every reader produces."""

from __future__ import annotations

import hashlib
from bisect import bisect_right
from dataclasses import dataclass, field
from pathlib import Path

from pipeline.ingest.paragraphs import Paragraph, split_paragraphs


@dataclass(frozen=True, slots=True)
class Cell:
    row: int
    col: int
    text: str
    start: int  # character span of the cell text in Document.text
    end: int


@dataclass(slots=True)
class Table:
    index: int
    rows: list[list[Cell]]
    page: int | None = None  # 1-based page number where the reader knows it


@dataclass(slots=True)
class Document:
    """A report as text plus structure.

    ``text`` is the text every offset points into: for .txt it is the decoded
    file verbatim; for .docx/.pdf/.html it is the reader's rendering (one
    paragraph a line, table rows as tab-separated lines), which is what
    evidence offsets cite.
    """

    id: str
    name: str
    source: Path | None
    format: str
    text: str
    tables: list[Table] = field(default_factory=list)
    # (start, end, page_number) character ranges, for formats with pages
    pages: list[tuple[int, int, int]] = field(default_factory=list)
    encoding: str | None = None
    # (start, end, sheet, cell) of each spreadsheet cell's text, sorted by start
    cells: list[tuple[int, int, str, str]] = field(default_factory=list)
    # (start, end, page, x0, top, x1, bottom) of each paragraph of a PDF, in
    # points from the page's top left: where on the page (or scan) it sits
    boxes: list[tuple[int, int, int, float, float, float, float]] = field(default_factory=list)
    ocr_pages: list[int] = field(default_factory=list)  # pages read by OCR
    ocr_confidence: float | None = None  # mean word confidence of those pages, 0-100
    _paragraphs: list[Paragraph] | None = field(default=None, repr=False)

    @property
    def paragraphs(self) -> list[Paragraph]:
        if self._paragraphs is None:
            self._paragraphs = split_paragraphs(self.text)
        return self._paragraphs

    def page_at(self, offset: int) -> int | None:
        for start, end, page in self.pages:
            if start <= offset < end:
                return page
        return None

    def cell_at(self, offset: int) -> tuple[str, str] | None:
        """(sheet, A1 reference) of the spreadsheet cell whose text holds ``offset``."""
        i = bisect_right(self.cells, (offset, float("inf"))) - 1
        if i >= 0 and self.cells[i][0] <= offset < self.cells[i][1]:
            return self.cells[i][2], self.cells[i][3]
        return None


def document_id(name: str, content: bytes) -> str:
    """Stable id from the file name and a content hash: the same bytes under the
    same name always get the same id; edited content gets a new one."""
    digest = hashlib.sha256(content).hexdigest()[:16]
    return f"{Path(name).stem}-{digest}"


def content_hash(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()
