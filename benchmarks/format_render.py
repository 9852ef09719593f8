"""Render a .txt report into .docx, .html, .xlsx, .pdf and an image-only (scanned) PDF,
with its tables as real tables, for the format-parity benchmark and test.

A .txt holds three table layouts the pipeline reads: tab-separated rows,
report 001's one-cell-a-line layout, and pipe rows (``| a | b |``). Each becomes
a grid; an empty cell of a category column below a filled one becomes part of a
vertical merge (rowspan), and a short 合计/总分 row's label spans the empty
columns after it (colspan), as word processors lay such tables out.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from pipeline.facts.tables import find_flat_tables
from pipeline.ingest.tsv import find_pipe_tables, find_tab_tables

_TOTAL = re.compile(r"^(?:总分|合计|总计|小计)$")
_CATEGORY_HEADERS = ("一级指标", "二级指标")
FONT_FILES = (
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
)
FORMATS = ("docx", "html", "xlsx", "pdf", "ocr")


@dataclass(slots=True)
class Grid:
    """A table: cell texts (top-left text of a merge, '' under it) and merges."""

    rows: list[list[str]]
    # (row, col, last_row, last_col) of each merged range, inclusive
    merges: list[tuple[int, int, int, int]] = field(default_factory=list)

    def covered(self) -> dict[tuple[int, int], tuple[int, int, int, int]]:
        out: dict[tuple[int, int], tuple[int, int, int, int]] = {}
        for m in self.merges:
            for r in range(m[0], m[2] + 1):
                for c in range(m[1], m[3] + 1):
                    out[(r, c)] = m
        return out


Block = str | Grid  # a paragraph or a table


def _grid(rows: list[list[str]]) -> Grid:
    width = max(len(r) for r in rows)
    out: list[list[str]] = []
    merges: list[tuple[int, int, int, int]] = []
    for row in rows:
        row = [re.sub(r"\s+", "", c) if "\n" in c else c.strip() for c in row]
        if len(row) < width and row and _TOTAL.match(row[0]):
            # the total's label spans the columns the short row leaves out
            pad = width - len(row)
            merges.append((len(out), 0, len(out), pad))
            row = [row[0], *[""] * pad, *row[1:]]
        out.append(row + [""] * (width - len(row)))
    header = out[0]
    for c, name in enumerate(header):
        if re.sub(r"\s+", "", name) not in _CATEGORY_HEADERS:
            continue
        top = last = None
        for r in range(1, len(out) + 1):
            if r == len(out) or _TOTAL.match(out[r][0]) or out[r][c]:
                if top is not None and last is not None and last > top:
                    merges.append((top, c, last, c))
                top = last = r if r < len(out) and out[r][c] else None
            elif top is not None:
                last = r
    return Grid(out, merges)


def blocks_of(text: str) -> list[Block]:
    """The report as paragraphs and tables, in reading order."""
    spans: list[tuple[int, int, list[list[str]]]] = []
    # the tables as the .txt reader finds them (a blank line ends a table)
    for table in [*find_tab_tables(text), *find_flat_tables(text), *find_pipe_tables(text)]:
        rows = [[c.text for c in row] for row in table.rows]
        spans.append((table.rows[0][0].start, table.rows[-1][-1].end, rows))
    spans.sort()
    blocks: list[Block] = []
    pos = 0
    for start, end, rows in spans:
        if start < pos:  # overlapping finds: keep the first
            continue
        line_start = text.rfind("\n", 0, start) + 1
        blocks += [line.strip() for line in text[pos:line_start].splitlines() if line.strip()]
        blocks.append(_grid(rows))
        line_end = text.find("\n", end)  # past a pipe row's closing '|'
        pos = len(text) if line_end < 0 else line_end
    blocks += [line.strip() for line in text[pos:].splitlines() if line.strip()]
    return blocks


# ------------------------------------------------------------------ renderers
def write_docx(blocks: list[Block], path: Path) -> None:
    import docx

    document = docx.Document()
    for block in blocks:
        if isinstance(block, str):
            document.add_paragraph(block)
            continue
        width = len(block.rows[0])
        table = document.add_table(rows=len(block.rows), cols=width)
        table.style = "Table Grid"
        for r, row in enumerate(block.rows):
            # one row's cells at a time: table.cell(r, c) walks the whole table
            cells = table.rows[r].cells
            for c, value in enumerate(row):
                if value:
                    cells[c].text = value
        for r0, c0, r1, c1 in block.merges:
            table.cell(r0, c0).merge(table.cell(r1, c1))
    document.save(str(path))


def write_html(blocks: list[Block], path: Path) -> None:
    from html import escape

    out = ['<!DOCTYPE html><html><head><meta charset="utf-8"></head><body>']
    for block in blocks:
        if isinstance(block, str):
            out.append(f"<p>{_keep_spaces(escape(block), '&nbsp;')}</p>")
            continue
        covered = block.covered()
        out.append("<table border=1>")
        for r, row in enumerate(block.rows):
            out.append("<tr>")
            for c, value in enumerate(row):
                merge = covered.get((r, c))
                if merge and (merge[0], merge[1]) != (r, c):
                    continue
                span = ""
                if merge:
                    if merge[2] > merge[0]:
                        span += f' rowspan="{merge[2] - merge[0] + 1}"'
                    if merge[3] > merge[1]:
                        span += f' colspan="{merge[3] - merge[1] + 1}"'
                tag = "th" if r == 0 else "td"
                out.append(f"<{tag}{span}>{escape(value)}</{tag}>")
            out.append("</tr>")
        out.append("</table>")
    out.append("</body></html>")
    path.write_text("\n".join(out), encoding="utf-8")


def write_xlsx(blocks: list[Block], path: Path) -> None:
    """Paragraphs one a row in column A; from the second table on, each table
    opens a new sheet (so a report with several tables has several sheets)."""
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = "报告"
    row_no = 1
    tables = 0
    for block in blocks:
        if isinstance(block, str):
            sheet.cell(row=row_no, column=1, value=block)
            row_no += 1
            continue
        tables += 1
        if tables > 1:
            sheet = book.create_sheet(f"表{tables}")
            row_no = 1
        for r, row in enumerate(block.rows):
            for c, value in enumerate(row):
                if value:
                    cell = sheet.cell(row=row_no + r, column=c + 1, value=_typed(value))
                    if value.endswith("%") and isinstance(cell.value, float):
                        cell.number_format = "0.0#%"  # shown as written, stored as a fraction
        for r0, c0, r1, c1 in block.merges:
            sheet.merge_cells(
                start_row=row_no + r0, start_column=c0 + 1, end_row=row_no + r1, end_column=c1 + 1
            )
        row_no += len(block.rows)
    book.save(str(path))


def _typed(value: str) -> str | float:
    """A cell as a spreadsheet holds it: '1636.67' and '95.6%' as numbers."""
    if re.fullmatch(r"-?\d+(?:\.\d+)?", value):
        return float(value)
    if re.fullmatch(r"\d+(?:\.\d+)?%", value):
        return float(value[:-1]) / 100
    return value


def find_font() -> Path | None:
    return next((Path(p) for p in FONT_FILES if Path(p).exists()), None)


class MissingTool(RuntimeError):
    """A renderer's font or program is not installed."""


