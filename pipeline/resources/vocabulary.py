"""Every vocabulary item the packages share, defined once (docs/annotation-guide.md).

Facts, annotations, evaluation and the review page import these names rather
than spelling the words again; tests/structure/test_vocabulary.py checks that
they do.
"""

from __future__ import annotations

import json
import re
from importlib import resources

# ------------------------------------------------------------------ labels, roles
QUANTITY_LABELS: tuple[str, ...] = ("MONEY", "COUNT", "PERCENT")
NAME_LABELS: tuple[str, ...] = ("INDICATOR", "ACHIEVEMENT")
LABELS: tuple[str, ...] = QUANTITY_LABELS + NAME_LABELS
RELATION_LABELS: tuple[str, ...] = ("MEASURES",)

VALUE, TARGET, WEIGHT, SCORE = "value", "target", "weight", "score"
ROLES: tuple[str, ...] = (VALUE, TARGET, WEIGHT, SCORE)

# ------------------------------------------------------------------ units
UNITS_FILE = "quantity_units.json"


def load_units() -> dict:
    """resources/quantity_units.json: the unit data of the quantity rules."""
    text = resources.files("pipeline.resources").joinpath(UNITS_FILE).read_text(encoding="utf-8")
    return json.loads(text)


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
# The points an indicator name states after it: 绩效目标合理性（3分）.
POINTS_SUFFIX = re.compile(r"\s*[（(]\s*(?P<pts>\d+(?:\.\d+)?)\s*分\s*[)）]?\s*$")

# ------------------------------------------------------------------ budget words
# A budget line named by its role word alone (年初预算52,317.66万元).
BUDGET_LINE_NAME = r"(?:年初预算数?|全年预算数?|调整预算数?|预算数?|决算数?|年初数)"
# Budget words that, after a named object, name a column of it (“三公”经费决算).
BUDGET_COLUMN_WORDS: tuple[str, ...] = (
    "年初预算",
    "全年预算",
    "调整预算",
    "决算支出",
    "决算",
    "年初数",
    "年初安排",
    "全年支出",
)
# How the name of a budget line itself ends (追加预算, 全年支出).
BUDGET_LINE_ENDING = r"(?:预算数?|决算数?|支出|年初数)"
INITIAL_BUDGET = "年初预算"
ADJUSTED_BUDGET_WORDS: tuple[str, ...] = ("全年预算", "调整预算", "年度预算", "预算数")
SPENDING_WORDS: tuple[str, ...] = ("决算", "执行", "支出")
EXECUTION_RATE = r"执行率|支出率|完成预算"
