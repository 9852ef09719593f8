"""Cue-word indicators, their merge with tagged ones, and rule ACHIEVEMENTs.

Expected spans follow ANNOTATION_GUIDE.md / annotations/DECISIONS.md examples
or the authored set's rulings (annotations/authored/README.md)."""

from __future__ import annotations

import pytest

from pipeline.facts import assemble, facts_to_records, process_document
from pipeline.facts.achievements import find_achievements
from pipeline.ingest import read_text_document
from pipeline.loading import rules_pipeline
from pipeline.schema import EntityRow


@pytest.fixture(scope="module")
def nlp():
    return rules_pipeline()


def _links(nlp, text: str) -> list[tuple[str, str | None]]:
    facts = process_document(nlp, read_text_document(text, "t.txt")).facts
    return [(f.text, f.indicator) for f in facts]


def _spans(nlp, text: str, label: str) -> list[str]:
    doc = read_text_document(text, "t.txt")
    records = facts_to_records(doc, process_document(nlp, doc))
    return [s.text for r in records for s in r.spans if s.label == label]


# ------------------------------------------------------------------ cue rules
def test_label_before_colon_takes_role_words(nlp) -> None:
    links = _links(nlp, "（1）补贴面积核实准确率：指标值≥98%，完成值99.2%。\n")
    assert links == [("98%", "补贴面积核实准确率"), ("99.2%", "补贴面积核实准确率")]
    links = _links(nlp, "3.高血压患者基层规范管理服务率：目标≥60%，实际66.4%。\n")
    assert [i for _, i in links] == ["高血压患者基层规范管理服务率"] * 2


def test_target_then_actual_refers_back(nlp) -> None:
    links = _links(nlp, "特困人员集中供养率年度目标30%，实际32.6%。\n")
    assert [i for _, i in links] == ["特困人员集中供养率", "特困人员集中供养率"]


def test_change_verbs_and_per_unit_words_stay_out(nlp) -> None:
    links = _links(nlp, "城市低保标准提高到每人每月780元。\n")
    assert links == [("780元", "城市低保标准")]
    links = _links(nlp, "农村生活污水治理率由35.2%提高到42.6%。\n")
    assert [i for _, i in links] == ["农村生活污水治理率"] * 2


def test_counted_noun_after_a_count(nlp) -> None:
    # guide "Quantity + noun": the counted noun phrase is the indicator
    assert _links(nlp, "今年引进9名全日制硕士人才，充实一线。\n")[0][1] == "全日制硕士人才"
    assert _links(nlp, "抽样调查3,000名参保群众，满意度92.4%。\n")[0][1] == "参保群众"
    # an adverb after the count is no noun: the words before it name the set
    assert _links(nlp, "全县各级河长412名累计巡河2.8万余次。\n")[0][1] == "各级河长"


def test_unit_words_before_the_set(nlp) -> None:
    # the reporting unit and 内设/下设 stay out (guide: the reporting unit only says who)
    links = _links(nlp, "区民政局内设科室6个，下设二级事业单位5个。\n")
    assert [i for _, i in links] == ["科室", "二级事业单位"]


def test_pipe_row_label(nlp) -> None:
    text = "| 产出指标 | 数量指标 | 新建社区养老服务中心 | 12个 | 12个 | 10分 | 10分 |\n"
    assert _links(nlp, text)[0] == ("12个", "新建社区养老服务中心")


def test_standard_named_after_the_amount(nlp) -> None:
    links = _links(nlp, "补贴面积58.16万亩，按照105元/亩的补贴标准发放。\n")
    assert links[1] == ("105元/亩", "补贴标准")


def test_budget_words_after_a_named_object(nlp) -> None:
    # D9: 决算 is the column, the object is the name; both figures measure it
    links = _links(nlp, "“三公”经费决算4.12万元，为预算的68.7%。\n")
    assert [i for _, i in links] == ["“三公”经费", "“三公”经费"]


# ----------------------------------------------------- merge with tagged spans
def _entity(doc, text: str, label: str, s: str) -> EntityRow:
    start = text.index(s)
    return EntityRow(doc.id, label, s, start, start + len(s), 0)


