"""pipeline/facts/cues.py: the indicators cue words name around a quantity.

Expected spans follow docs/annotation-guide.md / annotations/DECISIONS.md examples
or the authored set's rulings (annotations/authored/README.md)."""

from __future__ import annotations

from pipeline.facts import process_document
from pipeline.ingest import read_text_document


def _links(nlp, text: str) -> list[tuple[str, str | None]]:
    facts = process_document(nlp, read_text_document(text, "t.txt")).facts
    return [(f.text, f.indicator) for f in facts]


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


def test_tab_row_label_in_the_first_cell(nlp) -> None:
    # a two-column label | value table read as tab rows (how .docx/.html/.pdf/.xlsx
    # readers render table rows) names its indicator as the pipe form does
    for row in ("| 管护责任区 | 312个 |\n", "管护责任区\t312个\n"):
        assert _links(nlp, row) == [("312个", "管护责任区")], row
    # a column heading opening a row of figures laid out across names no indicator
    assert _links(nlp, "完成值\t97.42%\t2.58%\n")[0] == ("97.42%", None)


def test_standard_named_after_the_amount(nlp) -> None:
    links = _links(nlp, "补贴面积58.16万亩，按照105元/亩的补贴标准发放。\n")
    assert links[1] == ("105元/亩", "补贴标准")


def test_budget_stages_stay_in_the_indicator(nlp) -> None:
    # R3 (superseding D9): the stage word is part of the name; the share
    # refers back to the figure it describes (R10)
    links = _links(nlp, "“三公”经费决算4.12万元，为预算的68.7%。\n")
    assert [i for _, i in links] == ["“三公”经费决算", "“三公”经费决算"]
    # each figure links to its own clause's name, budget and spending apart
    links = _links(nlp, "绿化养护预算数为92万元，执行数90.6万元。\n")
    assert [i for _, i in links] == ["绿化养护预算数", "执行数"]
    # 全年 is a scope word, but not in front of 预算 (R1, R3)
    links = _links(nlp, "2025年全年预算数31,862.74万元，全年执行数30,976.15万元。\n")
    assert [i for _, i in links] == ["全年预算数", "执行数"]


# ----------------------------------------------------- merge with tagged spans


# --------------------------------------------------- R1, R10, R23 boundaries
def test_scope_and_time_words_stay_out(nlp) -> None:
    # R1: plans, time words and places that only say when or where
    links = _links(nlp, "汛期转移避险群众1.12万人，确保每年运维资金不少于60万元。\n")
    assert [i for _, i in links] == ["转移避险群众", "运维资金"]
    links = _links(nlp, "上年度审计查出问题整改率92.4%，流域内乡镇河长46名。\n")
    assert [i for _, i in links] == ["审计查出问题整改率", "乡镇河长"]


def test_names_ending_in_function_characters_stay_whole(nlp) -> None:
    links = _links(nlp, "收入总计36,418.27万元，立案查处违法行为87起，其中预算执行审计12个。\n")
    assert [i for _, i in links] == ["收入总计", "立案查处违法行为", "预算执行审计"]


def test_a_change_after_the_name_stays_out(nlp) -> None:
    links = _links(nlp, "臭氧浓度同比上升3.1%，省级名师工作室新增8个。\n")
    assert [i for _, i in links] == ["臭氧浓度", "省级名师工作室"]


def test_a_comparison_or_a_bare_verb_refers_back(nlp) -> None:
    # R10: a change links to what it describes
    links = _links(nlp, "“三公”经费支出18.42万元，比年初预算减少3.58万元。\n")
    assert [i for _, i in links] == ["“三公”经费支出"] * 2
    # R23: a clause with only a bare verb measures the previous clause's object
    links = _links(nlp, "租赁补贴户数目标3,200户，完成3,426户。\n")
    assert [i for _, i in links] == ["租赁补贴户数"] * 2
