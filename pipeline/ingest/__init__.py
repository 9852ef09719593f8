"""Ingestion: turn a report file (.txt, .docx, .pdf, .html, .xlsx, .xls) into a Document.

Use ``read_document(path)`` for files and ``read_text_document(text, name)`` for
text already in memory. Bad input raises a subclass of ``IngestError`` that
names the file; nothing else escapes for a file that merely has bad content.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from pipeline.ingest.document import Cell, Document, Table, document_id
from pipeline.ingest.errors import (
    BinaryFileError,
    CorruptDocxError,
    CorruptPdfError,
    CorruptSpreadsheetError,
    DecodeError,
    EmptyFileError,
    EncryptedPdfError,
    IngestError,
    OcrUnavailableError,
    UnsupportedFormatError,
)
from pipeline.ingest.normalise import normalise
from pipeline.ingest.render import Rendered
from pipeline.ingest.tsv import find_text_tables

__all__ = [
    "SUFFIXES",
    "BinaryFileError",
    "Cell",
    "CorruptDocxError",
    "CorruptPdfError",
    "CorruptSpreadsheetError",
    "DecodeError",
    "Document",
    "EmptyFileError",
    "EncryptedPdfError",
    "IngestError",
    "OcrUnavailableError",
    "Table",
    "UnsupportedFormatError",
    "normalise",
    "read_document",
    "read_text_document",
]

Reader = Callable[[bytes, Path], Rendered]


def _txt(data: bytes, path: Path) -> Rendered:
    from pipeline.ingest.txt import read_txt

    return read_txt(data, path)


def _docx(data: bytes, path: Path) -> Rendered:
    from pipeline.ingest.docx import read_docx

    return read_docx(data, path)


def _pdf(data: bytes, path: Path) -> Rendered:
    from pipeline.ingest.pdf import read_pdf

    return read_pdf(data, path)


def _xlsx(data: bytes, path: Path) -> Rendered:
    from pipeline.ingest.spreadsheet import read_spreadsheet

    return read_spreadsheet(data, path, "xlsx")


def _xls(data: bytes, path: Path) -> Rendered:
    from pipeline.ingest.spreadsheet import read_spreadsheet

    return read_spreadsheet(data, path, "xls")


def _html(data: bytes, path: Path) -> Rendered:
    from pipeline.ingest.html import read_html

    return read_html(data, path)


# Readers import their parsing libraries lazily: a .txt-only run should not pay
# for importing pdfminer, python-docx and lxml.
_READERS: dict[str, tuple[str, Reader]] = {
    ".txt": ("txt", _txt),
    ".text": ("txt", _txt),
    ".docx": ("docx", _docx),
    ".pdf": ("pdf", _pdf),
    ".html": ("html", _html),
    ".htm": ("html", _html),
    ".xlsx": ("xlsx", _xlsx),
    ".xls": ("xls", _xls),
}
SUFFIXES = frozenset(_READERS)

_HINTS = {
    ".doc": "legacy Word .doc is not supported; convert it to .docx",
    ".wps": "WPS documents are not supported; convert to .docx",
    ".xlsm": "macro-enabled workbooks are not read; save as .xlsx",
    ".et": "WPS spreadsheets are not supported; save as .xlsx",
}


def read_document(path: str | Path) -> Document:
    """Read the file at ``path`` into a Document, dispatching on its suffix."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in _READERS:
        hint = _HINTS.get(suffix, f"no reader for {suffix or 'files without a suffix'}")
        raise UnsupportedFormatError(path, f"{hint} (supported: {', '.join(sorted(SUFFIXES))})")
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise IngestError(path, f"cannot be read: {exc.strerror or exc}") from exc
    if not data:
        raise EmptyFileError(path, "is empty (0 bytes)")

    fmt, reader = _READERS[suffix]
    try:
        rendered = reader(data, path)
    except IngestError:
        raise
    except Exception as exc:  # a library bug must still name the file
        raise _unexpected(fmt, path, exc) from exc
    if not rendered.text.strip():
        raise EmptyFileError(
            path,
            "contains no text (a scanned PDF has no text layer)"
            if fmt == "pdf"
            else "contains no text",
        )
    return Document(
        id=document_id(path.name, data),
        name=path.name,
        source=path,
        format=fmt,
        text=rendered.text,
        tables=rendered.tables,
        pages=rendered.pages,
        encoding=rendered.encoding,
        cells=sorted(rendered.cells),
        boxes=rendered.boxes,
        ocr_pages=rendered.ocr.pages if rendered.ocr else [],
        ocr_confidence=rendered.ocr.confidence if rendered.ocr else None,
    )


def _unexpected(fmt: str, path: Path, exc: Exception) -> IngestError:
    message = f"unexpected {type(exc).__name__} while reading: {exc}"
    if fmt == "pdf":
        return CorruptPdfError(path, message)
    if fmt == "docx":
        return CorruptDocxError(path, message)
    if fmt in ("xlsx", "xls"):
        return CorruptSpreadsheetError(path, message)
    if fmt in ("txt", "html") and isinstance(exc, UnicodeError):
        return DecodeError(path, message)
    return IngestError(path, message)


def read_text_document(text: str, name: str) -> Document:
    """A Document for text already in memory (tests, pasted text, other tools).

    The text is taken verbatim; its id hashes the UTF-8 bytes, so it matches
    ``read_document`` on a UTF-8 file with the same name and content.
    """
    return Document(
        id=document_id(name, text.encode("utf-8")),
        name=name,
        source=None,
        format="txt",
        text=text,
        tables=find_text_tables(text),
        encoding=None,
    )
