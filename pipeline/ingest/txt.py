"""Plain-text reader: the decoded file verbatim, plus its tab-separated tables.

The text is kept exactly as decoded (CRLF included; paragraphs.py splits on
\\r too) so offsets into it are offsets into the file's characters. Only a
leading byte-order mark is dropped: it is encoding metadata, not text.
"""

from __future__ import annotations

from pathlib import Path

from pipeline.ingest.encoding import decode_bytes
from pipeline.ingest.render import Rendered
from pipeline.ingest.tsv import find_text_tables


def read_txt(data: bytes, path: str | Path) -> Rendered:
    decoded = decode_bytes(data, path)
    # The codecs drop one BOM; a second one comes from tools that add a BOM to a
    # file that already has one, and is still not text.
    text = decoded.text.removeprefix("\ufeff")
    return Rendered(text=text, tables=find_text_tables(text), encoding=decoded.encoding)
