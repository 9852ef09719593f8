"""pipeline/facts/assemble.py end to end: representative facts, summaries
and flags of the four sample reports, pinned."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.facts import DocumentResult, facts_to_records, process_document
from pipeline.ingest import read_document
from pipeline.loading import rules_pipeline

SAMPLE = Path(__file__).resolve().parents[2] / "corpus" / "sample"
NAMES = {
    "000": "000_64bd6c28bc5762b2.txt",
    "001": "001_d47c8fa28c385bab.txt",
    "002": "002_81d1fd1d098c38fa.txt",
    "003": "003_6048b5b0586a559f.txt",
}


@pytest.fixture(scope="module")
def results() -> dict[str, DocumentResult]:
    nlp = rules_pipeline()
    return {k: process_document(nlp, read_document(SAMPLE / v)) for k, v in NAMES.items()}


def _find(result: DocumentResult, text: str, **kw):
    hits = [
        f for f in result.facts if f.text == text and all(getattr(f, k) == v for k, v in kw.items())
    ]
    assert hits, f"no fact {text!r} {kw}"
    return hits[0]


def test_evidence_everywhere(results) -> None:
    for key, r in results.items():
        document = read_document(SAMPLE / NAMES[key])
        for f in r.facts:
            assert document.text[f.start : f.end] == f.text
            assert f.sentence
            if f.indicator_start is not None:
                raw = document.text[f.indicator_start : f.indicator_end]
                assert "".join(raw.split()) == "".join(f.indicator.split())


def test_000_text_facts(results) -> None:
    r = results["000"]
    f = _find(r, "169.57 万元")
    assert (f.role, f.indicator, f.normalized_value) == ("value", "年末总资产", 1695700.0)
    assert _find(r, "3.74%").indicator == "流动资产"  # 占总资产的 3.74%: inherits
    f = _find(r, "95%")
    assert (f.role, f.indicator, f.qualifier) == ("target", "干部学员实际参训覆盖率", ">=")
    f = _find(r, "4129.25 万元", indicator="支出年初预算")
    assert f.role == "value"  # R14: a budget is a value
    assert _find(r, "98 分").role == "score"
    d = r.document
    assert (d.year, d.report_type, d.self_score, d.grade) == (2022, "部门整体", 98.0, "优秀")
    assert d.budget_initial == 41292500.0 and d.spending == 12308700.0


def test_001_flattened_indicator_table(results) -> None:
    r = results["001"]
    target = _find(r, "600人", source="table")
    assert (target.role, target.qualifier, target.indicator) == (
        "target",
        ">=",
        "参加干部网络在线学习学员数",
    )
    assert target.category_path == "产出指标 › 数量指标"
    actual = _find(r, "630", source="table")
    assert (actual.role, actual.unit, actual.normalized_value) == ("value", "人", 630.0)
    row = [
        f
        for f in r.facts
        if f.table == target.table and f.row == target.row and f.column != "一级指标"
    ]
    assert sorted(f.role for f in row) == ["score", "target", "value", "weight"]
    weight = _find(r, "58分", source="table")
    assert (weight.role, weight.indicator) == ("weight", "产出指标")
    score = _find(r, "4", source="table", role="score")
    assert score.indicator == "各项工作安排的实施方案的时效要求"
    assert score.category_path == "产出指标 › 时效指标"  # 一级 carried down
    total = _find(r, "99", source="table")
    assert (total.role, total.indicator) == ("score", "总分")
    assert r.document.self_score == 99.0


def test_001_budget_block_and_text(results) -> None:
    r = results["001"]
    basic = _find(r, "335.75", source="table")
    assert (basic.indicator, basic.unit, basic.normalized_value) == ("基本支出", "万元", 3357500.0)
    assert _find(r, "100%", column="资金执行率").role == "value"
    f = _find(r, "335.72万元")
    assert (f.source, f.indicator) == ("text", "基本支出")
    assert _find(r, "21人").indicator == "年末在职"


def test_001_flags(results) -> None:
    flags = results["001"].flags
    conflicts = {f.message.split(":")[0] for f in flags if f.check == "conflicting_figure"}
    assert conflicts == {"基本支出", "项目支出"}
    basic = next(f for f in flags if f.message.startswith("基本支出"))
    assert basic.expected == 3357200.0 and basic.actual == 3357500.0


def test_002_d7_score_lines_link_to_heading(results) -> None:
    r = results["002"]
    w = _find(r, "5 分", role="weight", indicator="预算编制合理性")
    s = _find(r, "4.5 分", role="score", indicator="预算编制合理性")
    assert w.indicator_start == s.indicator_start
    assert _find(r, "8分", role="score").indicator == "工作表现加减分指标"
    # R3/R14: budget and spending are values, each linked to its own clause's name
    assert _find(r, "3706.87 万元", indicator="财政拨款收入全年预算数").role == "value"
    assert _find(r, "3706.87 万元", indicator="收入决算数").role == "value"


def test_002_budget_table(results) -> None:
    r = results["002"]
    f = _find(r, "1438.40", source="table")
    assert (f.indicator, f.role, f.column, f.normalized_value) == (
        "基本支出",
        "value",
        "年初预算数",
        14384000.0,
    )
    assert _find(r, "3703.85", column="决算数").role == "value"
    d = r.document
    assert d.budget_initial == 42556200.0
    assert d.budget_adjusted == d.spending == 37038500.0
    assert (d.execution_rate, d.self_score, d.grade) == (95.87, 103.0, "优")


def test_002_flags(results) -> None:
    flags = {f.check: f for f in results["002"].flags}
    assert set(flags) == {"rate_mismatch", "score_total", "conflicting_figure"}
    assert flags["rate_mismatch"].actual == 95.87 and flags["rate_mismatch"].expected == 100.0
    assert flags["score_total"].expected == 99.0 and flags["score_total"].actual == 103.0
    assert "送课下基层活动" in flags["conflicting_figure"].message


def test_003_text_facts(results) -> None:
    r = results["003"]
    f = _find(r, "1,297.59万元", indicator="全年预算数")
    assert (f.role, f.normalized_value) == ("value", 12975900.0)
    assert _find(r, "99 分").indicator == "自评得分"
    assert _find(r, "近4000人" if False else "4000人").qualifier == "approx"
    d = r.document
    assert d.department == "中国共产党广州市海珠区委员会组织部"
    assert (d.year, d.execution_rate, d.self_score) == (2022, 100.0, 99.0)
    assert results["003"].flags == [] and results["000"].flags == []


def test_records_keep_offsets_and_roles(results) -> None:
    document = read_document(SAMPLE / NAMES["001"])
    records = facts_to_records(document, results["001"])
    assert len(records) == len(document.paragraphs)
    roles = {}
    for rec in records:
        ids = {s.id for s in rec.spans}
        for s in rec.spans:
            assert rec.text[s.start : s.end] == s.text
            if s.role:
                roles[(rec.meta.offset + s.start, s.text)] = s.role
        assert all(x.from_id in ids and x.to_id in ids for x in rec.relations)
    assert sorted(v for (_, t), v in roles.items() if t == "100%").count("target") >= 5
