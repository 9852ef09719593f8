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
        ("获全区公务员集体嘉奖。", ["全区公务员集体嘉奖"]),  # R26: a fused scope stays
        ("年度考核获“好”的等次。", ["“好”的等次"]),  # D10
        ("被省司法厅表彰为全省司法行政系统先进集体。", ["全省司法行政系统先进集体"]),
        ("工作经验获推介，受到肯定。", []),  # praise without a named honour
        ("本部门绩效等级为“优”。", []),  # a self-evaluation grade
        ("群众获得感明显增强，第一批试点单位已完成。", []),
        # R26: inner quotes and a fused scope stay; R27: the list named after 列入
        ("县交通局被评为“四好农村路”全国示范县。", ["“四好农村路”全国示范县"]),
        ("列入省住建厅城市更新试点名单。", ["省住建厅城市更新试点名单"]),
        ("经费列入县级年度预算。", []),
        # R30: a prize without its contest; an honour with its count is no span
        ("县疾控中心获省卫生应急技能竞赛团体三等奖。", ["团体三等奖"]),
        ("在市级优质课评比中获一等奖5人。", []),
        (
            "获评全国胸痛中心示范单位和全省改善医疗服务先进单位。",
            [
                "全国胸痛中心示范单位",
                "全省改善医疗服务先进单位",
            ],
        ),
        ("获体育道德风尚奖（代表团）。", ["体育道德风尚奖"]),
        ("县民政局被评为全省残疾人两项补贴工作先进单位。", ["全省残疾人两项补贴工作先进单位"]),
        # R28: rankings from the place scope, vague ranks and tiers; records
        ("综合排名全省地市第三。", ["全省地市第三"]),
        ("在市直经济类部门中排名第二。", ["第二"]),
        ("连续两年进入第一方阵，两项指标均居全省首位。", ["第一方阵", "全省首位"]),
        (
            "金牌数创建市以来最好成绩，规模全省第一、历史最高。",
            [
                "建市以来最好成绩",
                "全省第一",
                "历史最高",
            ],
        ),
        ("通过清查摸清全县第二、三产业单位底数。", []),
        # R29: grades conferred by a higher body's assessment
        ("区划地名工作年度考核获评A等。", ["A等"]),
        ("衔接资金绩效评价全省优秀等次。", ["优秀等次"]),
        ("项目自评等级为优秀等次。", []),
        # a generic word after the quoted name is not part of it
        ("《流动的星火》荣获全市“十佳微党课”作品。", ["十佳微党课"]),
        (
            "课件获评“党建精品工程”项目一等奖；全县先进基层党组织。",
            [
                "“党建精品工程”项目一等奖",
                "全县先进基层党组织",
            ],
        ),
    ],
)
def test_achievement_rules(text: str, spans: list[str]) -> None:
    assert [text[s:e] for s, e in find_achievements(text)] == spans


def test_achievements_in_records_not_over_quantities(record_spans) -> None:
    text = "12个村获评省级美丽乡村示范村，考核全省排名第二。\n"
    assert record_spans(text, "ACHIEVEMENT") == ["省级美丽乡村示范村", "全省排名第二"]
    assert record_spans(text, "COUNT") == ["12个"]


def test_honours_listed_without_a_verb() -> None:
    text = "1.全国青年文明号：市政务服务窗口；全省殡葬服务标准化示范单位"
    assert [text[s:e] for s, e in find_achievements(text)] == [
        "全国青年文明号",
        "全省殡葬服务标准化示范单位",
    ]
    text = "市残疾人康复中心：国家级残疾人康复示范机构、全省三级残疾人康复机构"
    assert [text[s:e] for s, e in find_achievements(text)] == [
        "国家级残疾人康复示范机构",
        "全省三级残疾人康复机构",
    ]
    # a heading, a counted honour and a recipient's name are not honours
    for text in ("二、国家级荣誉和称号", "全省公安机关先进集体4个", "市殡仪馆：张某某"):
        assert find_achievements(text) == []
