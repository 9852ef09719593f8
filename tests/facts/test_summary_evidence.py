"""The summary takes each figure from the strongest evidence (a funds table,
then totals stated in text), never from a sub-total, and flags disagreements."""

import pytest

from pipeline.facts import process_document
from pipeline.ingest import read_text_document
from pipeline.loading import load_pipeline

TEXT = (
    "某某局2023年度部门整体支出绩效自评报告\n"
    "本年支出合计{total}万元，其中基本支出1636.67万元，项目支出2067.18万元。\n"
    "全年预算数3800.00万元，预算执行率为97.47%。\n"
    "部门整体自评得分95.5分，评价等级为优。\n"
)
TABLE = (
    "单位：万元\n"
    "项目\t年初预算数\t全年预算数\t决算数\n"
    "基本支出\t1438.40\t1636.67\t1636.67\n"
    "项目支出\t2317.22\t2163.33\t2067.18\n"
    "本年支出合计\t3755.62\t3800.00\t3703.85\n"
)


@pytest.fixture(scope="module")
def nlp():
    return load_pipeline("rules")


def run(nlp, text):
    result = process_document(nlp, read_text_document(text, "r.txt"))
    flags = [f for f in result.flags if f.check == "summary_sources_disagree"]
    return result.document, flags


def test_without_a_funds_table_totals_come_from_the_text(nlp):
    row, flags = run(nlp, TEXT.format(total="3703.85"))
    assert row.spending == pytest.approx(37_038_500)  # the total, not 基本支出
    assert row.budget_adjusted == pytest.approx(38_000_000)
    assert (row.execution_rate, row.self_score, row.grade) == (97.47, 95.5, "优")
    assert flags == []


def test_a_sub_total_is_never_the_total(nlp):
    row, _ = run(
        nlp,
        "某某局2023年度部门整体支出绩效自评报告\n其中基本支出1636.67万元，人员经费1340.04万元。\n",
    )
    assert row.spending is None


def test_with_a_funds_table_the_table_total_wins(nlp):
    row, flags = run(nlp, TEXT.format(total="3703.85") + TABLE)
    assert row.spending == pytest.approx(37_038_500)
    assert row.budget_initial == pytest.approx(37_556_200)
    assert row.budget_adjusted == pytest.approx(38_000_000)
    assert flags == []  # table and text agree


def test_table_and_text_that_disagree_are_flagged(nlp):
    row, flags = run(nlp, TEXT.format(total="3710.00") + TABLE)
    assert row.spending == pytest.approx(37_038_500)  # the table's figure
    [flag] = flags
    assert flag.message.startswith("spending:") and "3710.00" in flag.message
    assert (flag.expected, flag.actual) == (pytest.approx(37_038_500), pytest.approx(37_100_000))