def test_merge_cues_where_the_tagger_found_nothing() -> None:
    text = "干部参训覆盖率达到96%，发放补贴383406元，培训质量较好。\n"
    doc = read_text_document(text, "t.txt")
    ents = [
        _entity(doc, text, "INDICATOR", "干部参训覆盖率"),
        _entity(doc, text, "PERCENT", "96%"),
        _entity(doc, text, "MONEY", "383406元"),
        _entity(doc, text, "INDICATOR", "培训质量"),  # measured by no quantity
    ]
    merged = assemble(doc, ents, cues="merge")
    assert [(f.text, f.indicator) for f in merged.facts] == [
        ("96%", "干部参训覆盖率"),
        ("383406元", "发放补贴"),  # guide: the verb that moved the money stays
    ]
    kept = [e.text for e in merged.entities if e.label == "INDICATOR"]
    # the tagged span and the cue reading a fact links to; 培训质量 goes
    assert kept == ["干部参训覆盖率", "发放补贴"]
    old = assemble(doc, ents, cues="fallback")
    # without cues a clause with no INDICATOR inherits the sentence's previous one
    assert [(f.text, f.indicator) for f in old.facts] == [
        ("96%", "干部参训覆盖率"),
        ("383406元", "干部参训覆盖率"),
    ]
    assert [e.text for e in old.entities if e.label == "INDICATOR"] == [
        "干部参训覆盖率",
        "培训质量",
    ]
    with pytest.raises(ValueError):
        assemble(doc, ents, cues="always")  # type: ignore[arg-type]


def test_tagged_indicator_wins_in_its_clause() -> None:
    text = "共发展党员190人。\n"
    doc = read_text_document(text, "t.txt")
    ents = [_entity(doc, text, "INDICATOR", "党员"), _entity(doc, text, "COUNT", "190人")]
    facts = assemble(doc, ents, cues="merge").facts
    assert [(f.text, f.indicator) for f in facts] == [("190人", "党员")]


def test_cues_first_prefers_the_cue_reading() -> None:
    text = "干部学员实际参训覆盖率达到95%以上。\n"
    doc = read_text_document(text, "t.txt")
    ents = [_entity(doc, text, "INDICATOR", "参训覆盖率"), _entity(doc, text, "PERCENT", "95%")]
    assert [f.indicator for f in assemble(doc, ents, cues="merge").facts] == ["参训覆盖率"]
    first = assemble(doc, ents, cues="cues_first")
    assert [f.indicator for f in first.facts] == ["干部学员实际参训覆盖率"]
    # the cue reading is the entity; the tagged 参训覆盖率, now unmeasured, is gone
    assert [e.text for e in first.entities if e.label == "INDICATOR"] == ["干部学员实际参训覆盖率"]


def test_tagged_indicator_cells_without_quantities_stay() -> None:
    text = "培训人数\n≥600人\n"
    doc = read_text_document(text, "t.txt")
    ents = [
        EntityRow(doc.id, "INDICATOR", "培训人数", 0, 4, 0),
        EntityRow(doc.id, "COUNT", "600人", 6, 10, 1),
    ]
    result = assemble(doc, ents, cues="merge")
    assert [e.text for e in result.entities if e.label == "INDICATOR"] == ["培训人数"]


def test_d7_heading_is_an_indicator_span(nlp) -> None:
    text = "（1）预算编制合理性\n说明。该指标分值 5 分，自评得分 4.5 分。\n"
    doc = read_text_document(text, "t.txt")
    records = facts_to_records(doc, process_document(nlp, doc))
    assert [(s.label, s.text) for s in records[0].spans] == [("INDICATOR", "预算编制合理性")]
    assert records[1].relations == []


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


def test_achievements_in_records_not_over_quantities(nlp) -> None:
    text = "12个村获评省级美丽乡村示范村，考核全省排名第二。\n"
    assert _spans(nlp, text, "ACHIEVEMENT") == ["省级美丽乡村示范村", "全省排名第二"]
    assert _spans(nlp, text, "COUNT") == ["12个"]
