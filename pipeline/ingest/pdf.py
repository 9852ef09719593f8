"""PDF reader (pdfplumber): page text and tables, in reading order.

pdfplumber's page text already contains table contents as space-joined lines,
which would cite each number twice and lose the cell boundaries. So each page
is read as its text lines *outside* the tables plus the tables (found by their
rules, or failing that by text alignment), and ``pdf_layout`` turns them into
paragraphs and tab-row tables as a reader sees them. Pages without a text layer
(scans) are read by OCR (``ocr.py``), when Tesseract is installed.
"""

from __future__ import annotations

import io
import re
from bisect import bisect_left, bisect_right
from itertools import pairwise
from pathlib import Path
from typing import Any

import pdfplumber
from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
from pdfplumber.utils.exceptions import PdfminerException

from pipeline.ingest.errors import CorruptPdfError, EncryptedPdfError
from pipeline.ingest.pdf_layout import Box, Line, PageLayout, PageTable, join_lines, render_pages
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


# Tables without rules: columns and rows from text alignment, kept only when the
# result looks like a table of figures (prose never gives three aligned columns).
_MIN_ALIGNED_ROWS = 3
_ALIGNED = {"vertical_strategy": "text", "horizontal_strategy": "text", "min_words_vertical": 3}


def _is_figure_table(rows: list[list[str]]) -> bool:
    filled = [sum(1 for c in row if c.strip()) for row in rows]
    width = max((len(r) for r in rows), default=0)
    with_digits = sum(1 for row in rows if any(re.search(r"\d", c) for c in row))
    dense = sum(1 for n in filled if n >= 3)
    return (
        len(rows) >= _MIN_ALIGNED_ROWS
        and width >= 3
        and dense >= 0.6 * len(rows)
        and with_digits >= 2
    )


def _grid(raw: list[list[str | None]]) -> list[list[str]]:
    """Cell texts with wrapped lines rejoined; None (a position a merged cell
    covers) becomes '' so its text stays at the top-left only."""
    rows = [[join_lines((cell or "").splitlines()) for cell in row] for row in raw]
    width = max((len(r) for r in rows), default=0)
    return [r + [""] * (width - len(r)) for r in rows]


