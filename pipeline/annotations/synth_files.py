"""A synthetic table as .docx, .xlsx, .html and .pdf files (for the format readers).

The files hold the same cells as the text layouts; their gold is the ``table_tab_rows``
rendering of the same table (what a reader that writes table rows as
tab-separated lines produces).
"""

from __future__ import annotations

import html
import subprocess
from pathlib import Path

from pipeline.annotations.synth_table import Table

FILE_FORMATS: tuple[str, ...] = ("docx", "xlsx", "html", "pdf")


def grid(table: Table) -> list[list[str]]:
    width = max(len(r.cells) for r in table.rows)
    out = []
    for r in table.rows:
        cells = ["".join(p.text for p in c) for c in r.cells]
        out.append(cells + [""] * (width - len(cells)))
    return out


def write_docx(table: Table, path: Path) -> Path:
    import docx

    rows = grid(table)
    document = docx.Document()
    document.add_paragraph(rows[0][0])
    t = document.add_table(rows=len(rows) - 1, cols=len(rows[0]))
    for i, cells in enumerate(rows[1:]):
        for j, text in enumerate(cells):
            t.cell(i, j).text = text
    document.save(path)
    return path


def write_xlsx(table: Table, path: Path) -> Path:
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "自评表"
    for cells in grid(table):
        ws.append([c or None for c in cells])
    wb.save(path)
    return path


def write_html(table: Table, path: Path) -> Path:
    rows = grid(table)
    body = "\n".join(
        "<tr>" + "".join(f"<td>{html.escape(c)}</td>" for c in cells) + "</tr>"
        for cells in rows[1:]
    )
    path.write_text(
        '<!DOCTYPE html>\n<html lang="zh"><head><meta charset="utf-8">'
        f"<title>{html.escape(rows[0][0])}</title></head><body>\n"
        f'<h1>{html.escape(rows[0][0])}</h1>\n<table border="1">\n{body}\n</table>\n</body></html>\n',
        encoding="utf-8",
    )
    return path


def cjk_font_file() -> Path | None:
    """A TrueType/OpenType CJK font from fontconfig (``fc-list :lang=zh``), if any."""
    try:
        listing = subprocess.run(
            ["fc-list", ":lang=zh", "file"], capture_output=True, text=True, timeout=10, check=False
        ).stdout
    except (OSError, subprocess.TimeoutExpired):
        return None
    for line in sorted(listing.splitlines()):
        path = Path(line.split(":")[0].strip())
        if path.suffix.lower() in (".ttf", ".otf", ".ttc") and path.is_file():
            return path
    return None


class NoCJKFont(RuntimeError):
    """No CJK font for PDF output on this machine."""


def write_pdf(table: Table, path: Path) -> Path:
    font_file = cjk_font_file()
    if font_file is None:
        raise NoCJKFont("no CJK font found by `fc-list :lang=zh`; pdf skipped")
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.platypus import Paragraph, SimpleDocTemplate
    from reportlab.platypus import Table as PdfTable

    pdfmetrics.registerFont(TTFont("CJK", str(font_file), subfontIndex=0))
    style = ParagraphStyle("cjk", fontName="CJK", fontSize=8, leading=10, wordWrap="CJK")
    rows = grid(table)
    data = [[Paragraph(html.escape(c), style) for c in cells] for cells in rows[1:]]
    doc = SimpleDocTemplate(str(path), pagesize=landscape(A4), title=rows[0][0])
    doc.build([Paragraph(html.escape(rows[0][0]), style), PdfTable(data, repeatRows=0)])
    return path


WRITERS = {"docx": write_docx, "xlsx": write_xlsx, "html": write_html, "pdf": write_pdf}
