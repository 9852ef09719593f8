"""The document summary: department, fiscal year, report type, budget figures,
execution rate, self-evaluation score and grade.

Each figure comes from the strongest evidence among the facts: a funds table's
total row (合计, 资金总额), then an indicator table's funds row (年度资金总额),
then a total stated in running text (支出合计, 全年预算数), then any other
statement; never from a sub-total (基本支出, 项目支出, 其中...). When the table
and a stated total disagree beyond rounding, the summary keeps the table figure
and records a disagreement, which becomes a ``summary_sources_disagree`` flag.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

from pipeline.facts.roles import BUDGET, SPENT, budget_stage
from pipeline.ingest.document import Document
from pipeline.resources.vocabulary import (
    ADJUSTED_BUDGET_WORDS,
    EXECUTION_RATE,
    INITIAL_BUDGET,
    SCORE,
    VALUE,
)
from pipeline.schema import FactRow, FlagRow

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
    # figures whose table and text sources disagree (summary_flags turns them into flags)
    disagreements: list[Disagreement] = field(default_factory=list)


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


# Labels of a part of the total: a figure under one of them is never the total.
_SUBTOTAL = re.compile(
    r"基本支出|项目支出|人员经费|公用经费|其中|三公|公务接待|公务用车|因公出国|工资福利"
    r"|商品和服务|对个人和家庭|资本性支出|政府性基金|其他资金|非税收入|专户管理|上年结转"
)
# A figure stated as a whole: a total row of a funds table, or text that says so.
_TOTAL_CUE = re.compile(r"合计|总计|总额|总支出|支出总|全年|本年|年度|共|累计|整体|执行数|决算数")
# Rows of an indicator table that state the funds of the whole project.
_FUNDS_ROW = re.compile(r"^(?:年度)?(?:资金总额|项目资金|预算资金|项目预算|年度预算)")
_RATE = re.compile(EXECUTION_RATE)
_SCORE_TOTAL = re.compile(r"总分|自评得分|绩效得分|最终得分|综合得分|评价得分")

# Evidence, strongest first: a funds table's total row, an indicator table's funds
# row, a total stated in text, any other statement in text.
TABLE_TOTAL, TABLE_ROW, TEXT_TOTAL, TEXT = range(4)
DISAGREEMENT = "summary_sources_disagree"


@dataclass(slots=True)
class Disagreement:
    """Two sources of a summary figure that do not agree."""

    field: str  # the Summary field, e.g. "spending"
    chosen: FactRow  # the figure the summary took (the stronger source)
    other: FactRow  # the figure of the other source


def _clause(document: Document, f: FactRow, n: int = 24) -> str:
    """What the figure is said of: its indicator and column, else the text
    just before it back to the last clause break (。；，\n)."""
    left = document.text[max(0, f.start - n) : f.start]
    left = re.split(r"[。；;，,\n\t|]", left)[-1]
    return re.sub(r"\s+", "", f"{f.column or ''}{f.indicator or ''}{left}")


def _tier(f: FactRow, clause: str) -> int:
    name = re.sub(r"\s+", "", f.indicator or "")
    if f.source == "table":
        if any(name.endswith(t) for t in _TOTAL_LABELS):
            return TABLE_TOTAL
        return TABLE_ROW
    # income (收入) is the other side of the budget: weakest evidence of spending
    return TEXT_TOTAL if _TOTAL_CUE.search(clause) and "收入" not in clause else TEXT


def _best(
    facts: list[FactRow], clause: Callable[[FactRow], str], keep: Callable[[FactRow, str], bool]
) -> list[tuple[int, FactRow]]:
    """(tier, fact) of the candidates ``keep`` accepts, strongest first, never a
    sub-total; text in document order within a tier."""
    found: list[tuple[int, int, FactRow]] = []
    for f in facts:
        c = clause(f)
        name = re.sub(r"\s+", "", f.indicator or "")
        if _SUBTOTAL.search(name) or (f.source == "text" and _SUBTOTAL.search(c)):
            continue
        if keep(f, c):
            found.append((_tier(f, c), f.start, f))
    return [(tier, f) for tier, _, f in sorted(found, key=lambda e: (e[0], e[1]))]


def _agrees(a: FactRow, b: FactRow) -> bool:
    """Equal up to the rounding of the less precise of the two figures."""
    if a.normalized_value is None or b.normalized_value is None:
        return True
    tolerance = max(_half_unit(a), _half_unit(b)) + 1e-9
    return abs(a.normalized_value - b.normalized_value) <= tolerance


def _half_unit(f: FactRow) -> float:
    m = re.search(r"\d[\d,]*(?:\.(\d+))?", f.text)
    decimals = len(m.group(1)) if m and m.group(1) else 0
    factor = (f.normalized_value / f.value) if f.value and f.normalized_value else 1.0
    return 0.5 * 10 ** (-decimals) * factor


def _choose(
    field_name: str, ranked: list[tuple[int, FactRow]], out: list[Disagreement]
) -> FactRow | None:
    """The strongest candidate; a disagreement when the strongest table figure
    and the strongest statement of a total in text differ."""
    if not ranked:
        return None
    chosen = ranked[0][1]
    table = next((f for t, f in ranked if t in (TABLE_TOTAL, TABLE_ROW)), None)
    stated = next((f for t, f in ranked if t == TEXT_TOTAL), None)
    if table is not None and stated is not None and not _agrees(table, stated):
        out.append(Disagreement(field_name, chosen, stated if chosen is table else table))
    return chosen


def _funds_row(f: FactRow) -> bool:
    # the row's label: its indicator, or its first cell when that sits in a
    # category column (年度资金总额 spanning 一级 to 三级指标)
    label = f.indicator or (f.sentence or "").split(" | ")[0]
    return f.source == "table" and bool(_FUNDS_ROW.match(re.sub(r"\s+", "", label)))


def _whole(f: FactRow) -> bool:
    """A table figure counts only from a total row or a funds row: the other
    rows of an indicator table measure something else (单台平均补贴额)."""
    name = re.sub(r"\s+", "", f.indicator or "")
    return f.source != "table" or _funds_row(f) or any(name.endswith(t) for t in _TOTAL_LABELS)


def _largest_first_in_tier(scores: list[tuple[int, FactRow]]) -> list[tuple[int, FactRow]]:
    """A stated total score is the largest one in its tier (item scores are smaller)."""
    if not scores:
        return scores
    top = scores[0][0]
    best = max((f for t, f in scores if t == top), key=lambda f: f.normalized_value or 0)
    return [(top, best)] + [(t, f) for t, f in scores if f is not best]


def summarise(document: Document, facts: list[FactRow]) -> Summary:
    text = document.text
    s = Summary(
        department=department(text),
        year=fiscal_year(text),
        report_type=report_type(text),
        grade=grade(text),
    )
    memo: dict[int, str] = {}  # id(fact) → its clause; every pick asks

    def clause(f: FactRow) -> str:
        found = memo.get(id(f))
        if found is None:
            found = memo[id(f)] = _clause(document, f)
        return found

    money = [f for f in facts if f.base_unit == "元" and _whole(f) and f.role == VALUE]
    initial = _best(
        money, clause, lambda f, c: budget_stage(c, f.column) == BUDGET and INITIAL_BUDGET in c
    )
    adjusted = _best(
        money,
        clause,
        lambda f, c: (
            budget_stage(c, f.column) == BUDGET
            and "年初" not in c
            and (any(k in c for k in ADJUSTED_BUDGET_WORDS) or _funds_row(f))
        ),
    )
    spending = _best(
        money,
        clause,
        lambda f, c: "收入" not in c and budget_stage(c, f.column) == SPENT,
    )
    carry = _best(money, clause, lambda f, c: "结转结余" in c or "结余结转" in c)
    rates = _best(
        [f for f in facts if f.base_unit == "%"],
        lambda f: clause(f) + _left(document, f, 20),
        lambda f, c: bool(_RATE.search(c)),
    )
    scores = _best(
        [f for f in facts if f.role == SCORE and f.base_unit == "分"],
        clause,
        lambda f, c: (
            bool(_SCORE_TOTAL.search(f.indicator or "") or _SCORE_TOTAL.search(c))
            and (f.normalized_value or 0) > 20
        ),
    )
    scores = _largest_first_in_tier(scores)

    found: list[Disagreement] = []
    picks = {
        "budget_initial": _choose("budget_initial", initial, found),
        "budget_adjusted": _choose("budget_adjusted", adjusted, found),
        "spending": _choose("spending", spending, found),
        "carryover": _choose("carryover", carry, found),
        "execution_rate": _choose("execution_rate", rates, found),
        "self_score": _choose("self_score", scores, found),
    }
    for name, f in picks.items():
        setattr(s, name, f.normalized_value if f else None)
    s.disagreements = found
    return s


def summary_flags(doc_id: str, summary: Summary) -> list[FlagRow]:
    """One flag per summary figure whose sources disagree."""
    flags: list[FlagRow] = []
    for d in summary.disagreements:
        a, b = d.chosen, d.other
        flags.append(
            FlagRow(
                doc_id=doc_id,
                check=DISAGREEMENT,
                message=(
                    f"{d.field}: {a.source} says {a.text} ({a.indicator or a.column or '?'}), "
                    f"{b.source} says {b.text} ({b.indicator or b.column or '?'}); "
                    f"the summary takes the {a.source} figure"
                ),
                expected=a.normalized_value,
                actual=b.normalized_value,
                difference=None
                if a.normalized_value is None or b.normalized_value is None
                else round(b.normalized_value - a.normalized_value, 6),
                evidence=json.dumps(
                    [
                        {"text": f.text, "start": f.start, "end": f.end, "indicator": f.indicator}
                        for f in (a, b)
                    ],
                    ensure_ascii=False,
                ),
            )
        )
    return flags


def _left(document: Document, f: FactRow, n: int = 12) -> str:
    return re.sub(r"\s+", "", document.text[max(0, f.start - n) : f.start])
