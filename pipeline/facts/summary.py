"""The document summary: department, fiscal year, report type, budget figures,
execution rate, self-evaluation score and grade.

Budget figures come from the facts (a budget table's total row first, then the
first statement in running text, spending (支出) before income (收入)), in 元.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass

from pipeline.ingest.document import Document
from pipeline.resources.vocabulary import (
    ADJUSTED_BUDGET_WORDS,
    EXECUTION_RATE,
    INITIAL_BUDGET,
    SCORE,
    SPENDING_WORDS,
    TARGET,
    VALUE,
)
from pipeline.schema import FactRow

_HEAD_CHARS = 600
_DEPT_FIELD = re.compile(
    r"(?:单位名称|部门名称|填报单位|预算单位)\s*[:：]\s*(?P<name>[^\s（(：:]{2,40})"
)
_TITLE = re.compile(
    r"^\s*(?:20\d\d\s*年度?)?\s*(?P<name>\S{2,40}?)\s*(?:（本级）)?\s*(?:20\d\d\s*年度?)?\s*"
    r"(?:部门)?(?:整体支出|项目支出|项目)?绩效(?:自评|评价)报告"
)
_YEAR = re.compile(r"(20\d\d)\s*年(?!\s*\d{1,2}\s*月)(度)?")
_GRADE = re.compile(
    r"(?:绩效)?(?:评价)?等级(?:为|是|：|:)?\s*[“\"「]?(优秀|优|良好|良|中等|中|合格|差)"
)
_TOTAL_LABELS = ("本年支出合计", "支出合计", "合计", "总计", "资金总额", "总支出")


@dataclass(slots=True)
class Summary:
    department: str | None = None
    year: int | None = None
    report_type: str | None = None
    budget_initial: float | None = None
    budget_adjusted: float | None = None
    spending: float | None = None
    carryover: float | None = None
    execution_rate: float | None = None
    self_score: float | None = None
    grade: str | None = None


def department(text: str) -> str | None:
    head = text[:_HEAD_CHARS]
    m = _DEPT_FIELD.search(head)
    if m:
        return m.group("name").strip("　 ")
    for line in head.splitlines():
        t = _TITLE.match(line)
        if t and len(t.group("name")) >= 4:
            return re.sub(r"^(?:附件\s*\d*)", "", t.group("name")).strip()
    return None


def fiscal_year(text: str) -> int | None:
    """The year reported on: 'YYYY年度' in the head first, else the most frequent 'YYYY年'."""
    head = text[:_HEAD_CHARS]
    for line in head.splitlines():
        if re.search(r"填报日期|日期|盖章", line):
            continue
        m = re.search(r"(20\d\d)\s*年度", line)
        if m:
            return int(m.group(1))
    counts = Counter(m.group(1) for m in _YEAR.finditer(text))
    return int(counts.most_common(1)[0][0]) if counts else None


def report_type(text: str) -> str | None:
    head = re.sub(r"\s+", "", text[:_HEAD_CHARS])
    if "整体支出" in head or "部门整体" in head:
        return "部门整体"
    if "项目支出绩效" in head or "项目绩效" in head:
        return "项目"
    return None


def grade(text: str) -> str | None:
    m = _GRADE.search(text)
    return m.group(1) if m else None


def _pick(facts: list[FactRow], keep: Callable[[FactRow], bool]) -> FactRow | None:
    """Table total rows first, then text facts about spending, then anything kept."""
    cands = [f for f in facts if f.base_unit == "元" and keep(f)]  # the cheap test first
    if not cands:
        return None

    def rank(f: FactRow) -> tuple[int, int]:
        name = f.indicator or ""
        if f.source == "table" and any(name.endswith(t) for t in _TOTAL_LABELS):
            return (0, f.start)
        if f.source == "text" and "收入" not in name:
            return (1, f.start)
        return (2, f.start)

    return min(cands, key=rank)


def _ctx(f: FactRow) -> str:
    return re.sub(r"\s+", "", f"{f.column or ''}{f.indicator or ''}")


def _left(document: Document, f: FactRow, n: int = 12) -> str:
    return re.sub(r"\s+", "", document.text[max(0, f.start - n) : f.start])


def summarise(document: Document, facts: list[FactRow]) -> Summary:
    text = document.text
    s = Summary(
        department=department(text),
        year=fiscal_year(text),
        report_type=report_type(text),
        grade=grade(text),
    )

    memo: dict[int, str] = {}  # id(fact) → its context; the picks below ask up to 8 times

    def ctx(f: FactRow) -> str:
        found = memo.get(id(f))
        if found is None:
            found = memo[id(f)] = _ctx(f) + _left(document, f)
        return found

    initial = _pick(facts, lambda f: f.role == TARGET and INITIAL_BUDGET in ctx(f))
    adjusted = _pick(
        facts,
        lambda f: (
            f.role == TARGET
            and "年初" not in ctx(f)
            and any(k in ctx(f) for k in ADJUSTED_BUDGET_WORDS)
        ),
    )
    spending = _pick(
        facts,
        lambda f: f.role == VALUE and any(k in ctx(f) for k in SPENDING_WORDS),
    )
    carry = _pick(facts, lambda f: "结转结余" in ctx(f) or "结余结转" in ctx(f))
    s.budget_initial = initial.normalized_value if initial else None
    s.budget_adjusted = adjusted.normalized_value if adjusted else None
    s.spending = spending.normalized_value if spending else None
    s.carryover = carry.normalized_value if carry else None
    rate = next(
        (
            f
            for f in facts
            if f.base_unit == "%" and re.search(EXECUTION_RATE, ctx(f) + _left(document, f, 20))
        ),
        None,
    )
    s.execution_rate = rate.normalized_value if rate else None
    totals = [
        f
        for f in facts
        if f.role == SCORE
        and f.base_unit == "分"
        and re.search(r"总分|自评得分|绩效得分|最终得分|综合得分", f.indicator or "")
        and (f.normalized_value or 0) > 20
    ]
    if totals:
        s.self_score = max(totals, key=lambda f: f.normalized_value or 0).normalized_value
    return s
