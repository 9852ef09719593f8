"""Consistency checks over a document's facts; each failure is a FlagRow with
the arithmetic in its message and the facts it used as evidence.

* ``parts_vs_total``: 人员经费 + 公用经费 = 基本支出; 基本支出 + 项目支出 = 合计, within a
  table column, a paragraph, or the running text as a whole;
* ``rate_mismatch``: a stated 执行率 / 支出率 against 执行数 / 预算数 from the same row or
  sentence, else from the document's budget figures;
* ``score_over_weight``: an indicator scored above its weight;
* ``score_total``: table scores and weights against the 总分 row and the category
  weights (产出指标（58分）); per-indicator scores in running text against the stated
  total score;
* ``conflicting_figure``: the same indicator stated twice with different values.

Tolerances follow the precision written: each figure may be off by half a unit
of its last digit, so a sum of n rounded parts may be off by (n + 1) of those.
"""

from __future__ import annotations

import json
import re
from bisect import bisect_right
from collections import defaultdict
from collections.abc import Iterable

from pipeline.facts.cues import is_budget_name
from pipeline.facts.roles import BUDGET, SPENT, budget_stage
from pipeline.facts.summary import Summary
from pipeline.ingest.document import Document
from pipeline.resources.vocabulary import EXECUTION_RATE, SCORE, TARGET, VALUE, WEIGHT
from pipeline.schema import FactRow, FlagRow

_PARTS: list[tuple[tuple[str, ...], list[tuple[str, ...]]]] = [
    (("基本支出",), [("人员经费",), ("公用经费", "日常公用经费")]),
    (
        ("本年支出合计", "支出合计", "合计", "总计", "资金总额", "总支出"),
        [("基本支出",), ("项目支出",)],
    ),
]
_TOTAL_SCORE = re.compile(r"总分|自评得分|绩效得分|最终得分|综合得分")
_RATE = re.compile(rf"{EXECUTION_RATE}|预算完成率")
_LEFT_CONTEXT = 20  # characters before a figure that may name it (执行率为…, 年初预算…)
_GENERIC = {
    "预算数",
    "执行数",
    "决算数",
    "完成",
    "办结",
    "收回问卷",
    "满意度",
    "满意度占比",
    "服务",
}


def _name(f: FactRow) -> str:
    return re.sub(r"\s+", "", f.indicator or "")


def _half_unit(f: FactRow) -> float:
    """Half a unit of the last written digit, in base units."""
    m = re.search(r"\d[\d,]*(?:\.(\d+))?", f.text)
    decimals = len(m.group(1)) if m and m.group(1) else 0
    factor = (f.normalized_value / f.value) if f.value and f.normalized_value else 1.0
    return 0.5 * 10 ** (-decimals) * factor


def _evidence(facts: Iterable[FactRow]) -> str:
    return json.dumps(
        [
            {
                "text": f.text,
                "start": f.start,
                "end": f.end,
                "indicator": f.indicator,
                "fact_id": f.fact_id,
            }
            for f in facts
        ],
        ensure_ascii=False,
    )


def _fmt(x: float) -> str:
    return f"{x:,.2f}".rstrip("0").rstrip(".")


def _in_unit(f: FactRow, x: float) -> str:
    """``x`` (base units) written in the fact's own unit."""
    if f.value and f.normalized_value:
        return f"{_fmt(x * f.value / f.normalized_value)} {f.unit or ''}".strip()
    return _fmt(x)


def _flag(
    doc_id: str,
    check: str,
    message: str,
    expected: float | None,
    actual: float | None,
    facts: Iterable[FactRow],
) -> FlagRow:
    diff = None if expected is None or actual is None else round(actual - expected, 6)
    return FlagRow(
        doc_id=doc_id,
        check=check,
        message=message,
        expected=expected,
        actual=actual,
        difference=diff,
        evidence=_evidence(facts),
    )


