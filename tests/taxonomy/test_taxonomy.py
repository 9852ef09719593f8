"""Indicator taxonomy: table parsing, seeds, the shipped model, the CLI."""

from __future__ import annotations

from collections import Counter

import pytest
from typer.testing import CliRunner

from pipeline.taxonomy import LEVEL1, LEVEL2, PARENT, classify
from pipeline.taxonomy.categories import parse_category_cell
from pipeline.taxonomy.model import MODEL_DIR, cross_validate, read_seeds, training_examples
from pipeline.taxonomy.tables import examples_from_records, split_cells, table_examples


def _records(doc: str, lines: list[str]) -> list[dict]:
    return [{"meta": {"doc": doc}, "text": t, "spans": _spans(t)} for t in lines]


def _spans(text: str) -> list[dict]:
    """Mark every cell that reads like a 三级指标 name (test helper)."""
    out = []
    for cell, start, end in split_cells(text):
        s = cell.strip()
        if s and not s[0].isdigit() and s[0] not in "≥≤" and not s.endswith(("%", "分")):
            lead = len(cell) - len(cell.lstrip())
            out.append({"label": "INDICATOR", "start": start + lead, "end": start + lead + len(s)})
    return out


def test_flattened_table_with_split_heading_cells():
    lines = [
        "一级指标",
        "二级指标",
        "三级指标",
        "分值",
        "产出指标（50分）",
        "数量指标",
        "新建学校",
        "2所",
        "效益",
        "指标（30分）",
        "社会效益",
        "指标",
        "入学率",
        "满意度指标（10分）",
        "家长满意度",
        "≥90%",
        "总分",
        "后记",
    ]
    got = [
        (e.name, e.category_l1, e.category_l2) for e in examples_from_records(_records("d", lines))
    ]
    assert ("新建学校", "产出指标", "数量指标") in got
    assert ("入学率", "效益指标", "社会效益指标") in got
    assert ("家长满意度", "满意度指标", "服务对象满意度指标") in got
    assert all(name != "后记" for name, *_ in got)


def test_tab_and_pipe_rows():
    tab = [
        "一级指标\t二级指标\t三级指标\t年度指标值",
        "产出指标（50分）\t时效指标\t完工时间\t100%",
        "\t成本指标\t人均投资\t600",
    ]
    pipe = [
        "| 一级指标 | 二级指标 | 三级指标 | 值 |",
        "|---|---|---|---|",
        "| 效益指标（30分） | 生态效益指标 | 森林覆盖率 | 30% |",
    ]
    got = {
        e.name: e.category_l2
        for e in examples_from_records(_records("t", tab) + _records("p", pipe))
    }
    assert got == {"完工时间": "时效指标", "人均投资": "成本指标", "森林覆盖率": "生态效益指标"}


def test_cost_heading_levels():
    assert parse_category_cell("成本指标（20分）", current_l1="产出指标") == (1, "成本指标")
    assert parse_category_cell("成本指标", current_l1="产出指标") == (2, "成本指标")
    assert parse_category_cell("经济成本指标", current_l1="成本指标") == (2, "成本指标")
    assert parse_category_cell("满意度指标", current_l1="满意度指标") == (2, "服务对象满意度指标")
    assert parse_category_cell("公交准点率", current_l1="产出指标") is None


def test_corpus_tables_yield_every_level():
    examples = table_examples()
    assert len(examples) >= 90
    assert {e.category_l1 for e in examples} == {"产出指标", "效益指标", "满意度指标"}
    assert {e.category_l2 for e in examples} == set(LEVEL2)
    by_name = {e.name: e.category_l2 for e in examples}
    assert by_name["三公经费控制率"] == "成本指标"  # report 001
    assert by_name["公交准点率"] == "质量指标"  # au_trans_t1, indented one cell per line
    assert {e.source for e in examples} >= {"001_d47c8fa28c385bab", "au_water_t1", "au_eco_t1"}


def test_seeds_cover_every_category():
    counts = Counter(e.category_l2 for e in read_seeds())
    assert set(counts) == set(LEVEL2)
    assert min(counts.values()) >= 15
    for e in read_seeds():
        assert PARENT[e.category_l2] == e.category_l1


def test_cross_validation_runs_and_beats_chance():
    result = cross_validate(training_examples(), folds=3)
    assert result.macro_f1_l1 > 0.6
    assert result.macro_f1_l2 > 0.4


def test_shipped_model_classifies():
    assert (MODEL_DIR / "model.joblib").exists()
    assert "macro-F1" in (MODEL_DIR / "README.md").read_text(encoding="utf-8")
    names = ["资金拨付及时率", "受益群众满意度", "新建村级卫生室数量", "森林覆盖率", "", "质量指标"]
    got = classify(names)
    assert len(got) == len(names)
    for l1, l2, conf in got[:4]:
        assert l1 in LEVEL1 and l2 in LEVEL2 and PARENT[l2] == l1 and 0 < conf <= 1
    assert got[0][1] == "时效指标"
    assert got[1][1] == "服务对象满意度指标"
    assert got[2][1] == "数量指标"
    assert got[3][1] == "生态效益指标"
    assert got[4] == ("", "", 0.0)
    assert got[5] == ("产出指标", "质量指标", 1.0)
    assert classify([]) == []


def test_cli_predict():
    from pipeline.cli import app

    result = CliRunner().invoke(app, ["taxonomy", "predict", "受益群众满意度"])
    assert result.exit_code == 0, result.output
    assert result.output.split("\t")[2] == "服务对象满意度指标"


@pytest.mark.parametrize("bad", ["nope"])
def test_cli_train_rejects_unknown_option(bad, tmp_path):
    from pipeline.cli import app

    result = CliRunner().invoke(app, ["taxonomy", "train", "--out", str(tmp_path), "--option", bad])
    assert result.exit_code != 0
    assert not (tmp_path / "model.joblib").exists()
