import random
from pathlib import Path

import pytest

from pipeline.ingest import (
    BinaryFileError,
    DecodeError,
    EmptyFileError,
    read_document,
    read_text_document,
)
from pipeline.ingest.document import document_id

REPORT = "部门整体支出绩效自评报告\n2023年度基本支出335.72万元。\n"


def random_bytes(n: int) -> bytes:
    return random.Random(1).randbytes(n)  # fixed seed: the same junk every run


def write(tmp_path: Path, data: bytes, name: str = "r.txt") -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def test_utf8(tmp_path):
    data = REPORT.encode("utf-8")
    doc = read_document(write(tmp_path, data))
    assert doc.text == REPORT
    assert doc.encoding == "utf-8"
    assert doc.format == "txt"
    assert doc.name == "r.txt"
    assert doc.id == document_id("r.txt", data)
    assert [p.text for p in doc.paragraphs] == [
        "部门整体支出绩效自评报告",
        "2023年度基本支出335.72万元。",
    ]


def test_utf8_bom_is_stripped(tmp_path):
    doc = read_document(write(tmp_path, b"\xef\xbb\xbf" + REPORT.encode("utf-8")))
    assert doc.text == REPORT
    assert doc.paragraphs[0].start == 0


def test_utf16_with_bom(tmp_path):
    doc = read_document(write(tmp_path, REPORT.encode("utf-16")))
    assert doc.text == REPORT


def test_doubled_bom_is_stripped(tmp_path):
    doc = read_document(write(tmp_path, b"\xef\xbb\xbf" * 2 + REPORT.encode("utf-8")))
    assert doc.text == REPORT


@pytest.mark.parametrize("codec", ["gbk", "gb2312", "gb18030"])
def test_gb_encodings_decode(tmp_path, codec):
    doc = read_document(write(tmp_path, REPORT.encode(codec)))
    assert doc.text == REPORT
    assert doc.encoding == "gb18030"


def test_gb18030_only_characters(tmp_path):
    text = "单位：㐀䶵 𠀀 预算\n"  # outside GBK; need GB18030 four-byte codes
    doc = read_document(write(tmp_path, text.encode("gb18030")))
    assert doc.text == text


def test_crlf_kept_verbatim(tmp_path, assert_offsets):
    text = "第一段\r\n\r\n  第二段 \r\n第三段"
    doc = read_document(write(tmp_path, text.encode("utf-8")))
    assert doc.text == text
    assert [p.text for p in doc.paragraphs] == ["第一段", "第二段", "第三段"]
    assert_offsets(doc)


def test_empty_and_blank_files(tmp_path):
    with pytest.raises(EmptyFileError, match="empty.txt"):
        read_document(write(tmp_path, b"", "empty.txt"))
    with pytest.raises(EmptyFileError, match="blank.txt"):
        read_document(write(tmp_path, "\r\n \u3000\n".encode(), "blank.txt"))


def test_random_bytes_are_binary(tmp_path):
    junk = random_bytes(4096)
    with pytest.raises(BinaryFileError, match="junk.txt"):
        read_document(write(tmp_path, junk, "junk.txt"))


def test_control_characters_without_nul_are_binary(tmp_path):
    junk = bytes(b for b in random_bytes(4096) if b) + b"\x01\x02\x03" * 50
    with pytest.raises(BinaryFileError):
        read_document(write(tmp_path, junk))


def test_a_few_control_characters_are_tolerated(tmp_path):
    text = ("预算执行率100%。\n" * 50) + "\x0c\x1a"  # form feed, DOS EOF marker
    assert read_document(write(tmp_path, text.encode())).text == text


def test_undecodable_text_raises_decode_error(tmp_path):
    # High bytes only: invalid UTF-8 and GB18030, too chaotic for charset-normalizer.
    with pytest.raises(DecodeError, match="odd.txt"):
        read_document(write(tmp_path, bytes(range(0x80, 0x100)) * 3, "odd.txt"))