def _stage(document: Document, f: FactRow) -> str | None:
    """BUDGET or SPENT: what the money figure ``f`` states (roles.budget_stage)."""
    left = document.text[max(0, f.start - _LEFT_CONTEXT) : f.start]
    return budget_stage((f.indicator or "") + left, f.column)


# ---------------------------------------------------------------- parts vs total
def _groups(document: Document, facts: list[FactRow]) -> list[list[FactRow]]:
    by: dict[tuple, list[FactRow]] = defaultdict(list)
    for f in facts:
        if f.base_unit != "元":
            continue
        if f.source == "table":
            by[("table", f.table, f.column)].append(f)
        else:
            by[("sentence", f.sentence)].append(f)
            # budgets and spending are both values (R14): their stage keeps them apart
            by[("text", f.role, _stage(document, f))].append(f)
    return list(by.values())


def check_parts(document: Document, facts: list[FactRow]) -> list[FlagRow]:
    doc_id = document.id
    flags: list[FlagRow] = []
    seen: set[tuple[int, ...]] = set()
    for group in _groups(document, facts):
        first: dict[str, FactRow] = {}
        for f in group:
            first.setdefault(_name(f), f)
        for totals, parts in _PARTS:
            total = next((first[t] for t in totals if t in first), None)
            found = [next((first[p] for p in alts if p in first), None) for alts in parts]
            if total is None or any(p is None for p in found):
                continue
            used = [p for p in found if p is not None]
            key = tuple(sorted(x.start for x in [total, *used]))
            if key in seen:
                continue
            seen.add(key)
            computed = sum(p.normalized_value or 0 for p in used)
            stated = total.normalized_value or 0
            tol = sum(_half_unit(x) for x in [total, *used]) + 1e-6
            if abs(computed - stated) > tol:
                terms = " + ".join(
                    f"{_name(p)} {_in_unit(p, p.normalized_value or 0)}" for p in used
                )
                flags.append(
                    _flag(
                        doc_id,
                        "parts_vs_total",
                        f"{terms} = {_in_unit(total, computed)}, but {_name(total)} is stated as "
                        f"{_in_unit(total, stated)} (difference {_in_unit(total, stated - computed)})",
                        computed,
                        stated,
                        [total, *used],
                    )
                )
    return flags


# ------------------------------------------------------------------ rates


def _left_context(document: Document, f: FactRow) -> str:
    return document.text[max(0, f.start - _LEFT_CONTEXT) : f.start]


def check_rates(document: Document, facts: list[FactRow], summary: Summary) -> list[FlagRow]:
    doc_id = document.id
    flags = []
    for f in facts:
        if f.base_unit != "%" or f.role == TARGET:
            continue
        ctx = (f.column or "") + (f.indicator or "") + _left_context(document, f)
        if not _RATE.search(ctx):
            continue
        if f.source == "table":
            near = [g for g in facts if g.table == f.table and g.row == f.row]
        else:
            near = [g for g in facts if g.source == "text" and g.sentence == f.sentence]
        money = [g for g in near if g.role == VALUE and g.base_unit == "元"]
        budgets = [g for g in money if _stage(document, g) == BUDGET]
        # the budget the rate divides by is the last one stated (全年预算数, not 年初)
        budget = budgets[-1] if budgets else None
        spent = next((g for g in money if _stage(document, g) == SPENT), None)
        if budget and spent:
            b, s, used = budget.normalized_value, spent.normalized_value, [f, spent, budget]
            how = f"{_name(spent) or '执行数'} {_in_unit(spent, s or 0)} / {_name(budget) or '预算数'} {_in_unit(budget, b or 0)}"
        else:
            b = summary.budget_adjusted or summary.budget_initial
            s, used = summary.spending, [f]
            how = f"决算/执行数 {_fmt((s or 0) / 1e4)} 万元 / 预算数 {_fmt((b or 0) / 1e4)} 万元 (document budget figures)"
        if not b or s is None or f.normalized_value is None:
            continue
        computed = round(s / b * 100, 4)
        decimals = len(re.search(r"(?:\.(\d+))?%", f.text).group(1) or "") if "%" in f.text else 0
        tol = 0.5 * 10 ** (-decimals) + 0.01
        if abs(computed - f.normalized_value) > tol:
            flags.append(
                _flag(
                    doc_id,
                    "rate_mismatch",
                    f"stated {f.text} but {how} = {computed:.2f}%",
                    computed,
                    f.normalized_value,
                    used,
                )
            )
    return flags


