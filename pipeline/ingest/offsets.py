"""Offsets into the source file as the annotation guide counts them.

``read_document`` drops a leading byte-order mark from .txt files, while the
guide counts characters of the source file as decoded (``read_source``).
``offset_shift`` adds back the difference, so a record's ``meta.offset`` is
always an offset into the file.
"""

from __future__ import annotations

from pathlib import Path

from pipeline.ingest.document import Document


def read_source(path: Path) -> str:
    """The source text exactly as offsets count it: decoded, newlines untouched."""
    data = path.read_bytes()
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        from charset_normalizer import from_bytes

        best = from_bytes(data).best()
        if best is None:
            raise
        return str(best)


def offset_shift(document: Document) -> int:
    """Characters the reader removed before ``document.text`` (a BOM), for .txt."""
    if document.format != "txt" or document.source is None:
        return 0
    try:
        raw = read_source(Path(document.source))
    except (OSError, UnicodeDecodeError):
        return 0
    if raw != document.text and raw.endswith(document.text):
        return len(raw) - len(document.text)
    return 0
