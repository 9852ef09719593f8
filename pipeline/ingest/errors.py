"""Typed ingestion errors.

Every failure to turn a file into a Document is an ``IngestError`` that names
the file, so a batch run can log and skip one bad report instead of dying on a
library traceback.
"""

from __future__ import annotations

from pathlib import Path


class IngestError(Exception):
    """A file could not be read into a Document."""

    def __init__(self, path: str | Path, message: str) -> None:
        self.path = Path(path)
        self.message = message
        super().__init__(f"{self.path}: {message}")

    # Rebuild from (path, message) so errors survive pickling across worker processes.
    def __reduce__(self):
        return (type(self), (self.path, self.message))


class EmptyFileError(IngestError):
    """The file has no bytes, or no text once read."""


class BinaryFileError(IngestError):
    """The file holds binary data (NUL bytes, control characters), not text."""


class DecodeError(IngestError):
    """The bytes look like text but match no encoding we can decode."""


class CorruptPdfError(IngestError):
    """The PDF cannot be parsed."""


class EncryptedPdfError(IngestError):
    """The PDF is password protected."""


class CorruptDocxError(IngestError):
    """The .docx is not a zip archive or not a Word document inside."""


class CorruptSpreadsheetError(IngestError):
    """The .xlsx/.xls cannot be opened as a workbook."""


class OcrUnavailableError(IngestError):
    """A scanned PDF (no text layer) needs OCR, and Tesseract is not installed."""


class UnsupportedFormatError(IngestError):
    """No reader handles this file type."""