def write_pdf(blocks: list[Block], path: Path, title: str = "") -> None:
    """A4 pages, a running header (the title) and a page-number footer on each."""
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, TableStyle
    from reportlab.platypus import Table as RLTable

    font_file = find_font()
    if font_file is None:
        raise MissingTool(
            "no CJK font file found (install Debian fonts-wqy-microhei); tried "
            + ", ".join(FONT_FILES)
        )
    if "ParityCJK" not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont("ParityCJK", str(font_file), subfontIndex=0))
    body = ParagraphStyle("zh", fontName="ParityCJK", fontSize=11, leading=16, wordWrap="CJK")
    cell = ParagraphStyle("cell", fontName="ParityCJK", fontSize=8, leading=10, wordWrap="CJK")

    def furniture(canvas, doc) -> None:  # running header and page number
        canvas.saveState()
        canvas.setFont("ParityCJK", 8)
        canvas.drawString(72, A4[1] - 40, title or "绩效自评报告")
        canvas.drawCentredString(A4[0] / 2, 30, f"- {doc.page} -")
        canvas.restoreState()

    story: list[object] = []
    for block in blocks:
        if isinstance(block, str):
            story.append(Paragraph(_xml(block), body))
            continue
        width = len(block.rows[0])
        col_w = (A4[0] - 144) / width
        data = [[Paragraph(_xml(v), cell) if v else "" for v in row] for row in block.rows]
        table = RLTable(data, colWidths=[col_w] * width, repeatRows=0)
        style = [
            ("FONTNAME", (0, 0), (-1, -1), "ParityCJK"),
            ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ]
        style += [("SPAN", (c0, r0), (c1, r1)) for r0, c0, r1, c1 in block.merges]
        table.setStyle(TableStyle(style))
        story += [table, Spacer(1, 8)]  # space after a table, as documents have
    SimpleDocTemplate(str(path), pagesize=A4).build(
        story, onFirstPage=furniture, onLaterPages=furniture
    )


def _xml(text: str) -> str:
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _keep_spaces(text, "&nbsp;")


def _keep_spaces(markup: str, nbsp: str) -> str:
    """Runs of spaces (columns aligned with spaces) as no-break spaces: HTML and
    reportlab collapse ordinary runs to one space, which a word processor would
    not do to the text it prints."""
    return re.sub(r" {2,}", lambda m: nbsp * len(m.group()), markup)


def write_scanned_pdf(pdf: Path, path: Path, dpi: int = 300) -> None:
    """An image-only PDF: the pages of ``pdf`` as pictures, no text layer."""
    from PIL import Image

    if shutil.which("pdftoppm") is None:
        raise MissingTool("pdftoppm not found (install Debian poppler-utils)")
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(
            ["pdftoppm", "-r", str(dpi), "-gray", "-png", str(pdf), f"{tmp}/p"], check=True
        )
        images = [Image.open(p).convert("L") for p in sorted(Path(tmp).glob("p*.png"))]
        images[0].save(str(path), save_all=True, append_images=images[1:], resolution=dpi)


def render(text: str, fmt: str, path: Path, title: str = "") -> Path:
    """Write ``text`` as format ``fmt`` at ``path`` (suffix added); return the path."""
    blocks = blocks_of(text)
    if fmt == "ocr":
        out = path.with_suffix(".scan.pdf")
        with tempfile.TemporaryDirectory() as tmp:
            pdf = Path(tmp) / "t.pdf"
            write_pdf(blocks, pdf, title)
            write_scanned_pdf(pdf, out)
        return out
    out = path.with_suffix(f".{fmt}")
    if fmt == "docx":
        write_docx(blocks, out)
    elif fmt == "html":
        write_html(blocks, out)
    elif fmt == "xlsx":
        write_xlsx(blocks, out)
    elif fmt == "pdf":
        write_pdf(blocks, out, title)
    else:
        raise ValueError(f"unknown format {fmt!r} (one of {', '.join(FORMATS)})")
    return out
