"""The role of a quantity: value, target, weight or score.

Running text (ANNOTATION_GUIDE "Roles", R14, R20–R22; DECISIONS D4, D6): the cue
nearest to the left of the quantity inside its clause decides (分值 → weight,
得分 → score, 计划 / 目标 / 概算 / 不低于 → target, 预算 / 执行数 / 决算数 / 实际 →
value: budgets, allocations and spending are values, R14); a plan named right
before 的 is a denominator (为计划的104% is a value); a figure followed by 的标准
or 以上的 states a standard or threshold (target); a paragraph under "绩效指标："
states targets. Tables (D2): the column header decides (年度指标值, 计划投资,
概算 → target; 实际完成值, 年初预算数, 全年预算数, 执行数 → value; 分值 → weight;
得分 → score).
"""

from __future__ import annotations

import re

from pipeline.quantities import Quantity, find_quantities
from pipeline.resources.vocabulary import (
    BUDGET_STAGE_WORDS,
    SCORE,
    SPENT_STAGE_WORDS,
    TARGET,
    VALUE,
    WEIGHT,
)

_POINT_CUES: list[tuple[str, str]] = [
    ("分值", WEIGHT),
    ("权重", WEIGHT),
    ("满分", WEIGHT),
    ("扣", WEIGHT),
    ("得分", SCORE),
    ("实得", SCORE),
    ("评分", SCORE),
    ("打分", SCORE),
]
# Headings that name a stated target or a stated actual, in text and in tables.
# Budgets, allocations and spending are values (R14: 年初预算数, 全年预算数,
# 执行数 in any column); only planned or estimated amounts are targets.
_STATED_TARGETS: list[tuple[str, str]] = [
    ("年度指标值", TARGET),
    ("指标值", TARGET),
    ("目标值", TARGET),
    ("计划投资", TARGET),
    ("概算", TARGET),
    ("预期目标", TARGET),
    ("计划数", TARGET),
]
_STATED_VALUES: list[tuple[str, str]] = [
    ("实际完成值", VALUE),
    ("完成值", VALUE),
    ("执行数", VALUE),
    ("决算数", VALUE),
    ("决算", VALUE),
    ("年初预算", VALUE),
    ("全年预算", VALUE),
    ("调整预算", VALUE),
    ("预算数", VALUE),
]
_TEXT_CUES: list[tuple[str, str]] = [
    *_STATED_TARGETS,
    ("计划", TARGET),
    ("目标", TARGET),
    ("要求", TARGET),
    ("须在", TARGET),
    ("须于", TARGET),
    ("必须", TARGET),
    ("不低于", TARGET),
    ("不少于", TARGET),
    ("不超过", TARGET),
    ("不高于", TARGET),
    ("不多于", TARGET),
    ("力争", TARGET),
    ("预期", TARGET),
    ("预计", TARGET),
    *_STATED_VALUES,
    ("预算", VALUE),
    ("执行", VALUE),
    ("实际", VALUE),
    ("完成", VALUE),
]
# columns, most specific first (D2)
_COLUMN_CUES: list[tuple[str, str | None]] = [
    ("偏差", None),
    ("评分标准", None),
    ("执行率", VALUE),
    ("完成率", VALUE),
    *_STATED_TARGETS,
    *_STATED_VALUES,
    ("年度预算", VALUE),
    ("预算", VALUE),
    ("实际", VALUE),
    ("分值", WEIGHT),
    ("权重", WEIGHT),
    ("得分", SCORE),
]
_TARGET_SECTION = re.compile(
    r"^\s*(?:\d+[.、]\s*)?(?:绩效指标|绩效目标|年度目标|(?:年度)?总体目标|目标)"
    r"(?:[:：]|[\t,|]+|\s{2,})"
)
# The label of a target section alone on its line (年度总体目标,,,,): the line
# after it states the targets.
_TARGET_LABEL = re.compile(r"^\s*(?:年度)?(?:总体目标|绩效目标|年度目标)[\s,|\t:：]*$")
# A threshold that defines a category (收入10万元以上的村), or a figure that
# names the standard or target it states (低于90%的目标).
_RIGHT_TARGET = re.compile(
    r"^\s*(?:以上|以下)的|^\s*的\s*(?:控制)?(?:标准|目标|要求|上限|下限)|^\s*的(?:村|户|企业|单位)"
)
# A plan, target or budget named right before 的 is the denominator of a share:
# 为计划的104%, 仅为上级要求的72%, 完成预算的98.5% are values.
_DENOMINATOR = re.compile(r"(?:计划|目标|要求|预算|任务|标准)(?:数|值)?的$")


# How far left of a quantity a cue is looked for (characters of the clause).
# Bounded so that role assignment is linear in paragraph length: a clause with
# thousands of quantities and no break would otherwise be squashed once per
# quantity (quadratic). Real cues sit within a few dozen characters.
CUE_WINDOW = 200


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def column_role(header: str) -> str | None:
    """Role of the quantities in a table column, from its header (None: not a quantity column)."""
    h = _squash(header)
    for cue, role in _COLUMN_CUES:
        if cue in h:
            return role
    return None


def is_target_section(paragraph: str, previous: str = "") -> bool:
    """A paragraph that states targets: "绩效指标：…", "年度总体目标⇥…", or the
    line after a 年度总体目标 label alone on its line (R22)."""
    return bool(_TARGET_SECTION.match(paragraph) or _TARGET_LABEL.match(previous))


_INSIDE_NAME = re.compile(r"[^\W\d]*?(?:率|度|量)$")


