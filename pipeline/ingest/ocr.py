"""Scanned PDF pages (no text layer) read by OCR through Tesseract.

Each page is rendered to an image (pypdfium2, via pdfplumber). Ruled tables are
found from the image itself: long dark horizontal and vertical runs are the
rules; they give the rows, the columns and the merged cells (a missing rule
between two cells), and are erased before Tesseract reads the page, so they
are not read as characters. Tesseract's words then go to the table cell their
centre falls in, or, outside tables, into text lines with their boxes. The
result is a ``PageLayout`` like a text page's, so OCR output goes through the
same layout (rejoined lines, dropped page numbers) and the same table reader.

Needs the ``ocr`` extra (pytesseract) and Debian's tesseract-ocr and
tesseract-ocr-chi-sim; without them a scanned page is an ``OcrUnavailableError``
that says how to enable OCR, never an empty success.
"""

from __future__ import annotations

import io
import re
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from pipeline.ingest.errors import OcrUnavailableError
from pipeline.ingest.pdf_layout import Line, PageLayout, PageTable, join_lines, join_wrapped
from pipeline.ingest.render import OcrInfo

# Lone punctuation Tesseract reads, unsure, from specks and left-over rule pixels.
_NOISE = re.compile(r"[。，、．.,:：;；'\"‘’“”`|_\-—~]+")
_NOISE_CONF = 70
RESOLUTION = 300  # dpi the pages are rendered at for Tesseract
LANGUAGES = "chi_sim"
_DARK = 160  # grey level below which a pixel is ink
_ERASE = 7  # pixels each side of a rule's centre line that are whited out
_ENABLE = (
    "install the OCR extra (pip install 'perf-facts[ocr]') and Tesseract with its "
    "Chinese model (Debian: apt-get install tesseract-ocr tesseract-ocr-chi-sim)"
)


def _tesseract() -> Any:
    try:
        import pytesseract
    except ImportError:
        return None
    if shutil.which(pytesseract.pytesseract.tesseract_cmd) is None:
        return None
    return pytesseract


def _check(pytesseract: Any, path: str | Path, pages: list[int]) -> None:
    where = f"page{'s' if len(pages) > 1 else ''} {', '.join(map(str, pages))}"
    if pytesseract is None:
        raise OcrUnavailableError(
            path, f"is a scanned PDF ({where} have no text layer); to read it, {_ENABLE}"
        )
    missing = [lang for lang in LANGUAGES.split("+") if lang not in pytesseract.get_languages()]
    if missing:
        raise OcrUnavailableError(
            path, f"is a scanned PDF ({where}); Tesseract lacks {', '.join(missing)}: {_ENABLE}"
        )


# ------------------------------------------------------------ rules and cells
@dataclass(slots=True)
class _Rule:
    pos: float  # y of a horizontal rule, x of a vertical one (pixels)
    start: float
    end: float


def _runs(line: np.ndarray, min_len: int) -> list[tuple[int, int]]:
    """(start, end) of the runs of True at least ``min_len`` long."""
    padded = np.concatenate(([False], line, [False]))
    edges = np.flatnonzero(padded[1:] != padded[:-1])
    return [(s, e) for s, e in zip(edges[::2], edges[1::2], strict=True) if e - s >= min_len]


def _rules(ink: np.ndarray, min_len: int) -> list[_Rule]:
    """Horizontal rules of ``ink`` (transpose it for vertical ones): runs on
    neighbouring rows that overlap are one rule of some thickness."""
    found: list[tuple[int, int, int]] = []  # (row, start, end)
    for y in np.flatnonzero(ink.sum(axis=1) >= min_len):
        found += [(int(y), s, e) for s, e in _runs(ink[y], min_len)]
    rules: list[list[float]] = []  # [first row, last row, start, end]
    for y, s, e in found:
        for rule in reversed(rules[-8:]):
            if y - rule[1] <= 2 and s < rule[3] and e > rule[2]:
                rule[1], rule[2], rule[3] = y, min(rule[2], s), max(rule[3], e)
                break
        else:
            rules.append([y, y, s, e])
    return [_Rule((a + b) / 2, s, e) for a, b, s, e in rules if b - a <= 8]


def _cluster(values: list[float], gap: float) -> list[float]:
    out: list[float] = []
    for v in sorted(values):
        if out and v - out[-1] <= gap:
            continue
        out.append(v)
    return out