# ----------------------------------------------------------------- scores
def _score_pairs(facts: list[FactRow]) -> dict[tuple, dict[str, FactRow]]:
    pairs: dict[tuple, dict[str, FactRow]] = defaultdict(dict)
    for f in facts:
        if f.role not in (WEIGHT, SCORE) or f.base_unit != "分" or f.indicator is None:
            continue
        key = (
            ("table", f.table, f.row, f.indicator)
            if f.source == "table"
            else ("text", f.indicator_start, f.indicator)
        )
        pairs[key].setdefault(f.role, f)
    return pairs


def check_scores(doc_id: str, facts: list[FactRow], summary: Summary) -> list[FlagRow]:
    flags: list[FlagRow] = []
    pairs = _score_pairs(facts)
    for p in pairs.values():
        w, s = p.get(WEIGHT), p.get(SCORE)
        if w and s and (s.normalized_value or 0) > (w.normalized_value or 0) + 1e-9:
            flags.append(
                _flag(
                    doc_id,
                    "score_over_weight",
                    f"{s.indicator}: score {_fmt(s.normalized_value or 0)} > weight "
                    f"{_fmt(w.normalized_value or 0)}",
                    w.normalized_value,
                    s.normalized_value,
                    [w, s],
                )
            )
    # tables: rows against the 总分 row, and against their category weights
    by_table: dict[int | None, list[FactRow]] = defaultdict(list)
    for f in facts:
        if f.source == "table" and f.base_unit == "分":
            by_table[f.table].append(f)
    for rows in by_table.values():
        totals = {f.role: f for f in rows if _TOTAL_SCORE.search(f.indicator or "")}
        items = [
            f
            for f in rows
            if not _TOTAL_SCORE.search(f.indicator or "") and f.category_path is not None
        ]
        for role in (WEIGHT, SCORE):
            parts = [f for f in items if f.role == role]
            total = totals.get(role)
            if total and parts:
                flags.extend(_sum_flag(doc_id, parts, total, f"table {role}s"))
        categories = [f for f in rows if f.role == WEIGHT and f.column and "级指标" in f.column]
        for cat in categories:
            name = _name(cat)
            parts = [
                f
                for f in items
                if f.role == WEIGHT
                and f is not cat
                and (f.category_path or "").split(" › ")[0] == name
            ]
            if parts:
                flags.extend(_sum_flag(doc_id, parts, cat, f"weights under {name}"))
    # running text: per-indicator scores against the stated total
    text_scores = [
        f
        for f in facts
        if f.source == "text"
        and f.role == SCORE
        and f.base_unit == "分"
        and not _TOTAL_SCORE.search(f.indicator or "")
        and f.indicator
    ]
    stated = [
        f
        for f in facts
        if f.source == "text" and f.role == SCORE and _TOTAL_SCORE.search(f.indicator or "")
    ]
    if len(text_scores) >= 3 and stated:
        total = max(stated, key=lambda f: f.normalized_value or 0)
        weights = {
            (f.indicator_start, f.indicator)
            for f in facts
            if f.source == "text" and f.role == WEIGHT and f.indicator
        }
        scored = {(f.indicator_start, f.indicator) for f in text_scores}
        note = ""
        unscored = len(weights - scored)
        if unscored:
            note = f"; {unscored} indicator(s) with a weight but no score"
        flags.extend(_sum_flag(doc_id, text_scores, total, "indicator scores in the text", note))
    return flags


