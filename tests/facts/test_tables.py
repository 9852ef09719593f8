"""pipeline/facts/tables.py: indicator and budget tables from any reader
(flattened one-cell-a-line, docx-like cells)."""

from __future__ import annotations

from pipeline.facts import process_document
from pipeline.facts.tables import find_flat_tables
from pipeline.ingest import read_text_document
from pipeline.ingest.document import Cell, Document, Table


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


def test_full_width_bare_numbers_are_read(nlp) -> None:
    """A bare cell in full-width digits and point (９．５) reads as 9.5 and cites
    the cell as written."""
    text = (
        "一级指标\t二级指标\t三级指标\t年度指标值\t实际完成值\t分值\t得分\n"
        "产出指标\t数量指标\t培训人数\t≥５００人\t５２０人\t１０\t９．５\n"
    )
    doc = read_text_document(text, "t.txt")
    facts = {f.role: f for f in process_document(nlp, doc).facts}
    score = facts["score"]
    assert (score.normalized_value, score.text, text[score.start : score.end]) == (
        9.5,
        "９．５",
        "９．５",
    )
    assert facts["weight"].normalized_value == 10.0
