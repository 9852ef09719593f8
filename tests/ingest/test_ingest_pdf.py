import random

import pytest

from pipeline.ingest import (
    CorruptPdfError,
    EmptyFileError,
    EncryptedPdfError,
    IngestError,
    read_document,
)

BUDGET = [
    ["项目", "年初预算数", "决算数"],
    ["人员经费", "1340.04", "1550.67"],
    ["日常公用经费", "98.36", "86.00"],
]


def test_chinese_text_round_trips(make_pdf, assert_offsets):
    path = make_pdf([["部门整体支出绩效自评报告", "2023年度基本支出335.72万元。"]])
    doc = read_document(path)
    assert doc.format == "pdf"
    assert [p.text for p in doc.paragraphs] == [
        "部门整体支出绩效自评报告",
        "2023年度基本支出335.72万元。",
    ]
    assert_offsets(doc)


def test_table_rendered_in_place_with_cells(make_pdf, assert_offsets):
    path = make_pdf([["一、预算执行情况", BUDGET, "二、绩效目标完成情况"]])
    doc = read_document(path)
    [table] = doc.tables
    assert [[c.text for c in row] for row in table.rows] == BUDGET
    assert table.page == 1
    # The table replaces pdfplumber's space-joined copy of it, between the paragraphs.
    assert [p.text for p in doc.paragraphs] == [
        "一、预算执行情况",
        "项目\t年初预算数\t决算数",
        "人员经费\t1340.04\t1550.67",
        "日常公用经费\t98.36\t86.00",
        "二、绩效目标完成情况",
    ]
    assert doc.text.count("1340.04") == 1
    assert_offsets(doc)


def test_drawn_spaces_stay(tmp_path, assert_offsets):
    # A run of spaces aligns columns as in the .txt of the page (pdfplumber
    # reads it as one space); one space, or a gap without one, is one space.
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    path = tmp_path / "spaces.pdf"
    pdf = canvas.Canvas(str(path))
    pdf.setFont("STSong-Light", 11)
    pdf.drawString(72, 700, "上年结转    25.00 22.74 万元")
    pdf.drawString(72, 680, "合计")
    pdf.drawString(150, 680, "47.74")  # a gap, no space drawn
    pdf.save()
    doc = read_document(path)
    assert [p.text for p in doc.paragraphs] == ["上年结转    25.00 22.74 万元", "合计 47.74"]
    assert_offsets(doc)


def test_pages_cover_their_text(make_pdf, assert_offsets):
    path = make_pdf([["第一页内容"], ["第二页：得分100分。", BUDGET]])
    doc = read_document(path)
    assert [page for _, _, page in doc.pages] == [1, 2]
    assert doc.page_at(doc.text.index("第一页")) == 1
    assert doc.page_at(doc.text.index("得分100分")) == 2
    assert doc.tables[0].page == 2
    assert doc.page_at(doc.tables[0].rows[1][1].start) == 2
    assert doc.pages[0][1] == doc.pages[1][0]  # contiguous
    assert_offsets(doc)


def test_zero_byte_pdf(tmp_path):
    path = tmp_path / "zero.pdf"
    path.write_bytes(b"")
    with pytest.raises(EmptyFileError, match="zero.pdf"):
        read_document(path)


def test_random_bytes_named_pdf(tmp_path):
    path = tmp_path / "junk.pdf"
    path.write_bytes(random.Random(3).randbytes(5000))
    with pytest.raises(CorruptPdfError, match="junk.pdf"):
        read_document(path)


def test_pdf_header_with_garbage_body(tmp_path):
    # Passes the header check, so it exercises pdfminer's own error path.
    path = tmp_path / "truncated.pdf"
    path.write_bytes(b"%PDF-1.4\n" + random.Random(4).randbytes(5000))
    with pytest.raises(CorruptPdfError, match="truncated.pdf"):
        read_document(path)


def test_truncated_real_pdf(make_pdf, tmp_path):
    data = make_pdf([["正文内容"]]).read_bytes()
    path = tmp_path / "cut.pdf"
    path.write_bytes(data[: len(data) // 3])
    with pytest.raises(IngestError, match="cut.pdf") as info:
        read_document(path)
    # Cut before the text stream ends: either unparseable or no text left.
    assert isinstance(info.value, (CorruptPdfError, EmptyFileError))


def test_encrypted_pdf(make_encrypted_pdf):
    with pytest.raises(EncryptedPdfError, match="locked.pdf"):
        read_document(make_encrypted_pdf())


def test_pdf_without_text_layer(tmp_path):
    from reportlab.pdfgen.canvas import Canvas

    path = tmp_path / "scan.pdf"
    canvas = Canvas(str(path))
    canvas.rect(72, 72, 200, 100, fill=1)  # a drawing, no text: like a scanned page
    canvas.save()
    with pytest.raises(EmptyFileError, match="scan.pdf.*no text"):
        read_document(path)


def test_permissions_only_encryption_still_reads(tmp_path):
    # Many government PDFs carry an owner password (no copy/print) but open freely.
    from reportlab.lib.pdfencrypt import StandardEncryption
    from reportlab.pdfgen.canvas import Canvas

    path = tmp_path / "restricted.pdf"
    encryption = StandardEncryption("", ownerPassword="owner", canPrint=0, canCopy=0)
    canvas = Canvas(str(path), encrypt=encryption)
    canvas.setFont("Helvetica", 12)
    canvas.drawString(72, 720, "Budget execution rate 98.5%")
    canvas.save()
    assert read_document(path).text == "Budget execution rate 98.5%\n"
