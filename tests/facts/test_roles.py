"""pipeline/facts/roles.py: value, target, weight and score from cues and columns."""

from __future__ import annotations

from pipeline.facts.roles import (
    BUDGET,
    SPENT,
    budget_stage,
    column_role,
    is_target_section,
    text_role,
)


def test_roles_from_cues_and_columns() -> None:
    assert text_role("5 分", "该指标分值 ") == "weight"
    assert text_role("4.5 分", "自评得分 ") == "score"
    assert text_role("58分", "产出指标（", "）") == "weight"
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


def test_budgets_are_values_and_plans_targets() -> None:
    # R14 (superseding D9): budgets, allocations and spending are values in text
    # and in any column; planned or estimated amounts are targets
    assert text_role("3706.87 万元", "财政拨款收入全年预算数 ") == "value"
    assert text_role("260万元", "年初预算") == "value"
    assert text_role("520万元", "概算总投资") == "target"
    assert text_role("3.58万元", "比年初预算减少") == "value"
    assert [column_role(h) for h in ("年初预算数", "全年预算数", "全年执行数", "执行率")] == [
        "value"
    ] * 4
    assert [column_role(h) for h in ("计划投资", "概算", "预期目标")] == ["target"] * 3


def test_denominators_standards_and_point_cues() -> None:
    # a plan right before 的 is the denominator of a share: a value
    assert text_role("104%", "占计划的") == "value"
    assert text_role("72%", "仅为上级要求的") == "value"
    # a figure that states the standard or threshold after it: a target
    assert text_role("1.2万元", "低于", "的控制标准") == "target"
    assert text_role("1000万元", "对造价", "以上的项目全部实行") == "target"
    assert text_role("2次", "连续承担同一项目不超过") == "target"
    assert text_role("48分", "产出指标实得") == "score"


def test_budget_stage_reads_the_column_first() -> None:
    assert budget_stage("年度资金总额", "全年预算数") == BUDGET
    assert budget_stage("本年支出合计", "年初预算数") == BUDGET
    assert budget_stage("本年支出合计", "决算数") == SPENT
    assert budget_stage("支出预算执行") == SPENT
    assert budget_stage("一般公共预算支出") == SPENT
    assert budget_stage("全年预算数比年初预算增加") is None  # a difference
    assert budget_stage("项目资金") is None


def test_standards_thresholds_and_plans_are_targets() -> None:
    assert text_role("300元", "按每生每年", "标准给予补助") == "target"
    assert text_role("0.3%", "合同单价按送审金额的", "计取") == "target"
    assert text_role("4平方米", "户外活动场地生均面积低于") == "target"
    assert text_role("30天", "新任人员须在", "内参加培训") == "target"
    s = "下一步将优化审计计划，数据疑点核实率提高到"
    assert text_role("60%", "数据疑点核实率提高到", "以上", False, s) == "target"
    # a plan word inside the indicator's own name is no cue
    assert text_role("100%", "绩效目标覆盖率") == "value"
    assert text_role("106.5%", "计划完成率") == "value"
    # a standard named far before the figure is no cue either
    assert text_role("2,318辆", "淘汰国三及以下排放标准柴油货车") == "value"


def test_a_target_section_and_its_label_line() -> None:
    assert is_target_section("年度总体目标\t新增公办学位900个")
    assert is_target_section(",新增公办学位900个", "年度总体目标,,,,,,")
    assert not is_target_section("新增公办学位960个", "二、绩效目标完成情况")
