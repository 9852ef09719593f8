"""The role of a quantity: value, target, weight or score.

Running text (ANNOTATION_GUIDE "Roles"; DECISIONS D4, D6, D9): the cue nearest
to the left of the quantity inside its clause decides (分值 → weight, 得分 →
score, 全年预算数 / 年初预算 / 计划 / 目标 → target, 执行数 / 决算数 / 实际 → value);
a paragraph under "绩效指标：" states targets. Tables (D2): the column header
decides (年度指标值 → target, 实际完成值 → value, 分值 → weight, 得分 → score).
"""

from __future__ import annotations

import re

from pipeline.resources.vocabulary import SCORE, TARGET, VALUE, WEIGHT

_POINT_CUES: list[tuple[str, str]] = [
    ("分值", WEIGHT),
    ("权重", WEIGHT),
    ("满分", WEIGHT),
    ("得分", SCORE),
    ("评分", SCORE),
    ("打分", SCORE),
]
# Headings that name a stated target or a stated actual, in text and in tables.
_STATED_TARGETS: list[tuple[str, str]] = [
    ("年度指标值", TARGET),
    ("指标值", TARGET),
    ("目标值", TARGET),
    ("年初预算", TARGET),
    ("全年预算", TARGET),
    ("调整预算", TARGET),
    ("预算数", TARGET),
]
_STATED_VALUES: list[tuple[str, str]] = [
    ("实际完成值", VALUE),
    ("完成值", VALUE),
    ("执行数", VALUE),
    ("决算数", VALUE),
    ("决算", VALUE),
]
_TEXT_CUES: list[tuple[str, str]] = [
    *_STATED_TARGETS,
    ("预算安排", TARGET),
    ("计划", TARGET),
    ("目标", TARGET),
    ("要求", TARGET),
    ("不低于", TARGET),
    ("不少于", TARGET),
    ("力争", TARGET),
    ("预期", TARGET),
    *_STATED_VALUES,
    ("执行", VALUE),
    ("实际", VALUE),
    ("完成", VALUE),
]
# columns, most specific first (D2)
_COLUMN_CUES: list[tuple[str, str | None]] = [
    ("偏差", None),
    ("执行率", VALUE),
    ("完成率", VALUE),
    *_STATED_TARGETS,
    ("年度预算", TARGET),
    ("预算", TARGET),
    *_STATED_VALUES,
    ("实际", VALUE),
    ("分值", WEIGHT),
    ("权重", WEIGHT),
    ("得分", SCORE),
]
_TARGET_SECTION = re.compile(r"^\s*(?:\d+[.、]\s*)?(?:绩效指标|绩效目标|年度目标|目标)[:：]")
_RIGHT_TARGET = re.compile(r"^\s*(?:以上|以下)?的(?:标准|村|户|企业|单位)|^\s*的标准")


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


def is_target_section(paragraph: str) -> bool:
    """A paragraph that states targets: "绩效指标：…", "绩效目标：…"."""
    return bool(_TARGET_SECTION.match(paragraph))


def _nearest_cue(left: str, cues: list[tuple[str, str]]) -> str | None:
    best: tuple[int, int, str] | None = None
    for cue, role in cues:
        pos = left.rfind(cue)
        if pos < 0:
            continue
        key = (pos + len(cue), len(cue), role)
        if best is None or key[:2] > best[:2]:
            best = key
    return best[2] if best else None


def is_points(quantity_text: str) -> bool:
    """A quantity in points (分), the unit of weights and scores."""
    return _squash(quantity_text).endswith("分") and not quantity_text.endswith("百分点")


def text_role(quantity_text: str, left: str, right: str = "", target_section: bool = False) -> str:
    """Role of a quantity in running text.

    ``left`` is the clause text before the quantity, ``right`` the text after it;
    only the last ``CUE_WINDOW`` characters of ``left`` are read.
    """
    left_s = _squash(left[-CUE_WINDOW:])
    if is_points(quantity_text):
        role = _nearest_cue(left_s, _POINT_CUES)
        if role:
            return role
        if left_s.endswith(("（", "(")) and right.lstrip().startswith(("）", ")")):
            return WEIGHT  # 产出指标（58分）
    if target_section:
        return TARGET
    role = _nearest_cue(left_s, _TEXT_CUES)
    if role:
        return role
    if _RIGHT_TARGET.match(right):
        return TARGET
    return VALUE
