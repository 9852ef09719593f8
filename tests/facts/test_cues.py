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


def test_standard_named_after_the_amount(nlp) -> None:
    links = _links(nlp, "补贴面积58.16万亩，按照105元/亩的补贴标准发放。\n")
    assert links[1] == ("105元/亩", "补贴标准")


def test_budget_words_after_a_named_object(nlp) -> None:
    # D9: 决算 is the column, the object is the name; both figures measure it
    links = _links(nlp, "“三公”经费决算4.12万元，为预算的68.7%。\n")
    assert [i for _, i in links] == ["“三公”经费", "“三公”经费"]


# ----------------------------------------------------- merge with tagged spans