def _sum_flag(
    doc_id: str, parts: list[FactRow], total: FactRow, what: str, note: str = ""
) -> list[FlagRow]:
    computed = round(sum(f.normalized_value or 0 for f in parts), 6)
    stated = total.normalized_value or 0
    if abs(computed - stated) <= 1e-6:
        return []
    return [
        _flag(
            doc_id,
            "score_total",
            f"{what}: {' + '.join(_fmt(f.normalized_value or 0) for f in parts)} = "
            f"{_fmt(computed)}, but {total.indicator} states {_fmt(stated)}{note}",
            computed,
            stated,
            [total, *parts],
        )
    ]


# ------------------------------------------------------------ conflicting figures
def check_conflicts(document: Document, facts: list[FactRow]) -> list[FlagRow]:
    """The same indicator stated twice with different values.

    Compared: facts with the same indicator name (4+ characters, not a generic
    name such as 预算数), the same base unit, role and budget stage, from
    different paragraphs or rows; a budget figure against a spent one (both
    values, R14), or a target against a value, only when they differ by less
    than 1% (a restated figure, not budget vs spending or plan vs actual).
    """
    doc_id = document.id
    flags: list[FlagRow] = []
    starts = [p.start for p in document.paragraphs]
    # a money figure in a paragraph that opens with another total is a breakdown of
    # that total (项目支出…。商品和服务支出…): compare it only within the same scope
    scope: dict[str, str | None] = {}
    openers: dict[int, str] = {}
    for f in sorted(facts, key=lambda x: x.start):
        if f.source == "text" and f.base_unit == "元":
            opened = openers.setdefault(bisect_right(starts, f.start) - 1, _name(f))
            scope[f.fact_id] = opened if opened != _name(f) else None
    by_name: dict[tuple[str, str | None], list[FactRow]] = defaultdict(list)
    for f in facts:
        name = _name(f)
        if (
            len(name) < 4
            or name in _GENERIC
            or is_budget_name(name)  # a bare 全年预算数 names no particular line
            or f.role in (WEIGHT, SCORE)
            or f.normalized_value is None
            or _TOTAL_SCORE.search(name)
        ):
            continue
        by_name[(name, f.base_unit)].append(f)
    for (name, _), group in by_name.items():
        reported: set[tuple[float, float]] = set()
        for i, a in enumerate(group):
            for b in group[i + 1 :]:
                if a.source == b.source == "table" and a.table == b.table:
                    continue
                if a.source == b.source == "text" and a.sentence == b.sentence:
                    continue
                if scope.get(a.fact_id) != scope.get(b.fact_id):
                    continue
                va, vb = a.normalized_value or 0, b.normalized_value or 0
                if abs(va - vb) <= max(_half_unit(a), _half_unit(b)) + 1e-9:
                    continue
                # a budget against spending (both values, R14) or a target against
                # a value: compared only as the same figure restated (within 1%)
                if (a.role, _stage(document, a)) != (b.role, _stage(document, b)) and (
                    a.base_unit != "元" or abs(va - vb) > 0.01 * max(abs(va), abs(vb))
                ):
                    continue
                pair = (min(va, vb), max(va, vb))
                if pair in reported:
                    continue
                reported.add(pair)
                where = {
                    "table": lambda f: f"table {f.table} row {f.row}",
                    "text": lambda f: f"text at {f.start}",
                }
                flags.append(
                    _flag(
                        doc_id,
                        "conflicting_figure",
                        f"{name}: {a.text} ({where[a.source](a)}) vs {b.text} "
                        f"({where[b.source](b)}), difference {_in_unit(a, vb - va)}",
                        va,
                        vb,
                        [a, b],
                    )
                )
    return flags


def run_checks(document: Document, facts: list[FactRow], summary: Summary) -> list[FlagRow]:
    """Every check over the facts of ``document``."""
    return [
        *check_parts(document, facts),
        *check_rates(document, facts, summary),
        *check_scores(document.id, facts, summary),
        *check_conflicts(document, facts),
    ]
