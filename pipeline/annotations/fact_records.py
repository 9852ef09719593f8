"""A DocumentResult as guide-format records (docs/annotation-guide.md, "Records"; D1).

One record per paragraph (a trimmed source line) with: every entity span; the
quantity spans of facts with their roles (bare table numbers are not spans,
D2/D5); the INDICATOR spans that facts link to (also in another record: a
table's row label, a D7 heading); and MEASURES relations where the
quantity and its indicator sit in the same record (relations stay inside one
record, so links to a heading (D7) or a table row label in another line are
facts only). Offsets are into the source file (``pipeline.ingest.offsets``).
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from pathlib import Path

from pipeline.annotations.records import Meta, Record, Relation, Span
from pipeline.ingest.document import Document
from pipeline.ingest.offsets import offset_shift
from pipeline.ingest.paragraphs import paragraph_id
from pipeline.resources.vocabulary import POINTS_SUFFIX, QUANTITY_LABELS, VALUE
from pipeline.schema import DocumentResult, EntityRow

_HAS_UNIT = re.compile(r"[^\d.,\s\-+]")


def _clip(text: str, start: int, end: int, p_start: int, p_end: int) -> tuple[int, int] | None:
    """An indicator span clipped to one paragraph (flattened cells run over lines)."""
    s, e = max(start, p_start), min(end, p_end)
    if s >= e:
        return None
    piece = text[s:e]
    m = POINTS_SUFFIX.search(piece)
    if m:
        e = s + m.start()
    piece = text[s:e]
    e = s + len(piece.rstrip())
    s = s + (len(piece) - len(piece.lstrip()))
    return (s, e) if e > s else None


Chosen = list[tuple[int, int, str, str | None]]  # start, end, label, role (offsets into text)
Links = list[tuple[int, tuple[int, int], tuple[int, int]]]  # paragraph, quantity, indicator


def paragraph_spans(document: Document, result: DocumentResult) -> tuple[dict[int, Chosen], Links]:
    """The spans of each paragraph (entities, fact quantities with roles, the
    INDICATOR spans facts link to; no overlaps) and the quantity → indicator links.

    One function for the records and for ``DocumentResult.entities``, so the
    entities table holds exactly the spans that are scored."""
    text = document.text
    paragraphs = document.paragraphs
    starts = [p.start for p in paragraphs]

    def para_of(offset: int) -> int | None:
        i = bisect_right(starts, offset) - 1
        if i < 0 or offset >= paragraphs[i].end:
            return None
        return i

    # label, start, end, role per paragraph
    spans: dict[int, dict[tuple[int, int], tuple[str, str | None]]] = {}
    for e in result.entities:
        i = para_of(e.start)
        if i is None:
            continue
        role = VALUE if e.label in QUANTITY_LABELS else None
        spans.setdefault(i, {})[(e.start, e.end)] = (e.label, role)
    links: list[tuple[int, tuple[int, int], tuple[int, int]]] = []
    for f in result.facts:
        i = para_of(f.start)
        if i is None:
            continue
        bucket = spans.setdefault(i, {})
        key = (f.start, f.end)
        if key in bucket or (f.source == "text" or _HAS_UNIT.search(f.text)):
            label = bucket.get(key, (f.quantity_label, None))[0]
            bucket[key] = (label, f.role)
        else:
            continue
        if f.indicator_start is None or f.indicator_end is None:
            continue
        p = paragraphs[i]
        clipped = _clip(text, f.indicator_start, f.indicator_end, p.start, p.end)
        if clipped is None:
            continue
        links.append((i, key, clipped))
    # table indicator cells (三级指标, budget row labels) are INDICATOR spans too,
    # and so is a numbered heading that a weight or score line below measures (D7)
    for f in result.facts:
        if f.indicator_start is None or f.indicator_end is None:
            continue
        if f.source != "table" and para_of(f.indicator_start) == para_of(f.start):
            continue
        for i in {para_of(f.indicator_start), para_of(max(f.indicator_start, f.indicator_end - 1))}:
            if i is None:
                continue
            p = paragraphs[i]
            clipped = _clip(text, f.indicator_start, f.indicator_end, p.start, p.end)
            if clipped:
                spans.setdefault(i, {}).setdefault(clipped, ("INDICATOR", None))
    for i, _, ind in links:
        spans.setdefault(i, {}).setdefault(ind, ("INDICATOR", None))

    chosen_by_paragraph: dict[int, Chosen] = {}
    for i, bucket in spans.items():
        chosen: Chosen = []
        # kept spans are disjoint, so sorted by start they are sorted by end too:
        # the one kept span that can overlap [s, e) is the last starting before e
        # (a bisection, not a scan: linear in the paragraph's spans overall)
        kept_starts: list[int] = []
        kept_ends: list[int] = []
        # entities and quantities first, derived indicator spans after; no overlaps
        ordered = sorted(bucket.items(), key=lambda kv: (kv[1][0] == "INDICATOR", kv[0]))
        for (s, e), (label, role) in ordered:
            k = bisect_left(kept_starts, e)
            if k and kept_ends[k - 1] > s:
                continue
            kept_starts.insert(k, s)
            kept_ends.insert(k, e)
            chosen.append((s, e, label, role))
        chosen.sort()
        chosen_by_paragraph[i] = chosen
    return chosen_by_paragraph, links


def facts_to_records(
    document: Document,
    result: DocumentResult,
    doc_id: str | None = None,
    source_name: str | None = None,
    keep_empty: bool = True,
) -> list[Record]:
    """Guide-format records of ``result`` (what ``process_document`` returned for
    ``document``). ``doc_id`` defaults to the file stem, the gold convention."""
    name = source_name or document.name
    doc_id = doc_id or Path(name).stem
    shift = offset_shift(document)
    text = document.text
    paragraphs = document.paragraphs
    spans, links = paragraph_spans(document, result)
    records: list[Record] = []
    for p in paragraphs:
        chosen = spans.get(p.index, [])
        if not chosen and not keep_empty:
            continue
        ids: dict[tuple[int, int], str] = {}
        out_spans = []
        for n, (s, e, label, role) in enumerate(chosen, 1):
            sid = f"s{n}"
            ids[(s, e)] = sid
            out_spans.append(
                Span(
                    sid,
                    s - p.start,
                    e - p.start,
                    label,
                    text[s:e],
                    (role or VALUE) if label in QUANTITY_LABELS else None,
                )
            )
        relations = []
        seen: set[str] = set()
        for i, q, ind in links:
            if i != p.index or q not in ids or ind not in ids or ids[q] in seen:
                continue
            if q == ind:
                continue
            seen.add(ids[q])
            relations.append(Relation(ids[q], ids[ind], "MEASURES"))
        records.append(
            Record(
                id=paragraph_id(doc_id, p.index),
                text=p.text,
                meta=Meta(doc=doc_id, offset=p.start + shift, source=name),
                spans=out_spans,
                relations=relations,
            )
        )
    return records


def scored_entities(document: Document, result: DocumentResult) -> list[EntityRow]:
    """The spans ``facts_to_records`` writes, as entity rows: the tagger's
    entities plus the quantities and INDICATOR spans the facts add, no overlaps."""
    spans, _ = paragraph_spans(document, result)
    return [
        EntityRow(
            doc_id=document.id,
            label=label,
            text=document.text[s:e],
            start=s,
            end=e,
            paragraph=i,
            page=document.page_at(s),
        )
        for i in sorted(spans)
        for s, e, label, _ in spans[i]
    ]