@dataclass(slots=True)
class _Grid:
    ys: list[float]
    xs: list[float]
    root: dict[tuple[int, int], tuple[int, int]]  # cell -> top-left cell of its merge

    @property
    def bbox(self) -> tuple[float, float, float, float]:
        return self.xs[0], self.ys[0], self.xs[-1], self.ys[-1]

    def cell_of(self, x: float, y: float) -> tuple[int, int] | None:
        if not (self.xs[0] <= x <= self.xs[-1] and self.ys[0] <= y <= self.ys[-1]):
            return None
        col = max(i for i, v in enumerate(self.xs[:-1]) if v <= x)
        row = max(i for i, v in enumerate(self.ys[:-1]) if v <= y)
        return self.root[(row, col)]


def _covers(rules: list[_Rule], pos: float, at: float, tol: float) -> bool:
    return any(abs(r.pos - pos) <= tol and r.start - tol <= at <= r.end + tol for r in rules)


def _grids(horizontal: list[_Rule], vertical: list[_Rule], tol: float) -> list[_Grid]:
    """Tables: groups of horizontal rules joined by vertical ones."""
    grids: list[_Grid] = []
    used: set[int] = set()
    hs = sorted(horizontal, key=lambda r: r.pos)
    for i, top in enumerate(hs):
        if i in used:
            continue
        group = [top]
        for j in range(i + 1, len(hs)):
            if j in used:
                continue
            r = hs[j]
            linked = any(
                v.start - tol <= group[-1].pos
                and v.end + tol >= r.pos
                and r.start - tol <= v.pos <= r.end + tol
                for v in vertical
            )
            if (
                linked
                and abs(r.start - top.start) < 4 * tol
                or linked
                and abs(r.end - top.end) < 4 * tol
            ):
                group.append(r)
                used.add(j)
        if len(group) < 3:  # a table has a header and a row at least
            continue
        y0, y1 = group[0].pos, group[-1].pos
        x0 = min(r.start for r in group)
        x1 = max(r.end for r in group)
        vs = [v for v in vertical if x0 - tol <= v.pos <= x1 + tol and v.start < y1 and v.end > y0]
        ys = _cluster([r.pos for r in group], tol)
        xs = _cluster([v.pos for v in vs], tol)
        if len(xs) < 3:
            continue
        root: dict[tuple[int, int], tuple[int, int]] = {}
        for r in range(len(ys) - 1):
            for c in range(len(xs) - 1):
                ymid, xmid = (ys[r] + ys[r + 1]) / 2, (xs[c] + xs[c + 1]) / 2
                left = c > 0 and not _covers(vs, xs[c], ymid, tol)
                above = r > 0 and not _covers(group, ys[r], xmid, tol)
                if left:
                    root[(r, c)] = root[(r, c - 1)]
                elif above:
                    root[(r, c)] = root[(r - 1, c)]
                else:
                    root[(r, c)] = (r, c)
        grids.append(_Grid(ys, xs, root))
    return grids


# ------------------------------------------------------------------- words
@dataclass(slots=True)
class _Word:
    text: str
    x0: float
    top: float
    x1: float
    bottom: float
    line: tuple[int, int, int]  # Tesseract's (block, paragraph, line)
    conf: float


def _words(
    pytesseract: Any, image: Any, psm: int = 3, origin: tuple[int, int] = (0, 0)
) -> list[_Word]:
    """Tesseract's words with their boxes in page pixels (``origin``: where
    ``image`` sits on the page) and confidences. Page segmentation mode 3 finds
    the blocks of running text; a table is read as one block (mode 6), since
    mode 3 may skip a column it takes for a separate, empty block."""
    data = pytesseract.image_to_data(
        image, lang=LANGUAGES, config=f"--psm {psm}", output_type=pytesseract.Output.DICT
    )
    dx, dy = origin
    out: list[_Word] = []
    for i, text in enumerate(data["text"]):
        text = text.strip()
        if not text or _NOISE.fullmatch(text) and float(data["conf"][i]) < _NOISE_CONF:
            continue
        left, top = data["left"][i] + dx, data["top"][i] + dy
        w, h = data["width"][i], data["height"][i]
        key = (data["block_num"][i], data["par_num"][i], data["line_num"][i])
        out.append(_Word(text, left, top, left + w, top + h, key, float(data["conf"][i])))
    return out


# Tesseract's Chinese model writes ASCII punctuation; reports write it full-width
# next to Chinese text (（套）, 单位：万元), which is the form the pipeline reads.
_FULL_WIDTH = str.maketrans({"(": "（", ")": "）", ":": "：", ";": "；", "?": "？", "!": "！"})
_ASCII_PUNCT_NEAR_CJK = re.compile(r"(?<=[\u4e00-\u9fff])[():;?!]|[():;?!](?=[\u4e00-\u9fff])")


def chinese_punctuation(text: str) -> str:
    """ASCII ( ) : ; ? ! next to a Chinese character in their full-width form."""
    return _ASCII_PUNCT_NEAR_CJK.sub(lambda m: m.group().translate(_FULL_WIDTH), text)


