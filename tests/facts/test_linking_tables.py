"""Linking and roles in running text, and tables from any reader."""

from __future__ import annotations

import pytest

from pipeline.facts import assemble, facts_to_records, process_document
from pipeline.facts.roles import column_role, text_role
from pipeline.facts.tables import find_flat_tables
from pipeline.ingest import read_text_document
from pipeline.ingest.document import Cell, Document, Table
from pipeline.loading import rules_pipeline
from pipeline.schema import EntityRow


@pytest.fixture(scope="module")
def nlp():
    return rules_pipeline()


def _facts(nlp, text: str):
    return process_document(nlp, read_text_document(text, "t.txt")).facts


def test_roles_from_cues_and_columns() -> None:
    assert text_role("5 分", "该指标分值 ") == "weight"
    assert text_role("4.5 分", "自评得分 ") == "score"
    assert text_role("58分", "产出指标（", "）") == "weight"
    assert text_role("3706.87 万元", "财政拨款收入全年预算数 ") == "target"
    assert text_role("3706.87 万元", "收入决算数 ") == "value"
    assert text_role("95%", "覆盖率达到", target_section=True) == "target"
    assert text_role("190人", "共发展党员") == "value"
    assert [column_role(h) for h in ("年度指标值", "实际完成值", "分值", "得分", "偏差原因")] == [
        "target",
        "value",
        "weight",
        "score",
        None,
    ]


def test_cue_linking_lists_and_qizhong(nlp) -> None:
    facts = _facts(nlp, "年末总资产 169.57 万元，其中流动资产 6.34 万元，占总资产的 3.74%。\n")
    assert [f.indicator for f in facts] == ["年末总资产", "流动资产", "流动资产"]
    facts = _facts(nlp, "共统筹举办线下培训班15期，引进博士 5人、硕士 3人。\n")
    assert [f.indicator for f in facts] == ["线下培训班", "引进博士", "硕士"]
    facts = _facts(nlp, "引领全区457个基层党组织开展主题教育。\n")
    assert facts[0].indicator == "基层党组织"


def test_entity_linking_prefers_same_clause() -> None:
    text = "14个村集体经济收入20万元，人才专刊出版5期2500册。\n"
    doc = read_text_document(text, "t.txt")

    def ent(label: str, s: str, nth: int = 0) -> EntityRow:
        start = text.index(s)
        return EntityRow(doc.id, label, s, start, start + len(s), 0)

    ents = [
        ent("COUNT", "14个"),
        ent("INDICATOR", "村"),
        ent("INDICATOR", "集体经济收入"),
        ent("MONEY", "20万元"),
        ent("INDICATOR", "人才专刊出版"),
        ent("COUNT", "5期"),
        ent("COUNT", "2500册"),
    ]
    facts = assemble(doc, sorted(ents, key=lambda e: e.start), cues="merge").facts
    assert [(f.text, f.indicator) for f in facts] == [
        ("14个", "村"),
        ("20万元", "集体经济收入"),
        ("5期", "人才专刊出版"),
        ("2500册", "人才专刊出版"),
    ]


def test_d7_heading_link_and_records(nlp) -> None:
    text = "（1）预算编制合理性\n说明。该指标分值 5 分，自评得分 4.5 分。\n"
    doc = read_text_document(text, "t.txt")
    result = process_document(nlp, doc)
    assert [(f.role, f.indicator) for f in result.facts] == [
        ("weight", "预算编制合理性"),
        ("score", "预算编制合理性"),
    ]
    records = facts_to_records(doc, result)
    assert [s.role for s in records[1].spans] == ["weight", "score"]
    assert records[1].relations == []  # the link crosses records: a fact only (D7)


def test_flat_table_cells_carry_and_continue() -> None:
    text = (
        "\t一级指标\n\t二级指标\n\t三级指标\n\t年度\n指标值\n\t实际\n完成值\n\t分值\n\t得分\n\n"
        "\t产出指标\n\t数量指标\n\n\t培训人数\n\t≥600人\n\t630\n\t6\n\t6\n"
    )
    tables = find_flat_tables(text)
    assert len(tables) == 1
    assert [c.text for c in tables[0].rows[0]][3:5] == ["年度指标值", "实际完成值"]
    assert len(tables[0].rows[1]) == 7  # a row broken by a blank line is one row


def test_tables_from_docx_like_reader(nlp) -> None:
    """A Document.tables grid (as the docx/pdf readers give) with merged cells left empty."""
    rows = [
        ["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分"],
        ["产出指标", "数量指标", "培训人数", "≥600人", "630", "6", "6"],
        ["", "", "培训经费", "50万元", "48", "4", "3"],
    ]
    text = "\n".join("\t".join(r) for r in rows) + "\n"
    cells, pos = [], 0
    for r, row in enumerate(rows):
        out = []
        for c, value in enumerate(row):
            out.append(Cell(r, c, value, pos, pos + len(value)))
            pos += len(value) + 1
        cells.append(out)
    doc = Document(
        id="d",
        name="d.docx",
        source=None,
        format="docx",
        text=text,
        tables=[Table(index=0, rows=cells, page=2)],
    )
    facts = process_document(nlp, doc).facts
    money = next(f for f in facts if f.text == "48")
    assert (money.role, money.unit, money.normalized_value, money.indicator) == (
        "value",
        "万元",
        480000.0,
        "培训经费",
    )
    assert money.category_path == "产出指标 › 数量指标" and money.page == 2
    assert next(f for f in facts if f.text == "3").role == "score"
