"""Decode text bytes: BOMs, then UTF-8, then GB18030, then a detector.

Chinese government reports arrive as UTF-8 or GBK/GB2312. GB18030 is a strict
superset of both GB encodings, so it is the one fallback we try by name;
charset-normalizer guesses only when both fail, because its guesses on short
Chinese text are less reliable than strict decoding.
"""

from __future__ import annotations

import codecs
from dataclasses import dataclass
from pathlib import Path

from pipeline.ingest.errors import BinaryFileError, DecodeError

# Control bytes that plain text may legitimately contain: tab, LF, VT, FF, CR, and
# 0x1A (the DOS end-of-file marker some Windows tools still append).
_TEXT_CONTROLS = frozenset(b"\t\n\x0b\x0c\r\x1a")
_CONTROL_BYTES = frozenset(range(0x20)) - _TEXT_CONTROLS | {0x7F}
_NOT_CONTROL = bytes(b for b in range(256) if b not in _CONTROL_BYTES)
# More than this share of stray control bytes means the file is not text. In UTF-8
# and GB encodings every multi-byte trail byte is >= 0x40, so control bytes only
# ever stand for themselves.
_MAX_CONTROL_RATIO = 0.02

_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),  # before UTF-16 LE: it starts with the same bytes
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


@dataclass(frozen=True, slots=True)
class Decoded:
    text: str
    encoding: str


def check_not_binary(data: bytes, path: str | Path) -> None:
    """Raise BinaryFileError for bytes that cannot be (8-bit or UTF-8) text."""
    if not data:
        return
    if b"\x00" in data:
        raise BinaryFileError(path, "contains NUL bytes; this is binary data, not text")
    # bytes.translate deletes every other byte in C: the length left is the count
    controls = len(data[:65536].translate(None, _NOT_CONTROL))
    if controls / min(len(data), 65536) > _MAX_CONTROL_RATIO:
        raise BinaryFileError(path, "too many control characters; this is binary data, not text")


def decode_bytes(data: bytes, path: str | Path, declared: str | None = None) -> Decoded:
    """Decode ``data`` to str, or raise a typed error naming ``path``.

    ``declared`` is an encoding the container names (an HTML meta charset); it is
    tried after UTF-8, strictly, and ignored if it does not fit the bytes.
    """
    for bom, codec in _BOMS:
        if data.startswith(bom):
            try:
                return Decoded(data.decode(codec), codec)
            except UnicodeDecodeError as exc:
                raise DecodeError(
                    path, f"has a {codec} byte-order mark but bad data: {exc}"
                ) from exc
    check_not_binary(data, path)

    # Strictly valid UTF-8 with non-ASCII bytes is almost never another encoding, so
    # it wins even over a declaration (pages often declare a stale charset).
    candidates = ["utf-8", _canonical(declared) if declared else None, "gb18030"]
    for codec in dict.fromkeys(c for c in candidates if c):
        try:
            return Decoded(data.decode(codec), codec)
        except (UnicodeDecodeError, LookupError):
            continue

    from charset_normalizer import from_bytes  # imported late: it is slow to import

    best = from_bytes(data).best()
    if best is not None and best.encoding:
        try:
            return Decoded(data.decode(best.encoding), best.encoding)
        except (UnicodeDecodeError, LookupError):
            pass
    raise DecodeError(path, "is not valid UTF-8 or GB18030 and no other encoding fits")


def _canonical(name: str) -> str | None:
    """Codec name for a declared charset; the GB family maps to its superset GB18030."""
    try:
        codec = codecs.lookup(name.strip().strip("\"'")).name
    except LookupError:
        return None
    return "gb18030" if codec in ("gb2312", "gbk", "gb18030") else codec
