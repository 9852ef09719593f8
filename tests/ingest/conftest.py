"""Fixture builders: .docx and .pdf files are generated at test time in tmp_path."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

import pytest

from pipeline.ingest.document import Document

CJK_FONT = "STSong-Light"  # reportlab's built-in CID font; needs no font file


def _assert_offsets(doc: Document) -> None:
    """Every paragraph and every table cell cites its own text."""
    for para in doc.paragraphs:
        assert doc.text[para.start : para.end] == para.text
    for table in doc.tables:
        for row in table.rows:
            for cell in row:
                assert doc.text[cell.start : cell.end] == cell.text, cell


@pytest.fixture
def assert_offsets() -> Callable[[Document], None]:
    return _assert_offsets


@pytest.fixture
def make_docx(tmp_path: Path) -> Callable[..., Path]:
    """Build a .docx from a list of blocks: str = paragraph, list of rows = table."""
    import docx

    def build(blocks: Sequence[str | Sequence[Sequence[str]]], name: str = "t.docx") -> Path:
        document = docx.Document()
        for block in blocks:
            if isinstance(block, str):
                document.add_paragraph(block)
            else:
                rows = block
                table = document.add_table(rows=len(rows), cols=len(rows[0]))
                for r, row in enumerate(rows):
                    for c, value in enumerate(row):
                        table.cell(r, c).text = value
        path = tmp_path / name
        document.save(str(path))
        return path

    return build


@pytest.fixture
def make_pdf(tmp_path: Path) -> Callable[..., Path]:
    """Build a PDF: pages of blocks (str = paragraph, list of rows = ruled table)."""
    from reportlab.lib import colors
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate, TableStyle
    from reportlab.platypus import Table as RLTable

    pdfmetrics.registerFont(UnicodeCIDFont(CJK_FONT))
    style = ParagraphStyle("zh", fontName=CJK_FONT, fontSize=11, leading=16)
    grid = TableStyle(
        [
            ("FONTNAME", (0, 0), (-1, -1), CJK_FONT),
            ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
        ]
    )

    def build(pages: Sequence[Sequence[object]], name: str = "t.pdf") -> Path:
        story: list[object] = []
        for i, blocks in enumerate(pages):
            if i:
                story.append(PageBreak())
            for block in blocks:
                if isinstance(block, str):
                    story.append(Paragraph(block, style))
                else:
                    table = RLTable([list(row) for row in block])  # type: ignore[union-attr]
                    table.setStyle(grid)
                    story.append(table)
        path = tmp_path / name
        SimpleDocTemplate(str(path)).build(story)
        return path

    return build


@pytest.fixture
def make_encrypted_pdf(tmp_path: Path) -> Callable[[], Path]:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen.canvas import Canvas

    def build() -> Path:
        pdfmetrics.registerFont(UnicodeCIDFont(CJK_FONT))
        path = tmp_path / "locked.pdf"
        canvas = Canvas(str(path), encrypt="secret")  # user password required to open
        canvas.setFont(CJK_FONT, 12)
        canvas.drawString(72, 720, "加密的绩效报告")
        canvas.save()
        return path

    return build


def scan(pdf: Path, path: Path, dpi: int = 300) -> Path:
    """An image-only copy of ``pdf`` (each page a picture, no text layer), as a
    scanner makes it; pages are rendered with pypdfium2 through pdfplumber."""
    import pdfplumber

    with pdfplumber.open(str(pdf)) as source:
        images = [p.to_image(resolution=dpi).original.convert("L") for p in source.pages]
    images[0].save(str(path), save_all=True, append_images=images[1:], resolution=dpi)
    return path


@pytest.fixture
def make_scanned_pdf(make_pdf, tmp_path: Path) -> Callable[..., Path]:
    """Like make_pdf, but the result is a scan: page images only."""

    def build(pages: Sequence[Sequence[object]], name: str = "scan.pdf") -> Path:
        return scan(make_pdf(pages, name="source.pdf"), tmp_path / name)

    return build
