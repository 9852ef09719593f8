"""Each consistency check on a constructed failing case and a passing case."""

from __future__ import annotations

import json

from pipeline.facts import process_document
from pipeline.ingest import read_text_document


def flags(nlp, text: str) -> dict[str, list]:
    result = process_document(nlp, read_text_document(text, "t.txt"))
    out: dict[str, list] = {}
    for f in result.flags:
        out.setdefault(f.check, []).append(f)
        assert json.loads(f.evidence)  # every flag cites the facts it used
    return out


def _budget(basic: str) -> str:
    return (
        "单位：万元\n"
        "项目\t年初预算数\t全年预算数\t决算数\n"
        f"一、基本支出\t{basic}\t100.00\t100.00\n"
        "人员经费\t80.00\t80.00\t80.00\n"
        "日常公用经费\t20.00\t20.00\t20.00\n"
        "二、项目支出\t50.00\t50.00\t50.00\n"
        "本年支出合计\t150.00\t150.00\t150.00\n"
    )


def test_parts_vs_total(nlp) -> None:
    assert "parts_vs_total" not in flags(nlp, _budget("100.00"))
    found = flags(nlp, _budget("101.00"))["parts_vs_total"]
    messages = " ".join(f.message for f in found)
    assert "人员经费 80 万元 + 日常公用经费 20 万元 = 100 万元" in messages
    basic = next(f for f in found if "人员经费" in f.message)
    assert (basic.expected, basic.actual, basic.difference) == (1000000.0, 1010000.0, 10000.0)


def test_parts_within_rounding_pass(nlp) -> None:
    text = "基本支出335.72万元，其中人员经费301.29万元，公用经费34.44万元。\n"
    assert "parts_vs_total" not in flags(nlp, text)  # 335.73 vs 335.72: rounding
    bad = "基本支出335.92万元，其中人员经费301.29万元，公用经费34.44万元。\n"
    assert flags(nlp, bad)["parts_vs_total"][0].expected == 3357300.0


def test_rate_mismatch(nlp) -> None:
    ok = "2022年度预算完成情况：全年预算数200万元，执行数150万元，完成预算的75%。\n"
    assert "rate_mismatch" not in flags(nlp, ok)
    bad = ok.replace("75%", "80%")
    flag = flags(nlp, bad)["rate_mismatch"][0]
    assert (flag.expected, flag.actual) == (75.0, 80.0)
    assert "150" in flag.message and "200" in flag.message


def _scores(a: str, b: str, total: str) -> str:
    return (
        f"绩效得分为 {total} 分。\n"
        "（1）预算编制合理性\n"
        f"说明。该指标分值 5 分，自评得分 {a} 分。\n"
        "（2）绩效目标合理性\n"
        f"说明。该指标分值 5 分，自评得分 {b} 分。\n"
        "（3）项目监管\n"
        "说明。该指标分值 5 分，自评得分 5 分。\n"
    )


def test_score_over_weight(nlp) -> None:
    assert "score_over_weight" not in flags(nlp, _scores("4", "5", "14"))
    flag = flags(nlp, _scores("6", "5", "16"))["score_over_weight"][0]
    assert flag.message.startswith("预算编制合理性")
    assert (flag.expected, flag.actual) == (5.0, 6.0)


def test_score_total_text(nlp) -> None:
    assert "score_total" not in flags(nlp, _scores("4", "5", "14"))
    flag = flags(nlp, _scores("4", "5", "15"))["score_total"][0]
    assert (flag.expected, flag.actual) == (14.0, 15.0)


FLAT = (
    "\t一级指标\n\t二级指标\n\t三级指标\n\t年度指标值\n\t实际完成值\n\t分值\n\t得分\n\n"
    "\t产出指标（{cat}分）\n\t数量指标\n\t培训人数\n\t≥600人\n\t630\n\t6\n\t{s1}\n\n"
    "\t\n\t\n\t培训班次\n\t≥5期\n\t5\n\t6\n\t6\n\n"
    "\t总分\n\t12\n\t{total}\n"
)


def test_score_total_table(nlp) -> None:
    ok = flags(nlp, FLAT.format(cat=12, s1=6, total=12))
    assert "score_total" not in ok and "score_over_weight" not in ok
    bad = flags(nlp, FLAT.format(cat=10, s1=5, total=12))["score_total"]
    messages = " ".join(f.message for f in bad)
    assert "weights under 产出指标" in messages  # 6 + 6 = 12, but 产出指标 states 10
    assert "table scores" in messages  # 5 + 6 = 11, but 总分 states 12
    over = flags(nlp, FLAT.format(cat=12, s1=7, total=13))["score_over_weight"][0]
    assert over.message.startswith("培训人数")


def test_conflicting_figure(nlp) -> None:
    ok = "举办送课下基层活动 8 场。\n其他。\n全年举办送课下基层活动 8 场。\n"
    assert "conflicting_figure" not in flags(nlp, ok)
    bad = ok.replace("全年举办送课下基层活动 8 场", "全年举办送课下基层活动 4 场")
    flag = flags(nlp, bad)["conflicting_figure"][0]
    assert (flag.expected, flag.actual) == (8.0, 4.0)
    # a breakdown under a different total is not the same figure
    scoped = (
        "基本支出335.72万元，其中商品和服务支出34.44万元。\n"
        "项目支出272.95万元。商品和服务支出161.4万元。\n"
    )
    assert "conflicting_figure" not in flags(nlp, scoped)
