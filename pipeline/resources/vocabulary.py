"""Every vocabulary item the packages share, defined once (docs/annotation-guide.md).

Facts, annotations, evaluation and the review page import these names rather
than spelling the words again; tests/structure/test_vocabulary.py checks that
they do.
"""

from __future__ import annotations

import json
import re
from functools import lru_cache
from importlib import resources

# ------------------------------------------------------------------ labels, roles
QUANTITY_LABELS: tuple[str, ...] = ("MONEY", "COUNT", "PERCENT")
NAME_LABELS: tuple[str, ...] = ("INDICATOR", "ACHIEVEMENT")
LABELS: tuple[str, ...] = QUANTITY_LABELS + NAME_LABELS
RELATION_LABELS: tuple[str, ...] = ("MEASURES",)

VALUE, TARGET, WEIGHT, SCORE = "value", "target", "weight", "score"
ROLES: tuple[str, ...] = (VALUE, TARGET, WEIGHT, SCORE)

# ------------------------------------------------------------------ numbers
# An Arabic number: digits, thousands separators, a decimal part; the quantity
# grammar and the tokenizer's number pre-split both cut numbers with it, so a
# quantity span starts and ends on token boundaries. ',' and the full-width '，'
# of full-width text separate thousands; normalise keeps '，' (the Chinese
# comma), which as a comma ends a clause, so it separates thousands only before
# exactly three digits (1，246.5万元; in 15，1200人 it ends a clause).
THOUSANDS_SEPARATORS = ",，"
ARABIC_NUMBER = r"\d+(?:(?:,|，(?=\d{3}(?!\d)))\d{3})*(?:\.\d+)?"

# ------------------------------------------------------------------ units
UNITS_FILE = "quantity_units.json"


@lru_cache(maxsize=1)
def load_units() -> dict:
    """resources/quantity_units.json: the unit data of the quantity rules (the one
    reader: the quantity patterns, the normaliser and the tokenizer's number
    pre-split all take their units from here). Callers must not change it."""
    text = resources.files("pipeline.resources").joinpath(UNITS_FILE).read_text(encoding="utf-8")
    return json.loads(text)


def closing_units() -> tuple[str, ...]:
    """Every unit that closes a MONEY, COUNT or PERCENT span (元, 人次, 公里,
    个百分点, and the measured durations 个工作日, 小时 of R16), longest first."""
    units = load_units()
    words = {
        *units["money"],
        *units["count"],
        *units["measures"],
        *units["percent_points"],
        *units["measured_durations"]["units"],
    }
    return tuple(sorted(words, key=len, reverse=True))


# The money units a table states for its figures (单位：万元, 预算（万元）).
STATED_MONEY_UNITS: tuple[str, ...] = tuple(load_units()["stated_money_units"])

# ------------------------------------------------------------------ text structure
# Characters that end a clause (linking, cues) and a sentence (evidence sentences).
CLAUSE_BREAKS = "，,。；;：:！!？?\n"
SENTENCE_BREAKS = "。！!？?\n"
# An achievement phrase runs on over a colon (获评：…).
PHRASE_BREAKS = CLAUSE_BREAKS.replace("：", "").replace(":", "")

# Item numbering at the start of a line or cell: （1） 1、 一、 一是.
NUMBERING = re.compile(
    r"^\s*(?:[（(]\s*[\d一二三四五六七八九十]{1,3}\s*[)）]|\d{1,2}\s*[.．、](?!\d)|"
    r"[一二三四五六七八九十]{1,3}\s*[、.．]|[一二三四五六七八九十]是)\s*"
)
# The category names of an indicator table (一级指标, 二级指标), which a flattened
# row may glue before the indicator's own name (成本指标长期护理保险待遇资金).
CATEGORY_NAME = (
    r"(?:产出|成本|效益|满意度|数量|质量|时效|经济效益|社会效益|生态效益|可持续影响|服务对象满意度)"
    r"(?:指标)?"
)
# Labels of a report's sections or remarks, not of an indicator: a figure after
# "完成情况：" or "资金使用明细：" does not measure the label.
SECTION_LABEL = re.compile(
    r"(?:情况|说明|做法|问题|措施|成效|结论|备注|依据|明细|综述|概述|分析|目标|附件|附注|注)$|"
    r"^(?:其中|荣誉|个人|集体|主要|下一步|支出结构为?)$"
)
# The points an indicator name states after it: 绩效目标合理性（3分）.
POINTS_SUFFIX = re.compile(r"\s*[（(]\s*(?P<pts>\d+(?:\.\d+)?)\s*分\s*[)）]?\s*$")

# ------------------------------------------------------------------ budget words
# A budget line named by its role word alone (年初预算52,317.66万元).
BUDGET_LINE_NAME = r"(?:年初预算数?|全年预算数?|调整预算数?|预算数?|决算数?|年初数)"
# How the name of a budget line itself ends (追加预算, 全年支出).
BUDGET_LINE_ENDING = r"(?:预算数?|决算数?|支出|年初数)"
INITIAL_BUDGET = "年初预算"
ADJUSTED_BUDGET_WORDS: tuple[str, ...] = ("全年预算", "调整预算", "年度预算", "预算数")
SPENDING_WORDS: tuple[str, ...] = ("决算", "执行", "支出")
EXECUTION_RATE = r"执行率|支出率|完成预算"
# Budget stages (R3, R14): words that say a money figure is a budget …
BUDGET_STAGE_WORDS = r"预算数?|年初数|年初安排|预算安排"
# … or what was spent of it; the one nearest the figure decides.
SPENT_STAGE_WORDS = r"决算数?|执行数?|实际支出|支出数?|支付数"
