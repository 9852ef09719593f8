"""pipeline/facts/achievements.py: rule ACHIEVEMENT spans (honours, ranks).

Expected spans follow docs/annotation-guide.md / annotations/DECISIONS.md examples."""

from __future__ import annotations

import pytest

from pipeline.facts.achievements import find_achievements


# ---------------------------------------------------------------- achievements
@pytest.mark.parametrize(
    ("text", "spans"),
    [
        ("获评第五届全国人才工作最佳创新案例奖。", ["第五届全国人才工作最佳创新案例奖"]),
        ("获评“全国示范性老年友好型社区”。", ["全国示范性老年友好型社区"]),
        ("2名同志荣获全省“最美老干部”。", ["最美老干部"]),
        ("干部在线学习工作连续八年在衡阳市排名第一。", ["衡阳市排名第一"]),
        ("抓党建促乡村振兴示范县创建2022年度考核第一名。", ["第一名"]),
        ("获全区公务员集体嘉奖。", ["公务员集体嘉奖"]),  # D10
        ("年度考核获“好”的等次。", ["“好”的等次"]),  # D10
        ("被省司法厅表彰为全省司法行政系统先进集体。", ["全省司法行政系统先进集体"]),
        ("工作经验获推介，受到肯定。", []),  # praise without a named honour
        ("本部门绩效等级为“优”。", []),  # a self-evaluation grade
        ("群众获得感明显增强，第一批试点单位已完成。", []),
    ],
)
def test_achievement_rules(text: str, spans: list[str]) -> None:
    assert [text[s:e] for s, e in find_achievements(text)] == spans


def test_achievements_in_records_not_over_quantities(record_spans) -> None:
    text = "12个村获评省级美丽乡村示范村，考核全省排名第二。\n"
    assert record_spans(text, "ACHIEVEMENT") == ["省级美丽乡村示范村", "全省排名第二"]
    assert record_spans(text, "COUNT") == ["12个"]
