"""Turn guide records into scoreable items keyed by absolute document offsets,
so gold and predictions compare even when they cut paragraphs differently."""

from __future__ import annotations

from collections.abc import Iterable

from pipeline.annotations.records import Record

SpanKey = tuple[str, int, int]  # (doc, start, end) in the source file


def _key(rec: Record, start: int, end: int) -> SpanKey:
    return (rec.meta.doc, rec.meta.offset + start, rec.meta.offset + end)


def span_items(records: Iterable[Record]) -> list[tuple[str, SpanKey]]:
    return [(s.label, _key(r, s.start, s.end)) for r in records for s in r.spans]


def role_items(records: Iterable[Record]) -> list[tuple[str, SpanKey]]:
    return [
        (s.role, _key(r, s.start, s.end))
        for r in records
        for s in r.spans
        if s.role is not None
    ]


def relation_items(records: Iterable[Record]) -> list[tuple[str, tuple[SpanKey, SpanKey]]]:
    out = []
    for r in records:
        spans = {s.id: s for s in r.spans}
        for rel in r.relations:
            q, ind = spans.get(rel.from_id), spans.get(rel.to_id)
            if q is None or ind is None:
                continue
            out.append((rel.label, (_key(r, q.start, q.end), _key(r, ind.start, ind.end))))
    return out


def role_accuracy(gold: Iterable[Record], pred: Iterable[Record]) -> tuple[float, int]:
    """Share of quantity spans found in both whose role matches, and how many
    such spans there were."""
    g = {k: role for role, k in role_items(gold)}
    p = {k: role for role, k in role_items(pred)}
    both = g.keys() & p.keys()
    if not both:
        return 0.0, 0
    return sum(g[k] == p[k] for k in both) / len(both), len(both)
