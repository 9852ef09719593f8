"""Spreadsheets (.xlsx, .xls): sheets in order, merged cells on the column grid,
and each fact citing its sheet and cell."""

from pathlib import Path

import pytest

from pipeline.ingest import CorruptSpreadsheetError, read_document
from pipeline.ingest.spreadsheet import cell_ref


def _xlsx(tmp_path: Path) -> Path:
    from openpyxl import Workbook

    book = Workbook()
    text = book.active
    text.title = "报告"
    text["A1"] = "项目支出绩效自评表"
    text["A2"] = "单位：万元"
    header = ["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分"]
    for c, value in enumerate(header, start=1):
        text.cell(row=3, column=c, value=value)
    text.append(["产出指标", "数量指标", "培训人次", "≥600人", 630, 10, 10])
    text.append([None, "质量指标", "验收合格率", 0.95, 0.98, 10, 9])
    text["D5"].number_format = text["E5"].number_format = "0%"
    text.merge_cells("A4:A5")  # the category spans both rows
    funds = book.create_sheet("资金")
    funds.append(["单位：万元"])
    funds.append(["项目", "年初预算数", "全年预算数", "决算数"])
    funds.append(["基本支出", 120.5, 130, 128.25])
    funds.append(["合计", 120.5, 130, 128.25])
    path = tmp_path / "r.xlsx"
    book.save(str(path))
    return path


def test_xlsx_sheets_merges_and_numbers(tmp_path, assert_offsets):
    doc = read_document(_xlsx(tmp_path))
    assert doc.format == "xlsx"
    assert doc.text.splitlines()[:5] == [
        "项目支出绩效自评表",
        "单位：万元",
        "一级指标\t二级指标\t三级指标\t年度指标值\t实际完成值\t分值\t得分",
        "产出指标\t数量指标\t培训人次\t≥600人\t630\t10\t10",
        "\t质量指标\t验收合格率\t95%\t98%\t10\t9",  # merged: text once, at the top
    ]
    assert [len(t.rows) for t in doc.tables] == [3, 3]  # one table per sheet
    assert doc.tables[1].rows[1][3].text == "128.25"
    assert_offsets(doc)
    at = doc.text.index("128.25")
    assert doc.cell_at(at) == ("资金", "D3")
    assert doc.cell_at(doc.text.index("单位")) == ("报告", "A2")


def test_xlsx_facts_cite_sheet_and_cell(tmp_path):
    from pipeline.facts import process_document
    from pipeline.loading import load_pipeline

    doc = read_document(_xlsx(tmp_path))
    facts = process_document(load_pipeline("rules"), doc).facts
    actual = next(f for f in facts if f.indicator == "培训人次" and f.role == "value")
    assert (actual.normalized_value, actual.sheet, actual.cell) == (630.0, "报告", "E4")
    spent = next(f for f in facts if f.column == "决算数" and f.indicator == "合计")
    assert (spent.normalized_value, spent.sheet, spent.cell) == (1282500.0, "资金", "D4")


def test_xls_with_merged_cells(tmp_path, assert_offsets):
    xlwt = pytest.importorskip("xlwt", reason="xlwt writes the .xls fixture (dev extra)")
    book = xlwt.Workbook()
    sheet = book.add_sheet("表1")
    for c, value in enumerate(["一级指标", "三级指标", "实际完成值"]):
        sheet.write(0, c, value)
    sheet.write_merge(1, 2, 0, 0, "产出指标")
    sheet.write(1, 1, "培训人次")
    sheet.write(1, 2, 630)
    sheet.write(2, 1, "覆盖率")
    sheet.write(2, 2, "98%")
    path = tmp_path / "r.xls"
    book.save(str(path))

    doc = read_document(path)
    assert doc.format == "xls"
    assert [[c.text for c in row] for row in doc.tables[0].rows] == [
        ["一级指标", "三级指标", "实际完成值"],
        ["产出指标", "培训人次", "630"],
        ["", "覆盖率", "98%"],
    ]
    assert doc.cell_at(doc.text.index("630")) == ("表1", "C2")
    assert_offsets(doc)


@pytest.mark.parametrize("name", ["bad.xlsx", "bad.xls"])
def test_corrupt_spreadsheet_is_a_typed_error(tmp_path, name):
    path = tmp_path / name
    path.write_bytes(b"not a workbook at all")
    with pytest.raises(CorruptSpreadsheetError, match=name):
        read_document(path)


def test_cell_ref():
    assert [cell_ref(0, 0), cell_ref(4, 25), cell_ref(9, 26), cell_ref(0, 701)] == [
        "A1",
        "Z5",
        "AA10",
        "ZZ1",
    ]
