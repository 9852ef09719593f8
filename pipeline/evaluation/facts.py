"""Fact-level scores on guide-format records, keyed by absolute offsets.

* role accuracy: over quantity spans found in both gold and prediction, the
  share whose role matches (and the same over all gold quantity spans, a
  missing span counting as wrong);
* MEASURES relations: P/R/F1 over (quantity span, indicator span) pairs;
* facts: P/R/F1 over (quantity span, role, normalised value, linked indicator
  span or none): a fact matches when all four match (docs/annotation-guide.md, "Facts").

Relations stay inside one record (the guide), so both sides are read the same way:
a link to a heading or table label in another record is not part of either.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from pipeline.annotations.records import Record
from pipeline.evaluation.items import SpanKey, relation_items, role_accuracy, role_items
from pipeline.evaluation.prf import PRF, prf_by_label
from pipeline.quantities import normalize_quantity

_CONTEXT = 8


def _key(rec: Record, start: int, end: int) -> SpanKey:
    return (rec.meta.doc, rec.meta.offset + start, rec.meta.offset + end)


def fact_items(records: Iterable[Record]) -> list[tuple[str, Hashable]]:
    """One ("FACT", (span, role, normalised value, base unit, indicator span)) per quantity."""
    out: list[tuple[str, Hashable]] = []
    for r in records:
        spans = {s.id: s for s in r.spans}
        link: dict[str, SpanKey] = {}
        for rel in r.relations:
            ind = spans.get(rel.to_id)
            if rel.label == "MEASURES" and ind is not None:
                link.setdefault(rel.from_id, _key(r, ind.start, ind.end))
        for s in r.spans:
            if not s.is_quantity:
                continue
            try:
                norm = normalize_quantity(
                    s.text,
                    left=r.text[max(0, s.start - _CONTEXT) : s.start],
                    right=r.text[s.end : s.end + _CONTEXT],
                )
                value: tuple[Any, ...] = (round(norm.normalized, 6), norm.base_unit)
            except ValueError:
                value = (None, None)
            out.append(("FACT", (_key(r, s.start, s.end), s.role, *value, link.get(s.id))))
    return out


def restrict_to_gold(gold: Sequence[Record], pred: Sequence[Record]) -> list[Record]:
    """``pred`` without spans (and their relations) outside the text the gold covers,
    by absolute offsets, so gold may cut paragraphs differently from the pipeline."""
    ranges: dict[str, list[tuple[int, int]]] = {}
    for r in gold:
        ranges.setdefault(r.meta.doc, []).append((r.meta.offset, r.meta.offset + len(r.text)))
    out = []
    for r in pred:
        keep = [
            s
            for s in r.spans
            if any(
                a <= r.meta.offset + s.start and r.meta.offset + s.end <= b
                for a, b in ranges.get(r.meta.doc, ())
            )
        ]
        ids = {s.id for s in keep}
        rels = [x for x in r.relations if x.from_id in ids and x.to_id in ids]
        out.append(Record(r.id, r.text, r.meta, keep, rels, dict(r.extra)))
    return out


@dataclass(slots=True)
class FactScores:
    role_accuracy: float  # over quantity spans found on both sides
    role_support: int
    role_accuracy_all: float  # over all gold quantity spans (missing = wrong)
    role_gold: int
    relations: PRF
    facts: PRF

    def as_dict(self) -> dict[str, Any]:
        return {
            "roles": {
                "accuracy": round(self.role_accuracy, 4),
                "support": self.role_support,
                "accuracy_all_gold": round(self.role_accuracy_all, 4),
                "gold": self.role_gold,
            },
            "relations": self.relations.as_dict(),
            "facts": self.facts.as_dict(),
        }


def score_facts(gold: Sequence[Record], pred: Sequence[Record]) -> FactScores:
    """Role accuracy, MEASURES P/R/F1 and fact P/R/F1 of ``pred`` against ``gold``.

    ``pred`` may cover whole documents; what lies outside the gold's text is ignored.
    """
    pred = restrict_to_gold(gold, pred)
    acc, n = role_accuracy(gold, pred)
    g_roles = {k: role for role, k in role_items(gold)}
    p_roles = {k: role for role, k in role_items(pred)}
    all_acc = sum(g_roles[k] == p_roles.get(k) for k in g_roles) / len(g_roles) if g_roles else 0.0
    rel = prf_by_label(relation_items(gold), relation_items(pred)).get("MEASURES", PRF(0, 0, 0))
    facts = prf_by_label(fact_items(gold), fact_items(pred))["ALL"]
    return FactScores(acc, n, all_acc, len(g_roles), rel, facts)