def _nearest_cue(left: str, cues: list[tuple[str, str]]) -> str | None:
    best: tuple[int, int, str] | None = None
    for cue, role in cues:
        pos = left.rfind(cue)
        if pos < 0 or (role == TARGET and _INSIDE_NAME.fullmatch(left, pos + len(cue))):
            continue  # 绩效目标覆盖率, 计划完成率: the cue is part of the name
        key = (pos + len(cue), len(cue), role)
        if best is None or key[:2] > best[:2]:
            best = key
    return best[2] if best else None


def is_points(quantity_text: str) -> bool:
    """A quantity in points (分), the unit of weights and scores."""
    return _squash(quantity_text).endswith("分") and not quantity_text.endswith("百分点")


# Scoring rules (R20): points a threshold earns (≥95%得6分) or a step costs
# (每少10户扣1分) are weights; the threshold and the step are targets.
_RULE_WORDS = re.compile(r"满分|评分标准|计分标准|扣\d|扣分|每[少低多高超]|不得分|按比例")
_THRESHOLD_EARNS = re.compile(r"\d[\d.,]*\s*[^\d\s，。；：（）()]{0,4}(?:以上|以下|以内)?得$")
_RIGHT_EARNS = re.compile(r"^\s*(?:以上|以下|以内|及以上|[（(]含[)）])?\s*(?:的)?(?:得|扣|不得分)")
# A standard (补助标准为…), a threshold compared with (低于4平方米), a per-unit
# rate applied (按每生每年300元标准, 按送审金额的0.3%计取), a plan (下一步…).
_STANDARD = re.compile(r"标准(?:为|是|[:：])?$|(?:低于|高于|超出|未达到|未达)$")
_BY = re.compile(r"按(?:照)?[^，。；]{0,12}$")
_BY_RIGHT = re.compile(r"^\s*(?:的)?(?:补助|补贴|奖补|控制|收费)?(?:标准|计取|计算|核定|收取|给予)")
_PLAN = re.compile(r"下一步|力争|拟于|预计|争取")
_STEP = re.compile(r"每(?:少|低|多|高|超过?|增加|减少|下降|提高|延迟|超期)$")


def _points_role(left_s: str, right: str, sentence_left: str) -> str | None:
    """Weight or score of a figure in points, from its cues (None: no cue)."""
    if left_s.endswith("得") and not left_s.endswith("实得"):
        rule = _THRESHOLD_EARNS.search(left_s) or _RULE_WORDS.search(sentence_left)
        return WEIGHT if rule else SCORE
    role = _nearest_cue(left_s, _POINT_CUES)
    if role:
        return role
    if left_s.endswith(("（", "(")) and right.lstrip().startswith(("）", ")")):
        return WEIGHT  # 产出指标（58分）
    return None


def text_role(
    quantity_text: str,
    left: str,
    right: str = "",
    target_section: bool = False,
    sentence_left: str = "",
) -> str:
    """Role of a quantity in running text.

    ``left`` is the clause text before the quantity, ``right`` the text after
    it, ``sentence_left`` the sentence before it (scoring rules); only the last
    ``CUE_WINDOW`` characters of ``left`` are read.
    """
    left_s = _squash(left[-CUE_WINDOW:])
    if is_points(quantity_text):
        role = _points_role(left_s, right, _squash(sentence_left[-CUE_WINDOW:]))
        if role:
            return role
    elif _RIGHT_EARNS.match(right) or _STEP.search(left_s):
        return TARGET  # a threshold or a step of a scoring rule
    elif _STANDARD.search(left_s) or (_BY.search(left_s) and _BY_RIGHT.match(right)):
        return TARGET  # a standard or a threshold compared with (R24)
    elif _PLAN.search(_squash(sentence_left[-CUE_WINDOW:])):
        return TARGET  # a plan for the years ahead (R22)
    if target_section:
        return TARGET
    if _DENOMINATOR.search(left_s):
        return VALUE
    if _RIGHT_TARGET.match(right):
        return TARGET
    return _nearest_cue(left_s, _TEXT_CUES) or VALUE


_RULE_CLAUSE = re.compile(r"[^，,；;。]+")
_RULE_SENTENCE = re.compile(r"[^；;。]+")


def rule_roles(rule: str) -> list[tuple[Quantity, str]]:
    """The quantities of a 评分标准 cell with their roles (R20): points weights,
    thresholds and steps targets, read clause by clause like running text."""
    out = []
    for q in find_quantities(rule):
        clause = next(m for m in _RULE_CLAUSE.finditer(rule + "。") if m.end() >= q.end)
        sentence = next(m for m in _RULE_SENTENCE.finditer(rule + "。") if m.end() >= q.end)
        left = rule[clause.start() : q.start]
        right = rule[q.end : clause.end()]
        role = text_role(q.text, left, right, False, rule[sentence.start() : q.start])
        out.append((q, WEIGHT if role == SCORE else role))
    return out


# The last budget or spending word of a context; a change after it (比年初预算
# 增加…) makes the figure a difference, which is neither stage.
_STAGE = re.compile(f"(?P<budget>{BUDGET_STAGE_WORDS})|(?P<spent>{SPENT_STAGE_WORDS})")
_CHANGE_AFTER = re.compile(r"[比较]|增加|减少|节约|超支|超出|增长|下降|结余|结转")
BUDGET, SPENT = "budget", "spent"


def budget_stage(context: str, column: str | None = None) -> str | None:
    """Which stage a money figure states: BUDGET (预算, 年初数), SPENT (执行数,
    决算, 支出) or None, read from its table column when that names one, else
    from ``context`` (its indicator and the words before it). Roles no longer
    tell them apart (both are values, R14)."""
    if column and _STAGE.search(column):
        return budget_stage(column)
    last = None
    for last in _STAGE.finditer(context):
        pass
    if last is None or _CHANGE_AFTER.search(context, last.end()):
        return None
    return BUDGET if last.group("budget") else SPENT
