"""pipeline/facts/summary.py: the document row's department, year, report type,
budget figures, execution rate and grade."""

from __future__ import annotations

from pipeline.facts import process_document
from pipeline.facts.summary import department, fiscal_year, report_type
from pipeline.ingest import read_text_document

REPORT = (
    "中共某区委组织部2022年度部门整体支出绩效自评报告\n"
    "年初预算 500 万元，全年预算 520 万元，决算数 480 万元，资金执行率为 92.31%。\n"
    "自评得分 95 分，等级为优秀。\n"
)


def test_title_gives_department_year_and_type():
    assert department(REPORT) == "中共某区委组织部"
    assert fiscal_year(REPORT) == 2022
    assert report_type(REPORT) == "部门整体"


def test_budget_figures_rate_and_grade(nlp):
    row = process_document(nlp, read_text_document(REPORT, "t.txt")).document
    assert (row.budget_initial, row.budget_adjusted, row.spending) == (5e6, 5.2e6, 4.8e6)
    assert row.execution_rate == 92.31
    assert row.grade == "优秀"
    assert row.carryover is None