def _join_words(words: list[_Word]) -> str:
    out = ""
    for w in sorted(words, key=lambda w: w.x0):
        out = join_wrapped(out, w.text)
    return chinese_punctuation(out)


def strip_stray_quotes(text: str) -> str:
    """Drop quote marks Tesseract reads from a cell's edge: a closing quote that
    opens the text, an opening one that ends it, or any unmatched one there."""
    text = text.lstrip("”’\"'").rstrip("“‘")
    if text.startswith("“") and "”" not in text:
        text = text[1:]
    if text.endswith("”") and "“" not in text:
        text = text[:-1]
    return text


def _cell_text(words: list[_Word]) -> str:
    lines: dict[tuple[int, int, int], list[_Word]] = {}
    for w in words:
        lines.setdefault(w.line, []).append(w)
    ordered = sorted(lines.values(), key=lambda ws: min(w.top for w in ws))
    return strip_stray_quotes(join_lines([_join_words(ws) for ws in ordered]))


def _page(pytesseract: Any, page: Any, number: int) -> tuple[PageLayout, list[float]]:
    rendered = page.to_image(resolution=RESOLUTION).original.convert("L")
    pixels = np.asarray(rendered)
    ink = pixels < _DARK
    scale = RESOLUTION / 72
    horizontal = _rules(ink, max(40, ink.shape[1] // 25))
    vertical = _rules(ink.T, max(30, int(12 * scale)))
    grids = _grids(horizontal, vertical, tol=3 * scale / 2)
    words: list[_Word] = []
    cells: dict[tuple[int, tuple[int, int]], list[_Word]] = {}
    if grids:
        from PIL import Image

        clean = pixels.copy()  # the rules erased, so Tesseract does not read them
        for r in horizontal:
            clean[int(r.pos) - _ERASE : int(r.pos) + _ERASE + 1, int(r.start) : int(r.end) + 1] = (
                255
            )
        for r in vertical:
            clean[int(r.start) : int(r.end) + 1, int(r.pos) - _ERASE : int(r.pos) + _ERASE + 1] = (
                255
            )
        text_only = clean.copy()
        for g, grid in enumerate(grids):
            x0, y0, x1, y1 = (int(v) for v in grid.bbox)
            crop = Image.fromarray(clean[y0 : y1 + 1, x0 : x1 + 1])
            for w in _words(pytesseract, crop, psm=6, origin=(x0, y0)):
                words.append(w)
                cell = grid.cell_of((w.x0 + w.x1) / 2, (w.top + w.bottom) / 2)
                if cell is not None:
                    cells.setdefault((g, cell), []).append(w)
            text_only[y0 : y1 + 1, x0 : x1 + 1] = 255
        rendered = Image.fromarray(text_only)
    lines: dict[tuple[int, int, int], list[_Word]] = {}
    for w in _words(pytesseract, rendered):
        words.append(w)
        lines.setdefault(w.line, []).append(w)
    tables: list[PageTable] = []
    for g, grid in enumerate(grids):
        rows = [
            [
                _cell_text(cells.get((g, (r, c)), [])) if grid.root[(r, c)] == (r, c) else ""
                for c in range(len(grid.xs) - 1)
            ]
            for r in range(len(grid.ys) - 1)
        ]
        x0, top, x1, _ = grid.bbox
        tables.append(PageTable(top / scale, rows, x0 / scale, x1 / scale))
    text_lines = []
    for ws in lines.values():
        text = _join_words(ws)
        x0, top = min(w.x0 for w in ws) / scale, min(w.top for w in ws) / scale
        x1, bottom = max(w.x1 for w in ws) / scale, max(w.bottom for w in ws) / scale
        text_lines.append(Line(text, x0, x1, top, bottom, max(bottom - top, 1.0)))
    text_lines.sort(key=lambda ln: (ln.top, ln.x0))
    layout = PageLayout(number, float(page.width), float(page.height), text_lines, tables)
    return layout, [w.conf for w in words if w.conf >= 0]


def ocr_pages(
    data: bytes, numbers: list[int], path: str | Path
) -> tuple[list[PageLayout], OcrInfo]:
    """Layouts of the pages ``numbers`` (1-based) of the PDF ``data``, read by OCR."""
    import pdfplumber

    pytesseract = _tesseract()
    _check(pytesseract, path, numbers)
    layouts: list[PageLayout] = []
    confidences: list[float] = []
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        for number in numbers:
            page = pdf.pages[number - 1]
            layout, conf = _page(pytesseract, page, number)
            layouts.append(layout)
            confidences += conf
            page.close()
    mean = round(sum(confidences) / len(confidences), 1) if confidences else None
    return layouts, OcrInfo(pages=numbers, confidence=mean)
