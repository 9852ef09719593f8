"""The indicators table: one row per indicator row, its target beside its actual
value, weight and score, read from the document's facts (so target against
actual needs no pivot).

An indicator row is a table row's facts of one indicator name (an indicator
table's row, a funds table's row) or, in running text, the facts that measure
one INDICATOR span. Facts with no indicator make no row. Where a row holds
several facts of one role, the first in reading order is taken, except for the
actual value: the first in the target's unit where the row has a target, else
the first under a spending column (决算数, 执行数: a funds row's budget columns
hold values too, R14), leaving rates aside; ``fact_ids`` lists them all.
"""

from __future__ import annotations

from collections.abc import Sequence

from pipeline.resources.vocabulary import SCORE, SPENDING_WORDS, TARGET, VALUE, WEIGHT
from pipeline.schema import FactRow, IndicatorRow

# Qualifiers of a target that the actual must stay under.
_UPPER_BOUNDS = frozenset({"<=", "<"})


def _key(fact: FactRow) -> tuple | None:
    """Which indicator row ``fact`` belongs to; None: it measures no indicator."""
    if fact.indicator is None:
        return None
    if fact.source == "table" and fact.table is not None:
        return ("table", fact.table, fact.row, fact.indicator)
    return ("text", fact.indicator_start, fact.indicator_end, fact.indicator)


def met(target: FactRow | None, actual: FactRow | None) -> bool | None:
    """Whether ``actual`` reaches ``target`` in the direction the target's
    qualifier gives (≤ and < targets are ceilings); None when either is missing,
    has no value, or the units differ."""
    if target is None or actual is None:
        return None
    t, a = target.normalized_value, actual.normalized_value
    if t is None or a is None or target.base_unit != actual.base_unit:
        return None
    if target.qualifier == "<":
        return a < t
    if target.qualifier in _UPPER_BOUNDS:
        return a <= t
    if target.qualifier == ">":
        return a > t
    return a >= t


def _first(facts: Sequence[FactRow], role: str, unit: str | None = None) -> FactRow | None:
    of_role = [f for f in facts if f.role == role]
    if unit is not None:
        same_unit = [f for f in of_role if f.base_unit == unit]
        of_role = same_unit or of_role
    return of_role[0] if of_role else None


def _spending(fact: FactRow) -> bool:
    """A money figure under a spending column (决算数, 执行数; not 执行率)."""
    column = fact.column or ""
    return fact.base_unit != "%" and any(word in column for word in SPENDING_WORDS)


def _actual(facts: Sequence[FactRow], target: FactRow | None) -> FactRow | None:
    if target is not None:
        return _first(facts, VALUE, target.base_unit)
    values = [f for f in facts if f.role == VALUE]
    return next((f for f in values if _spending(f)), values[0] if values else None)


def _number(fact: FactRow | None) -> float | None:
    return None if fact is None else fact.normalized_value


def _row(doc_id: str, n: int, facts: Sequence[FactRow]) -> IndicatorRow:
    head = facts[0]
    target = _first(facts, TARGET)
    actual = _actual(facts, target)
    evidence = next((f for f in facts if f.sentence), head)
    return IndicatorRow(
        doc_id=doc_id,
        indicator_id=f"{doc_id}#i{n:04d}",
        indicator=head.indicator or "",
        source=head.source,
        indicator_start=head.indicator_start,
        indicator_end=head.indicator_end,
        category_path=next((f.category_path for f in facts if f.category_path), None),
        category=next((f.category for f in facts if f.category), None),
        target=_number(target),
        target_unit=target.base_unit if target else None,
        target_qualifier=target.qualifier if target else None,
        target_text=target.text if target else None,
        actual=_number(actual),
        actual_unit=actual.base_unit if actual else None,
        actual_qualifier=actual.qualifier if actual else None,
        actual_text=actual.text if actual else None,
        weight=_number(_first(facts, WEIGHT)),
        score=_number(_first(facts, SCORE)),
        met=met(target, actual),
        evidence=evidence.sentence,
        evidence_start=evidence.sentence_start,
        evidence_end=evidence.sentence_end,
        page=head.page,
        table=head.table,
        row=head.row,
        fact_ids=",".join(f.fact_id for f in facts),
    )


def indicator_rows(facts: Sequence[FactRow]) -> list[IndicatorRow]:
    """The indicator rows of one document's ``facts``, in the order their first
    fact comes (facts are in reading order)."""
    groups: dict[tuple, list[FactRow]] = {}
    for fact in facts:
        key = _key(fact)
        if key is not None:
            groups.setdefault(key, []).append(fact)
    return [_row(group[0].doc_id, n, group) for n, group in enumerate(groups.values())]
