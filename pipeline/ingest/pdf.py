"""PDF reader (pdfplumber): page text and tables, in reading order per page.

pdfplumber's page text already contains table contents as space-joined lines,
which would cite each number twice and lose the cell boundaries. So each page
is rendered as its text lines *outside* the tables, with every table inserted
(as tab-separated rows) where it sits vertically on the page.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pdfplumber
from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
from pdfplumber.utils.exceptions import PdfminerException

from pipeline.ingest.errors import CorruptPdfError, EncryptedPdfError
from pipeline.ingest.render import Rendered, TextBuilder

_HEADER_WINDOW = 1024  # PDF readers accept %PDF- anywhere in the first KiB


def _is_encryption_error(exc: BaseException) -> bool:
    # pdfplumber wraps pdfminer errors in PdfminerException; look at the cause too.
    seen: BaseException | None = exc
    for _ in range(8):  # bounded: exception chains can be cyclic
        if seen is None:
            return False
        if isinstance(seen, (PDFPasswordIncorrect, PDFEncryptionError)):
            return True
        inner = seen.args[0] if seen.args and isinstance(seen.args[0], BaseException) else None
        seen = inner or seen.__cause__ or seen.__context__
    return False


def _outside(bboxes: list[tuple[float, float, float, float]]):
    def keep(obj: dict[str, Any]) -> bool:
        if obj.get("object_type") != "char":
            return True
        x = (obj["x0"] + obj["x1"]) / 2
        y = (obj["top"] + obj["bottom"]) / 2
        return not any(x0 <= x <= x1 and top <= y <= bottom for x0, top, x1, bottom in bboxes)

    return keep


def _render_page(page: Any, number: int, builder: TextBuilder) -> None:
    tables = sorted(page.find_tables(), key=lambda t: t.bbox[1])
    text_page = page.filter(_outside([t.bbox for t in tables])) if tables else page
    lines = text_page.extract_text_lines(return_chars=False)
    items: list[tuple[float, int, Any]] = [(line["top"], 0, line) for line in lines]
    items += [(table.bbox[1], 1, table) for table in tables]
    for _top, kind, item in sorted(items, key=lambda entry: (entry[0], entry[1])):
        if kind == 0:
            builder.add_line(item["text"])
        else:
            # None marks a position covered by a merged cell: its text stays at the
            # top-left position only, so columns line up with the header.
            rows = [[cell or "" for cell in row] for row in item.extract()]
            builder.add_table(rows, page=number)


def read_pdf(data: bytes, path: str | Path) -> Rendered:
    if b"%PDF-" not in data[:_HEADER_WINDOW]:
        raise CorruptPdfError(path, "is not a PDF (no %PDF- header)")
    builder = TextBuilder()
    pages: list[tuple[int, int, int]] = []
    try:
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            for number, page in enumerate(pdf.pages, start=1):
                start = builder.length
                _render_page(page, number, builder)
                pages.append((start, builder.length, number))
                page.close()  # drop the page's parsed objects; reports run to 100+ pages
    except (PdfminerException, PDFPasswordIncorrect, PDFEncryptionError) as exc:
        if _is_encryption_error(exc):
            raise EncryptedPdfError(path, "is encrypted (password protected)") from exc
        raise CorruptPdfError(path, f"cannot be parsed as a PDF: {exc!r}") from exc
    except Exception as exc:  # pdfminer raises many untyped errors on bad input
        raise CorruptPdfError(path, f"cannot be parsed as a PDF: {exc!r}") from exc
    return builder.rendered(pages)
