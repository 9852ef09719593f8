"""The four real sample reports: offsets, tables, and stable ids."""

from pathlib import Path

import pytest

from pipeline.ingest import read_document

SAMPLE_DIR = Path(__file__).resolve().parents[2] / "corpus" / "sample"
SAMPLES = sorted(SAMPLE_DIR.glob("*.txt"))


def test_samples_present():
    assert len(SAMPLES) == 4


@pytest.mark.parametrize("path", SAMPLES, ids=lambda p: p.stem)
def test_every_paragraph_and_cell_round_trips(path, assert_offsets):
    doc = read_document(path)
    assert doc.text == path.read_bytes().decode("utf-8")
    assert doc.encoding == "utf-8"
    assert doc.id.startswith(path.stem + "-")
    assert len(doc.paragraphs) > 50
    assert_offsets(doc)


def sample(prefix: str):
    [path] = [p for p in SAMPLES if p.name.startswith(prefix)]
    return read_document(path)


def test_002_budget_table_rows_are_cells():
    doc = sample("002_")
    budget, tasks = doc.tables
    rows = [[c.text for c in row] for row in budget.rows]
    assert rows[0] == ["项目 (按支出性质分类)", "年初预算数", "全年预算数", "决算数"]
    assert ["人员经费", "1340.04", "1550.67", "1550.67"] in rows
    assert rows[-1] == ["本年支出合计", "4255.62", "3703.85", "3703.85"]
    assert len(rows) == 6
    staff = next(row for row in budget.rows if row[0].text == "人员经费")
    assert [c.col for c in staff] == [0, 1, 2, 3]
    assert doc.text[staff[1].start : staff[1].end] == "1340.04"
    # The line is also one paragraph: the label cell starts it.
    para = next(p for p in doc.paragraphs if p.text.startswith("人员经费\t"))
    assert para.start == staff[0].start
    assert [row[1].text for row in tasks.rows[1:]][:2] == ["人才工作经费", "干部工作经费"]
    assert len(tasks.rows) == 9


def test_001_flattened_table_is_not_mistaken_for_tab_rows():
    # Report 001 flattens its tables one cell a line, each indented by one tab;
    # those are paragraphs (ruling D2), not tab-separated rows.
    doc = sample("001_")
    assert doc.tables == []
    assert any(p.text == "≥600人" for p in doc.paragraphs)
    assert any(p.text == "资金总额：608.67" for p in doc.paragraphs)


def test_000_signature_table_keeps_empty_trailing_cells():
    doc = sample("000_")
    [table] = doc.tables
    assert [c.text for c in table.rows[0]] == ["序号", "姓名", "工作单位", "职务", "签字"]
    assert [c.text for c in table.rows[1]] == [
        "1",
        "徐光荣",
        "中共石家庄市桥西区委组织部",
        "四级调研员",
        "",
    ]
    assert len(table.rows) == 6


def test_003_has_no_tables():
    assert sample("003_").tables == []
