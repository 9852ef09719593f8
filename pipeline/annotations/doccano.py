"""doccano JSONL ⇄ gold JSONL.

doccano's sequence-labeling format is one JSON object a line with ``text`` and
``label: [[start, end, "LABEL"], …]`` (code-point offsets, end exclusive); any
other key is kept by doccano as the example's metadata and written back on its
export. That format has no roles and no relations, so export writes them as
metadata keys, and import reads them back when present:

- ``record_id``: the record id (not ``id``, which doccano's export uses for its
  own example number), plus ``doc``, ``offset``, ``source`` from ``meta`` and
  ``meta_extra`` for any other meta key;
- ``roles: [[start, end, "value"|"target"|"weight"|"score"], …]`` for quantities;
- ``span_ids: [[start, end, "s1"], …]``;
- ``measures: [[q_start, q_end, i_start, i_end], …]``: a MEASURES relation from
  the quantity at q_start:q_end to the INDICATOR at i_start:i_end.

On import, a quantity (MONEY, COUNT, PERCENT) without a ``roles`` entry gets
role ``value``; without ``span_ids`` spans are numbered s1, s2, … in text
order; without ``measures`` the record has no relations. A record id missing
from the line is ``record_id``, else a string ``id``, else ``<doc>#d<line>``.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from pipeline.annotations.records import Meta, Record, RecordError, Relation, Span
from pipeline.resources.vocabulary import QUANTITY_LABELS


def record_to_doccano(record: Record) -> dict[str, Any]:
    by_id = {s.id: s for s in record.spans}
    line: dict[str, Any] = {
        "text": record.text,
        "label": [[s.start, s.end, s.label] for s in record.spans],
        "record_id": record.id,
        "doc": record.meta.doc,
        "offset": record.meta.offset,
    }
    if record.meta.source is not None:
        line["source"] = record.meta.source
    if record.meta.extra:
        line["meta_extra"] = record.meta.extra
    if record.extra:
        line["record_extra"] = record.extra
    line["roles"] = [[s.start, s.end, s.role] for s in record.spans if s.role is not None]
    line["span_ids"] = [[s.start, s.end, s.id] for s in record.spans]
    line["measures"] = [
        [by_id[r.from_id].start, by_id[r.from_id].end, by_id[r.to_id].start, by_id[r.to_id].end]
        for r in record.relations
        if r.label == "MEASURES" and r.from_id in by_id and r.to_id in by_id
    ]
    return line


def doccano_to_record(line: dict[str, Any], lineno: int = 0) -> Record:
    if not isinstance(line, dict) or not isinstance(line.get("text"), str):
        raise RecordError("a doccano line needs a string 'text'")
    text: str = line["text"]
    raw_labels = line.get("label", line.get("labels", []))
    if not isinstance(raw_labels, list):
        raise RecordError("'label' must be a list of [start, end, LABEL]")
    doc = line.get("doc")
    rid = line.get("record_id")
    if rid is None and isinstance(line.get("id"), str):
        rid = line["id"]
    if doc is None and isinstance(rid, str) and "#" in rid:
        doc = rid.split("#", 1)[0]
    if doc is None:
        raise RecordError("no 'doc' (nor a record_id of the form '<doc>#…')")
    if rid is None:
        rid = f"{doc}#d{lineno:04d}"

    roles = {(s, e): r for s, e, r in line.get("roles") or []}
    ids = {(s, e): i for s, e, i in line.get("span_ids") or []}
    triples = []
    for item in raw_labels:
        if not (isinstance(item, list | tuple) and len(item) == 3):
            raise RecordError(f"bad label entry {item!r}: expected [start, end, LABEL]")
        triples.append((int(item[0]), int(item[1]), str(item[2])))
    # doccano may reorder labels; use span_ids order if given, else text order
    if ids and all((s, e) in ids for s, e, _ in triples):
        order = {key: n for n, key in enumerate(ids)}
        triples.sort(key=lambda t: order[(t[0], t[1])])
    else:
        triples.sort()
        ids = {}
    spans: list[Span] = []
    for n, (start, end, label) in enumerate(triples, 1):
        role = roles.get((start, end))
        if label in QUANTITY_LABELS and role is None:
            role = "value"
        if label not in QUANTITY_LABELS:
            role = None
        spans.append(Span(ids.get((start, end), f"s{n}"), start, end, label, text[start:end], role))
    at = {(s.start, s.end): s.id for s in spans}
    relations = []
    for qs, qe, is_, ie in line.get("measures") or []:
        if (qs, qe) in at and (is_, ie) in at:
            relations.append(Relation(at[(qs, qe)], at[(is_, ie)], "MEASURES"))
    extra = dict(line.get("record_extra") or {})
    return Record(
        id=rid,
        text=text,
        meta=Meta(
            doc=doc,
            offset=int(line.get("offset", 0)),
            source=line.get("source"),
            extra=dict(line.get("meta_extra") or {}),
        ),
        spans=spans,
        relations=relations,
        extra=extra,
    )


def write_doccano(records: Iterable[Record], path: str | Path) -> Path:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="\n") as fh:
        for r in records:
            fh.write(json.dumps(record_to_doccano(r), ensure_ascii=False) + "\n")
    return path


def read_doccano(*paths: str | Path) -> list[Record]:
    """Records from doccano JSONL files (its export, or our export-doccano)."""
    records = []
    for path in map(Path, paths):
        with path.open(encoding="utf-8") as fh:
            for lineno, raw in enumerate(fh, 1):
                if not raw.strip():
                    continue
                try:
                    records.append(doccano_to_record(json.loads(raw), lineno))
                except (RecordError, json.JSONDecodeError, ValueError, TypeError) as exc:
                    raise RecordError(f"{path}:{lineno}: {exc}") from exc
    return records