def test_other_encodings_fall_back_to_detection(tmp_path):
    text = "Résumé of the département's budget: très bien, déjà payé.\n" * 5
    doc = read_document(write(tmp_path, text.encode("cp1252")))
    # A detector guess: a Latin code page, not necessarily cp1252 itself.
    assert doc.encoding not in ("utf-8", "gb18030")
    assert "département's budget" in doc.text and len(doc.text) == len(text)


def test_tab_tables_with_cell_spans(tmp_path, assert_offsets):
    text = (
        "表1 预算执行\n"
        "项目\t年初预算数\t决算数\n"
        "人员经费\t 1340.04 \t1550.67\n"
        "公用经费\t98.36\t\n"
        "合计说明见下文。\n"
        "\t单元格一\n"  # a tab-indented line is not a table row
        "\t单元格二\n"
    )
    doc = read_document(write(tmp_path, text.encode()))
    assert len(doc.tables) == 1
    rows = [[c.text for c in row] for row in doc.tables[0].rows]
    assert rows == [
        ["项目", "年初预算数", "决算数"],
        ["人员经费", "1340.04", "1550.67"],
        ["公用经费", "98.36", ""],
    ]
    cell = doc.tables[0].rows[1][1]
    assert (cell.row, cell.col) == (1, 1)
    assert_offsets(doc)


def test_tab_tables_in_crlf_text(tmp_path, assert_offsets):
    text = "甲\t1\r\n乙\t2\r\n\r\n丙\t3\r\n丁\t4\r\n"
    doc = read_document(write(tmp_path, text.encode()))
    assert [[[c.text for c in r] for r in t.rows] for t in doc.tables] == [
        [["甲", "1"], ["乙", "2"]],
        [["丙", "3"], ["丁", "4"]],
    ]
    assert_offsets(doc)


def test_an_empty_row_of_tabs_inside_a_table(assert_offsets):
    # a spreadsheet export's empty row (tabs only, the rows' width) inside a
    # table is skipped; one of another width, or at the end, ends the table
    text = "项目\t预算\t决算\n甲\t1\t2\n\t\t\n乙\t3\t4\n\t\t\n说明\t略\n丙\t5\n"
    doc = read_text_document(text, "blank.txt")
    assert [[[c.text for c in r] for r in t.rows] for t in doc.tables] == [
        [["项目", "预算", "决算"], ["甲", "1", "2"], ["乙", "3", "4"]],
        [["说明", "略"], ["丙", "5"]],
    ]
    assert [
        [r[0].text for r in t.rows] for t in read_text_document("a\tb\n\t\t\nc\td\n", "x").tables
    ] == []
    assert_offsets(doc)


def test_single_tab_line_is_not_a_table():
    doc = read_text_document("标题\n项目\t金额\n正文\n", "one.txt")
    assert doc.tables == []


def test_read_text_document(assert_offsets):
    text = "项目\t金额\n人员经费\t1340.04\n"
    doc = read_text_document(text, "mem.txt")
    assert doc.text == text and doc.source is None and doc.format == "txt"
    assert doc.id == document_id("mem.txt", text.encode("utf-8"))
    assert doc.tables[0].rows[1][1].text == "1340.04"
    assert_offsets(doc)


def test_pipe_tables_are_tables():
    text = (
        "绩效自评表\n"
        "| 三级指标 | 年度指标值 | 实际完成值 |\n"
        "|---|---|---|\n"
        "| 培训人次 | ≥600人 | 630人 |\n"
        "| 覆盖率 |   | 98% |\n"
        "不是表格 | 的一行\n"
    )
    doc = read_text_document(text, "p.txt")
    [table] = doc.tables
    assert [[c.text for c in row] for row in table.rows] == [
        ["三级指标", "年度指标值", "实际完成值"],
        ["培训人次", "≥600人", "630人"],
        ["覆盖率", "", "98%"],
    ]
    for row in table.rows:
        for cell in row:
            assert text[cell.start : cell.end] == cell.text
