"""pipeline/facts/line_tables.py: tables written as plain lines (comma,
spaced and one-cell-a-line rows), read through tables.table_facts."""

from __future__ import annotations

from pipeline.facts import process_document
from pipeline.facts.line_tables import find_comma_tables, find_spaced_tables
from pipeline.ingest import read_text_document

INDICATOR_HEADER = ["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分"]


def _facts(nlp, text: str) -> dict[str, tuple[str, str | None]]:
    """quantity text → (role, indicator) of the table facts of ``text``."""
    result = process_document(nlp, read_text_document(text, "t.txt"))
    return {f.text: (f.role, f.indicator) for f in result.facts if f.source == "table"}


def test_comma_rows_keep_thousands_separators_and_quotes() -> None:
    text = (
        "项目资金（万元）,,年初预算数,全年预算数,全年执行数,执行率\n"
        ',年度资金总额,1,360.00,1,472.50,"1,418.06",96.30%\n'
    )
    (table,) = find_comma_tables(text)
    assert [c.text for c in table.rows[1]] == [
        "",
        "年度资金总额",
        "1,360.00",
        "1,472.50",
        "1,418.06",
        "96.30%",
    ]
    assert all(text[c.start : c.end] == c.text for row in table.rows for c in row)


def test_comma_rows_give_roles_and_indicators(nlp) -> None:
    text = (
        ",".join(INDICATOR_HEADER) + ",偏差原因\n"
        "产出指标,数量指标,新建村级活动室,≥12个,14个,8,8,\n"
        ',,培训村干部,≥600人次,"1,214人次",6,6,\n'
    )
    facts = _facts(nlp, text)
    assert facts["12个"] == ("target", "新建村级活动室")
    assert facts["14个"] == ("value", "新建村级活动室")
    assert facts["1,214人次"] == ("value", "培训村干部")


def test_spaced_rows_with_glued_cells(nlp) -> None:
    text = (
        "一级指标   二级指标   三级指标   年度指标值   实际完成值   分值   得分\n"
        "产出指标   数量指标   巡河次数   ≥48次   52次   10   10\n"
        "质量指标   水质达标率10≥95%97.3%10\n"
        "成本指标长期管护经费 ≤220万元 198.5万元5分 5分\n"
        "总分   100分   96.5分\n"
    )
    facts = _facts(nlp, text)
    assert facts["48次"] == ("target", "巡河次数")
    assert facts["52次"] == ("value", "巡河次数")
    assert facts["95%"] == ("target", "水质达标率")
    assert facts["97.3%"] == ("value", "水质达标率")
    assert facts["220万元"] == ("target", "长期管护经费")
    assert facts["198.5万元"] == ("value", "长期管护经费")
    assert facts["5分"][0] in ("weight", "score")
    assert facts["100分"] == ("weight", "总分")
    assert facts["96.5分"] == ("score", "总分")


def test_a_sentence_is_not_a_spaced_row() -> None:
    text = (
        "项目   年初预算数   全年预算数   决算数\n"
        "基本支出   120.5   130.2   128.7\n"
        "全年完成巡河52次，水质达标率97.3%。\n"
    )
    (table,) = find_spaced_tables(text)
    assert len(table.rows) == 2


def test_one_cell_a_line_without_blank_lines_between_rows(nlp) -> None:
    header = "".join(f"\t{h}\n" for h in [*INDICATOR_HEADER, "偏差原因"])
    rows = (
        "\t产出指标（50分）\n\t数量指标\n\t资助参保人数\n\t≥6.5万人\n\t6.82万人\n\t10\n\t10\n\t\n"
        "\t医疗救助人次\n\t10万人次\n\t9.6万人次\n\t10\n\t8\n\t部分救助次年结算\n"
        "\t质量指标\n\t参保率\n\t100%\n\t100%\n\t10\n\t10\n"
    )
    facts = _facts(nlp, header + rows)
    assert facts["6.5万人"] == ("target", "资助参保人数")
    assert facts["9.6万人次"] == ("value", "医疗救助人次")
    assert facts["50分"] == ("weight", "产出指标")
    result = process_document(nlp, read_text_document(header + rows, "t.txt"))
    rates = [(f.role, f.indicator) for f in result.facts if f.text == "100%"]
    assert rates == [("target", "参保率"), ("value", "参保率")]


def test_spaced_rows_wrapped_over_lines_and_a_unit_column(nlp) -> None:
    text = (
        "一级指标 二级指标 三级指标 计量单位 年度指标值 实际完成值\n"
        "分值 得分 偏差原因\n"
        "产出指标 数量指标 巡河次数 次 ≥48次 52\n"
        "次 5分  5分\n"
        "— 1 —\n"
        "质量指标 水质达标率 % ≥95% 97.3% 5分 4.5分 部分断面\n"
        "汛期超标\n"
        "满意度指标 群众满意度 % ≥90% 93% 5分 5分\n"
    )
    facts = _facts(nlp, text)
    assert facts["48次"] == ("target", "巡河次数")
    assert facts["4.5分"] == ("score", "水质达标率")
    assert facts["93%"] == ("value", "群众满意度")


def test_funds_rows_without_figures_are_indicators(record_spans) -> None:
    # R13: every row label of a funds block, also with dash or empty cells;
    # list markers stay out, and a row of prose is no label row
    text = (
        "项目资金（万元）\t年初预算数\t全年预算数\t全年执行数\t执行率\n"
        "年度资金总额\t300\t310\t298.5\t96.3%\n"
        "其中：上级补助资金\t—\t—\t—\t—\n"
        "年度总体目标\t完成农村公路养护任务，保障道路安全畅通\t\t\t\n"
    )
    spans = record_spans(text, "INDICATOR")
    assert spans == ["年度资金总额", "上级补助资金"]


def test_one_cell_a_line_without_indent(nlp) -> None:
    header = "".join(f"{h}\n" for h in [*INDICATOR_HEADER, "偏差原因"])
    rows = (
        "产出指标\n数量指标\n新增图书\n≥8000册\n8,650册\n3\n3\n教师培训\n≥600人次\n712人次\n4\n4\n"
    )
    facts = _facts(nlp, "年度绩效目标完成情况\n" + header + rows)
    assert facts["8000册"] == ("target", "新增图书")
    assert facts["712人次"] == ("value", "教师培训")


def test_a_scoring_rule_column(nlp) -> None:
    # R20: points in a 评分标准 cell are weights, thresholds and steps targets,
    # all measuring the row's indicator (here the 二级指标: no 三级 column)
    text = (
        "一级指标\t二级指标\t分值\t评分标准\n"
        "基础建设\t统计员配备率\t5分\t配备率100%得5分，每降低10个百分点扣1分。\n"
        "数据质量\t联网直报及时率\t12分\t按时报送率≥98%得满分；每迟报1家次扣0.2分。\n"
    )
    result = process_document(nlp, read_text_document(text, "t.txt"))
    facts = [(f.text, f.role, f.indicator) for f in result.facts]
    assert ("5分", "weight", "统计员配备率") in facts
    assert ("100%", "target", "统计员配备率") in facts
    assert ("10个百分点", "target", "统计员配备率") in facts
    assert ("1家次", "target", "联网直报及时率") in facts
    assert ("0.2分", "weight", "联网直报及时率") in facts
