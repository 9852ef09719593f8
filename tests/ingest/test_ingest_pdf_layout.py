"""PDF text as a reader sees it: rejoined lines, no running headers or page
numbers, two columns in order, offsets mapped to pages, unruled tables."""

from pathlib import Path

import pytest
from reportlab.lib.pagesizes import A4
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen.canvas import Canvas

from pipeline.ingest import read_document
from pipeline.ingest.pdf_layout import join_wrapped

CJK_FONT = "STSong-Light"  # reportlab's built-in CID font, as in conftest.py

WIDTH, HEIGHT = A4
LEFT = 72.0
SIZE = 11.0
PER_LINE = int((WIDTH - 2 * LEFT) // SIZE)  # CJK characters that fill the measure
FILLER = "部门整体支出绩效目标完成情况良好各项工作有序推进"


def full_line(end: str) -> str:
    """A line that fills the measure and ends with ``end``."""
    body = (FILLER * 4)[: PER_LINE - len(end)]
    return body + end


Page = list[tuple[float, float, str]]  # (x, y from the top, text)


def write_pdf(path: Path, pages: list[Page], size: float = SIZE) -> Path:
    pdfmetrics.registerFont(UnicodeCIDFont(CJK_FONT))
    canvas = Canvas(str(path), pagesize=A4)
    for page in pages:
        canvas.setFont(CJK_FONT, size)
        for x, y, text in page:
            canvas.drawString(x, HEIGHT - y, text)
        canvas.showPage()
    canvas.save()
    return path


def body(lines: list[str], top: float = 100.0, x: float = LEFT) -> Page:
    return [(x, top + i * 16, text) for i, text in enumerate(lines)]


def test_wrapped_lines_rejoin_inside_words_and_numbers(tmp_path, assert_offsets):
    first = full_line("资本性支")
    path = write_pdf(
        tmp_path / "wrap.pdf",
        [body([first, "出3.36万元，执行率为", "100%。", "二、绩效目标完成情况"])],
    )
    doc = read_document(path)
    assert [p.text for p in doc.paragraphs] == [
        first + "出3.36万元，执行率为",  # wrapped mid-word: one paragraph again
        "100%。",  # the line before it ends well short of the edge: a paragraph ends there
        "二、绩效目标完成情况",
    ]
    assert_offsets(doc)


def test_a_row_of_columns_is_not_a_wrap(tmp_path, assert_offsets):
    # a line filling the measure, then a row whose columns are aligned with
    # runs of spaces, or a row of comma-separated values: a new line each, as
    # in the .txt; a plain line still continues
    first, second = full_line("得分"), full_line("评审")
    row = "耕地地力保护补贴    9,860万元    100%"
    csv = "产出指标,数量指标,新建污水管网,,≥45公里,47.6公里,8,8,"  # a comma-separated row
    path = write_pdf(tmp_path / "rows.pdf", [body([first, row, first, csv, second, "中心"])])
    doc = read_document(path)
    assert [p.text for p in doc.paragraphs] == [first, row, first, csv, second + "中心"]
    assert_offsets(doc)


def test_a_numbered_item_after_a_full_sentence_starts_a_paragraph(tmp_path, assert_offsets):
    # a line that fills the measure and ends a sentence, then the next item of a
    # numbered or scoring list (2. / D2 / D2 ): a new paragraph each
    lines = [full_line("得10分。"), "D2生猪存栏稳定率（5分）：实际101.2%。"]
    lines += [full_line("得5分。"), "D3 养殖场户满意度（10分）：92.3%。"]
    lines += [full_line("完成。"), "2.培训人次：630人。"]
    path = write_pdf(tmp_path / "items.pdf", [body(lines)])
    doc = read_document(path)
    assert [p.text for p in doc.paragraphs] == lines
    assert_offsets(doc)


def test_join_wrapped_spaces_only_latin_words():
    assert join_wrapped("资本性支", "出3.36万元") == "资本性支出3.36万元"
    assert join_wrapped("共计24,516.8", "3万元") == "共计24,516.83万元"
    assert join_wrapped("performance", "target") == "performance target"


def test_running_headers_footers_and_page_numbers_dropped(tmp_path, assert_offsets):
    pages = []
    for n in (1, 2, 3):
        furniture = [
            (LEFT, 40, "某某区财政局2023年度绩效自评报告"),
            (WIDTH / 2 - 10, HEIGHT - 30, f"- {n} -"),
        ]
        pages.append(furniture + body([f"第{n}页正文，预算执行率{90 + n}%。"]))
    doc = read_document(write_pdf(tmp_path / "furniture.pdf", pages))
    assert [p.text for p in doc.paragraphs] == [
        "第1页正文，预算执行率91%。",
        "第2页正文，预算执行率92%。",
        "第3页正文，预算执行率93%。",
    ]
    assert [doc.page_at(p.start) for p in doc.paragraphs] == [1, 2, 3]
    assert_offsets(doc)


def test_paragraph_continues_across_a_page_break(tmp_path, assert_offsets):
    last = full_line("项目支")
    doc = read_document(
        write_pdf(tmp_path / "break.pdf", [body(["首段。", last]), body(["出19,664.21万元。"])])
    )
    joined = last + "出19,664.21万元。"
    assert [p.text for p in doc.paragraphs] == ["首段。", joined]
    at = doc.text.index(joined)
    assert doc.page_at(at) == 1
    assert doc.page_at(at + len(last)) == 2  # the part on page 2 maps to page 2
    boxes = [b for b in doc.boxes if b[0] < at + len(joined) and b[1] > at]
    assert [b[2] for b in boxes] == [1, 2]  # a box on each page it is on
    assert_offsets(doc)


def test_two_columns_read_left_then_right(tmp_path, assert_offsets):
    # each column: a paragraph wrapped over three lines (two fill the column), then a short one
    def column(name: str) -> list[str]:
        fill = (FILLER * 2)[:18]
        return [name + fill[len(name) :], fill, "完成。", f"{name}另起一段。"]

    left, right = column("左栏"), column("右栏")
    page = (
        body(["两栏排版的报告"], top=80)
        + body(left, top=120)
        + body(right, top=120, x=WIDTH / 2 + 20)
    )
    doc = read_document(write_pdf(tmp_path / "columns.pdf", [page]))
    assert [p.text for p in doc.paragraphs] == [
        "两栏排版的报告",
        "".join(left[:3]),
        left[3],
        "".join(right[:3]),
        right[3],
    ]
    assert_offsets(doc)


def test_unruled_table_found_by_text_alignment(tmp_path, assert_offsets):
    columns = [LEFT, 200.0, 300.0, 400.0]
    rows = [
        ["项目", "年初预算数", "全年预算数", "决算数"],
        ["基本支出", "120.50", "130.00", "128.25"],
        ["项目支出", "80.00", "85.00", "84.10"],
        ["合计", "200.50", "215.00", "212.35"],
    ]
    page = body(["单位：万元"], top=80) + [
        (x, 110 + r * 18, cell) for r, row in enumerate(rows) for x, cell in zip(columns, row)
    ]
    doc = read_document(write_pdf(tmp_path / "aligned.pdf", [page]))
    [table] = doc.tables
    assert [[c.text for c in row] for row in table.rows] == rows
    assert_offsets(doc)


@pytest.mark.parametrize(
    "text", ["- 3 -", "第 3 页", "3/12", "第3页，共12页", "Page 3 of 12", "12"]
)
def test_page_number_forms(text):
    from pipeline.ingest.pdf_layout import _PAGE_NUMBER

    assert _PAGE_NUMBER.fullmatch(text)
