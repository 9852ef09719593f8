import io
import zipfile

import docx
import pytest

from pipeline.ingest import CorruptDocxError, EmptyFileError, read_document


def test_paragraphs_and_tables_in_document_order(make_docx, assert_offsets):
    path = make_docx(
        [
            "部门整体支出绩效自评报告",
            "",  # empty paragraph: no line
            [["项目", "年初预算数", "决算数"], ["人员经费", "1340.04", "1550.67"]],
            "三、绩效情况",
        ]
    )
    doc = read_document(path)
    assert doc.format == "docx"
    assert doc.text == (
        "部门整体支出绩效自评报告\n项目\t年初预算数\t决算数\n人员经费\t1340.04\t1550.67\n三、绩效情况\n"
    )
    [table] = doc.tables
    assert [[c.text for c in row] for row in table.rows] == [
        ["项目", "年初预算数", "决算数"],
        ["人员经费", "1340.04", "1550.67"],
    ]
    cell = table.rows[1][2]
    assert (cell.row, cell.col, doc.text[cell.start : cell.end]) == (1, 2, "1550.67")
    assert doc.paragraphs[0].text == "部门整体支出绩效自评报告"
    assert_offsets(doc)


def test_merged_cells_keep_the_column_grid(tmp_path, assert_offsets):
    document = docx.Document()
    table = document.add_table(rows=3, cols=3)
    for r in range(3):
        for c in range(3):
            table.cell(r, c).text = f"r{r}c{c}"
    table.cell(0, 0).merge(table.cell(0, 1)).text = "一级指标"  # horizontal merge
    table.cell(1, 2).merge(table.cell(2, 2)).text = "得分"  # vertical merge
    path = tmp_path / "merged.docx"
    document.save(str(path))

    doc = read_document(path)
    rows = [[c.text for c in row] for row in doc.tables[0].rows]
    # on the column grid: the merged text once, at its top-left, '' where it spans
    assert rows == [
        ["一级指标", "", "r0c2"],
        ["r1c0", "r1c1", "得分"],
        ["r2c0", "r2c1", ""],
    ]
    assert_offsets(doc)


def test_multi_paragraph_cell_becomes_one_line(tmp_path, assert_offsets):
    document = docx.Document()
    cell = document.add_table(rows=1, cols=2).cell(0, 0)
    cell.text = "资金"
    cell.add_paragraph("执行率")
    cell.add_paragraph("(%)")
    path = tmp_path / "cell.docx"
    document.save(str(path))
    doc = read_document(path)
    assert doc.tables[0].rows[0][0].text == "资金执行率 (%)"
    assert_offsets(doc)


def test_not_a_zip(tmp_path):
    path = tmp_path / "fake.docx"
    path.write_bytes("这不是Word文件".encode())
    with pytest.raises(CorruptDocxError, match="fake.docx.*not a zip"):
        read_document(path)


def test_zip_without_document_xml(tmp_path):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("readme.txt", "hello")
    path = tmp_path / "other.docx"
    path.write_bytes(buffer.getvalue())
    with pytest.raises(CorruptDocxError, match="other.docx.*document.xml"):
        read_document(path)


def test_broken_document_xml(make_docx, tmp_path):
    good = make_docx(["正文"])
    out = io.BytesIO()
    with zipfile.ZipFile(good) as src, zipfile.ZipFile(out, "w") as dst:
        for item in src.infolist():
            data = src.read(item)
            if item.filename == "word/document.xml":
                data = data[: len(data) // 2]  # truncated XML
            dst.writestr(item, data)
    path = tmp_path / "broken.docx"
    path.write_bytes(out.getvalue())
    with pytest.raises(CorruptDocxError, match="broken.docx"):
        read_document(path)


def test_zero_byte_and_textless_docx(make_docx, tmp_path):
    zero = tmp_path / "zero.docx"
    zero.write_bytes(b"")
    with pytest.raises(EmptyFileError, match="zero.docx"):
        read_document(zero)
    with pytest.raises(EmptyFileError, match="blank.docx"):
        read_document(make_docx(["", "  "], name="blank.docx"))


def test_soft_breaks_and_tabs_stay_on_one_line(tmp_path, assert_offsets):
    document = docx.Document()
    paragraph = document.add_paragraph("部门名称\t中共雁峰区委组织部")
    paragraph.add_run().add_break()  # a soft line break between two CJK runs
    paragraph.add_run("填报")
    path = tmp_path / "breaks.docx"
    document.save(str(path))
    doc = read_document(path)
    assert doc.text == "部门名称 中共雁峰区委组织部填报\n"
    assert doc.tables == []
    assert_offsets(doc)
