"""pipeline/facts/roles.py: value, target, weight and score from cues and columns."""

from __future__ import annotations

from pipeline.facts.roles import column_role, text_role


def test_roles_from_cues_and_columns() -> None:
    assert text_role("5 分", "该指标分值 ") == "weight"
    assert text_role("4.5 分", "自评得分 ") == "score"
    assert text_role("58分", "产出指标（", "）") == "weight"
    assert text_role("3706.87 万元", "财政拨款收入全年预算数 ") == "target"
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
