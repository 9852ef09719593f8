"""The national indicator framework (一级 / 二级 指标) and how table cells name it.

Level 2 is what the classifier predicts; level 1 follows from level 2 through
``PARENT``. 成本指标 is a level-2 category under 产出指标 in the tables of this
corpus (the 财预〔2020〕10号 layout); the 2021 guidance makes 成本指标 a level-1
category with 经济成本 / 社会成本 / 生态环境成本 below it. Those three map to
the level-2 成本指标 here, and a table that states 成本指标 as level 1 is read
as such (``parse_category_cell``), so both layouts train the same label.
"""

from __future__ import annotations

import re

LEVEL1: tuple[str, ...] = ("产出指标", "效益指标", "满意度指标", "成本指标")
LEVEL2: tuple[str, ...] = (
    "数量指标",
    "质量指标",
    "时效指标",
    "成本指标",
    "经济效益指标",
    "社会效益指标",
    "生态效益指标",
    "可持续影响指标",
    "服务对象满意度指标",
)
PARENT: dict[str, str] = {
    "数量指标": "产出指标",
    "质量指标": "产出指标",
    "时效指标": "产出指标",
    "成本指标": "产出指标",
    "经济效益指标": "效益指标",
    "社会效益指标": "效益指标",
    "生态效益指标": "效益指标",
    "可持续影响指标": "效益指标",
    "服务对象满意度指标": "满意度指标",
}

# Cell text (whitespace removed, weight suffix removed) → level-2 category.
_LEVEL2_ALIASES: dict[str, str] = {
    **{name: name for name in LEVEL2},
    **{name.removesuffix("指标"): name for name in LEVEL2},
    "产出数量": "数量指标",
    "产出质量": "质量指标",
    "产出时效": "时效指标",
    "产出成本": "成本指标",
    "经济成本指标": "成本指标",
    "社会成本指标": "成本指标",
    "生态环境成本指标": "成本指标",
    "经济成本": "成本指标",
    "社会成本": "成本指标",
    "生态环境成本": "成本指标",
    "可持续影响": "可持续影响指标",
    "满意度": "服务对象满意度指标",  # level 2 cell under 满意度指标
    "服务对象满意度": "服务对象满意度指标",
}
_LEVEL1_ALIASES: dict[str, str] = {
    "产出指标": "产出指标",
    "产出": "产出指标",
    "效益指标": "效益指标",
    "效益": "效益指标",
    "满意度指标": "满意度指标",
    "成本指标": "成本指标",
}
# A level-1 category whose only level-2 child is implied when a table skips it.
IMPLIED_LEVEL2: dict[str, str] = {"满意度指标": "服务对象满意度指标", "成本指标": "成本指标"}

_WEIGHT = re.compile(r"[（(]\s*\d+(?:\.\d+)?\s*分\s*[）)]$")
_SPACE = re.compile(r"\s+")


def clean_cell(text: str) -> tuple[str, bool]:
    """Cell text without whitespace and without a trailing weight such as
    （50分）; the flag says whether there was a weight."""
    text = _SPACE.sub("", text)
    stripped = _WEIGHT.sub("", text)
    return stripped, stripped != text


def normalize_level2(text: str) -> str | None:
    """The level-2 category a cell or label names, or None."""
    name, _ = clean_cell(text)
    return _LEVEL2_ALIASES.get(name)


def parse_category_cell(text: str, *, current_l1: str | None) -> tuple[int, str] | None:
    """Read a table cell as a category heading: (1, 一级) or (2, 二级), else None.

    The ambiguous cells: 成本指标 is level 1 when it carries a weight（20分）,
    otherwise level 2 under the current level 1; 满意度指标 is level 1 when it
    carries a weight or no level 1 is open yet or the open one is another.
    """
    name, weighted = clean_cell(text)
    if not name:
        return None
    if name == "成本指标":
        return (1, "成本指标") if weighted or current_l1 is None else (2, "成本指标")
    if name == "满意度指标":
        if weighted or current_l1 != "满意度指标":
            return (1, "满意度指标")
        return (2, "服务对象满意度指标")
    if name in _LEVEL1_ALIASES and (weighted or name.endswith("指标")):
        return (1, _LEVEL1_ALIASES[name])
    if name in _LEVEL2_ALIASES:
        return (2, _LEVEL2_ALIASES[name])
    return None