def _size(line: dict[str, Any]) -> float:
    sizes = sorted(c.get("size", 0.0) for c in line.get("chars", []) if c.get("size"))
    return sizes[len(sizes) // 2] if sizes else max(line["bottom"] - line["top"], 1.0)


def _aligned_tables(page: Any) -> list[tuple[tuple[float, float, float, float], list[list[str]]]]:
    """(bbox, rows) of the tables pdfplumber finds by text alignment, without
    the blank rows it puts between text lines and the single-cell lines (a
    title, 单位：万元) above and below them, when what is left is a figure table."""
    found = []
    for table in page.find_tables(_ALIGNED):
        raw = table.extract()
        filled = [sum(1 for c in row if c and c.strip()) for row in raw]
        keep = [i for i in range(len(raw)) if filled[i]]
        while keep and filled[keep[0]] < 2:
            keep.pop(0)
        while keep and filled[keep[-1]] < 2:
            keep.pop()
        rows = _grid([raw[i] for i in keep])
        if not keep or not _is_figure_table(rows):
            continue
        boxes = [table.rows[i].bbox for i in keep]
        bbox = (
            min(b[0] for b in boxes),
            min(b[1] for b in boxes),
            max(b[2] for b in boxes),
            max(b[3] for b in boxes),
        )
        found.append((bbox, rows))
    return found


# Where pdfplumber starts a new word: a gap wider than its default x_tolerance.
_WORD_GAP = 3.0


class Blanks:
    """The space characters a page draws (pdfplumber leaves them out of its lines),
    by their vertical centre, so a line finds the ones on it quickly."""

    def __init__(self, chars: list[dict[str, Any]]) -> None:
        found = sorted(
            ((c["top"] + c["bottom"]) / 2, c["x0"], c["x1"]) for c in chars if c["text"].isspace()
        )
        self._mids = [b[0] for b in found]
        self._spans = [(b[1], b[2]) for b in found]

    def on(self, top: float, bottom: float) -> list[tuple[float, float]]:
        """(x0, x1) of the spaces whose centre lies between ``top`` and ``bottom``."""
        return self._spans[bisect_left(self._mids, top) : bisect_right(self._mids, bottom)]


def _drawn_runs_text(chars: list[dict[str, Any]], blanks: list[tuple[float, float]]) -> str | None:
    """The line's text with every run of two or more spaces the PDF draws between
    two characters kept as drawn (columns aligned with spaces, as in a .txt;
    pdfplumber reads a run as one space), other gaps as pdfplumber reads them;
    None when the line has no such run."""
    if len(blanks) < 2 or not chars:
        return None
    starts = sorted(x0 for x0, _ in blanks)
    out = chars[0]["text"]
    runs = False
    for a, b in pairwise(chars):
        drawn = bisect_left(starts, b["x0"]) - bisect_left(starts, a["x1"] - 0.5)
        if drawn >= 2:
            runs = True
        if drawn or b["x0"] - a["x1"] > _WORD_GAP:
            out += " " * max(drawn, 1)
        out += b["text"]
    return out.strip() if runs else None


def _line(raw: dict[str, Any], blanks: Blanks | None = None) -> Line:
    """A text line, with its pieces where a gap wider than two characters splits it."""
    size = _size(raw)
    chars = sorted(raw.get("chars", []), key=lambda c: c["x0"])
    on_line = blanks.on(raw["top"], raw["bottom"]) if blanks is not None else []
    text = _drawn_runs_text(chars, on_line) or raw["text"]
    line = Line(text, raw["x0"], raw["x1"], raw["top"], raw["bottom"], size)
    groups: list[list[dict[str, Any]]] = []
    for char in chars:
        if groups and char["x0"] - groups[-1][-1]["x1"] <= 2 * size:
            groups[-1].append(char)
        else:
            groups.append([char])
    if len(groups) > 1:
        line.parts = [
            Line(
                _chars_text(group, size),
                group[0]["x0"],
                group[-1]["x1"],
                min(c["top"] for c in group),
                max(c["bottom"] for c in group),
                size,
            )
            for group in groups
        ]
    return line


def _chars_text(chars: list[dict[str, Any]], size: float) -> str:
    out = ""
    last = 0.0  # right edge of the previous character
    for char in chars:
        if out and char["x0"] - last > 0.25 * size and not out.endswith(" "):
            out += " "  # a word space the PDF leaves as a gap
        out += char["text"]
        last = char["x1"]
    return out.strip()


def _text_lines(page: Any) -> list[Line]:
    blanks = Blanks(page.chars)
    return [_line(ln, blanks) for ln in page.extract_text_lines(return_chars=True)]


def page_layout(page: Any, number: int) -> PageLayout:
    """The page's tables (by their rules, else by text alignment) and its text
    lines outside them."""
    found = [(t.bbox, _grid(t.extract())) for t in page.find_tables()]
    lines: list[Line] | None = None
    if not found:
        lines = _text_lines(page)
        # an unruled table shows as lines with wide gaps; prose pages skip the search
        if sum(1 for ln in lines if ln.parts) >= _MIN_ALIGNED_ROWS:
            found = _aligned_tables(page)
    tables = [PageTable(bbox[1], rows, bbox[0], bbox[2]) for bbox, rows in found]
    if found or lines is None:
        text_page = page.filter(_outside([bbox for bbox, _ in found])) if found else page
        lines = _text_lines(text_page)
    return PageLayout(number, float(page.width), float(page.height), lines, tables)


def read_pdf(data: bytes, path: str | Path) -> Rendered:
    if b"%PDF-" not in data[:_HEADER_WINDOW]:
        raise CorruptPdfError(path, "is not a PDF (no %PDF- header)")
    builder = TextBuilder()
    layouts: list[PageLayout] = []
    scanned: list[int] = []
    try:
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            for number, page in enumerate(pdf.pages, start=1):
                if not page.chars and page.images:
                    scanned.append(number)  # no text layer: a picture of a page
                else:
                    layouts.append(page_layout(page, number))
                page.close()  # drop the page's parsed objects; reports run to 100+ pages
    except (PdfminerException, PDFPasswordIncorrect, PDFEncryptionError) as exc:
        if _is_encryption_error(exc):
            raise EncryptedPdfError(path, "is encrypted (password protected)") from exc
        raise CorruptPdfError(path, f"cannot be parsed as a PDF: {exc!r}") from exc
    except Exception as exc:  # pdfminer raises many untyped errors on bad input
        raise CorruptPdfError(path, f"cannot be parsed as a PDF: {exc!r}") from exc
    ocr = None
    if scanned:
        from pipeline.ingest.ocr import ocr_pages

        scanned_layouts, ocr = ocr_pages(data, scanned, path)
        layouts = sorted([*layouts, *scanned_layouts], key=lambda p: p.number)
    boxes: list[Box] = []
    pages = render_pages(layouts, builder, boxes)
    rendered = builder.rendered(pages)
    rendered.ocr = ocr
    rendered.boxes = boxes
    return rendered
