"""doccano JSONL ⇄ gold JSONL, in both shapes of doccano's sequence labeling.

- ``label`` shape (a sequence-labeling project): ``text`` and
  ``label: [[start, end, "LABEL"], …]``;
- ``relation`` shape (the same project with relations on):
  ``entities: [{"id": 1, "start_offset": 0, "end_offset": 5, "label": "INDICATOR"}, …]``
  and ``relations: [{"from_id": 2, "to_id": 1, "type": "MEASURES"}, …]``,
  so MEASURES links are drawn and kept in doccano itself.

Offsets are code points, end exclusive. Any other key is kept by doccano as the
example's metadata and written back on its export, so both shapes carry:

- ``record_id`` (not ``id``, which doccano's export uses for its own example
  number), ``doc``, ``offset``, ``source`` from ``meta``, ``meta_extra`` for
  any other meta key and ``record_extra`` for unknown record keys;
- ``roles: [[start, end, "value"|"target"|"weight"|"score"], …]``: doccano has
  no per-span attribute, so roles travel by offsets (and cannot be edited there);
- ``span_ids: [[start, end, "s1"], …]``;
- label shape only: ``measures: [[q_start, q_end, i_start, i_end], …]``, a
  MEASURES link from the quantity at q_start:q_end to the INDICATOR at
  i_start:i_end. In the relation shape ``relations`` are the links.

Entity ids of the relation shape are unique across the file (doccano maps
relations to entities by them). On import, a quantity (MONEY, COUNT, PERCENT)
without a ``roles`` entry gets role ``value`` (counted as defaulted); without
``span_ids`` (or when a span moved) spans are numbered s1, s2, … in text order.
A record id missing from the line is ``record_id``, else a string ``id``, else
``<doc>#d<line>``. A line with neither ``label`` nor ``entities`` is an error.

Dropped on import, and reported (``pipeline.annotations.import_notes``): a
``roles`` entry or ``measures`` link whose offsets no longer match a span while
a span still overlaps them (the span was moved or resized in doccano), and a
relation naming an entity that is not on the line. Where the span is gone
altogether (deleted in doccano) the role or link goes with it, with a warning.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pipeline.annotations.import_notes import (
    DEFAULTED,
    DROPPED,
    WARNING,
    ImportNote,
    raise_on_drops,
)
from pipeline.annotations.records import Meta, Record, RecordError, Relation, Span
from pipeline.resources.vocabulary import QUANTITY_LABELS, RELATION_LABELS, VALUE

SHAPES: tuple[str, ...] = ("label", "relation")
MEASURES = RELATION_LABELS[0]

# ------------------------------------------------------------------ export


def _metadata(record: Record) -> dict[str, Any]:
    """The keys doccano keeps as metadata: what its spans cannot hold."""
    meta: dict[str, Any] = {
        "record_id": record.id,
        "doc": record.meta.doc,
        "offset": record.meta.offset,
    }
    if record.meta.source is not None:
        meta["source"] = record.meta.source
    if record.meta.extra:
        meta["meta_extra"] = record.meta.extra
    if record.extra:
        meta["record_extra"] = record.extra
    meta["roles"] = [[s.start, s.end, s.role] for s in record.spans if s.role is not None]
    meta["span_ids"] = [[s.start, s.end, s.id] for s in record.spans]
    return meta


def record_to_doccano(record: Record) -> dict[str, Any]:
    """The label shape: ``label`` triples, links in ``measures``."""
    by_id = {s.id: s for s in record.spans}
    line: dict[str, Any] = {
        "text": record.text,
        "label": [[s.start, s.end, s.label] for s in record.spans],
        **_metadata(record),
    }
    line["measures"] = [
        [by_id[r.from_id].start, by_id[r.from_id].end, by_id[r.to_id].start, by_id[r.to_id].end]
        for r in record.relations
        if r.label == MEASURES and r.from_id in by_id and r.to_id in by_id
    ]
    return line


def record_to_doccano_relation(record: Record, first_entity_id: int = 1) -> dict[str, Any]:
    """The relation shape: ``entities`` numbered from ``first_entity_id``, and
    ``relations`` between them. A relation naming no span of the record is an
    error (``validate`` lists it) rather than a link lost on the way."""
    number = {s.id: first_entity_id + n for n, s in enumerate(record.spans)}
    relations = []
    for r in record.relations:
        if r.from_id not in number or r.to_id not in number:
            raise RecordError(
                f"record {record.id}: relation {r.from_id}->{r.to_id} names no span "
                "(run `perf-facts annotate validate`)"
            )
        relations.append({"from_id": number[r.from_id], "to_id": number[r.to_id], "type": r.label})
    entities = [
        {"id": number[s.id], "start_offset": s.start, "end_offset": s.end, "label": s.label}
        for s in record.spans
    ]
    return {"text": record.text, "entities": entities, "relations": relations, **_metadata(record)}


def write_doccano(records: Iterable[Record], path: str | Path, shape: str = "label") -> Path:
    if shape not in SHAPES:
        raise ValueError(f"unknown doccano shape {shape!r}: choose {' or '.join(SHAPES)}")
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    next_id = 1
    with path.open("w", encoding="utf-8", newline="\n") as fh:
        for r in records:
            if shape == "relation":
                line = record_to_doccano_relation(r, next_id)
                next_id += len(r.spans)
            else:
                line = record_to_doccano(r)
            fh.write(json.dumps(line, ensure_ascii=False) + "\n")
    return path


# ------------------------------------------------------------------ import


@dataclass(slots=True)
class _Entity:
    start: int
    end: int
    label: str
    key: Any = None  # the entity id of the relation shape


def _int(value: Any, what: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise RecordError(f"{what} must be an integer, not {value!r}")
    return value


def _read_entities(line: dict[str, Any]) -> list[_Entity]:
    """The spans of either shape; RecordError when the line has neither."""
    if "entities" in line:
        if line.get("label") or line.get("labels"):
            raise RecordError("a line has either 'label' or 'entities', not both")
        raw = line["entities"]
        if not isinstance(raw, list) or not all(isinstance(e, dict) for e in raw):
            raise RecordError("'entities' must be a list of objects")
        out = [
            _Entity(
                _int(e.get("start_offset"), "start_offset"),
                _int(e.get("end_offset"), "end_offset"),
                str(e.get("label")),
                e.get("id"),
            )
            for e in raw
        ]
        keys = [e.key for e in out if e.key is not None]
        if len(keys) != len(set(keys)):
            raise RecordError("two entities share an id")
        return out
    if "label" not in line and "labels" not in line:
        raise RecordError(
            "neither 'label' nor 'entities': not a doccano sequence-labeling line "
            "(a gold record needs no import)"
        )
    raw = line.get("label", line.get("labels"))
    if not isinstance(raw, list):
        raise RecordError("'label' must be a list of [start, end, LABEL]")
    out = []
    for item in raw:
        if not (isinstance(item, list | tuple) and len(item) == 3):
            raise RecordError(f"bad label entry {item!r}: expected [start, end, LABEL]")
        out.append(_Entity(_int(item[0], "start"), _int(item[1], "end"), str(item[2])))
    return out


def _identify(entities: list[_Entity], span_ids: list[Any] | None) -> list[tuple[str, _Entity]]:
    """(span id, entity): the ``span_ids`` order and ids where every entity is
    listed there (doccano may reorder labels), else text order, s1, s2, …"""
    ids = {(int(s), int(e)): str(i) for s, e, i in span_ids or []}
    if ids and all((x.start, x.end) in ids for x in entities):
        rank = {key: n for n, key in enumerate(ids)}
        ordered = sorted(entities, key=lambda x: rank[(x.start, x.end)])
        return [(ids[(x.start, x.end)], x) for x in ordered]
    ordered = sorted(entities, key=lambda x: (x.start, x.end, x.label))
    return [(f"s{n}", x) for n, x in enumerate(ordered, 1)]


@dataclass(slots=True)
class _Reader:
    """One line's spans, roles and links, with notes on what did not fit."""

    text: str
    where: str
    notes: list[ImportNote]
    spans: list[Span] = field(default_factory=list)

    def note(self, message: str, kind: str = WARNING) -> None:
        self.notes.append(ImportNote(self.where, message, kind))

    def overlapping(self, start: int, end: int) -> list[Span]:
        return [s for s in self.spans if s.start < end and start < s.end]

    def place(self, ids: list[tuple[str, _Entity]], roles_given: list[Any] | None) -> None:
        roles = {(int(s), int(e)): str(r) for s, e, r in roles_given or []}
        for sid, x in ids:
            role = roles.pop((x.start, x.end), None)
            if role is not None and x.label not in QUANTITY_LABELS:
                self.note(f"role {role!r} of {sid} left out: its label is now {x.label}")
                role = None
            if role is None and x.label in QUANTITY_LABELS:
                role = VALUE
                self.note(
                    f"{sid} {x.label} {self.text[x.start : x.end]!r}: role {VALUE}", DEFAULTED
                )
            self.spans.append(Span(sid, x.start, x.end, x.label, self.text[x.start : x.end], role))
        for (start, end), role in roles.items():
            near = self.overlapping(start, end)
            if not near:
                self.note(f"role {role!r} at {start}-{end} left out: its span was deleted")
                continue
            self.note(
                f"role {role!r} at {start}-{end} matches no span; "
                f"{', '.join(s.id for s in near)} overlap(s) it (moved or resized?)",
                DROPPED,
            )

    def measures(self, entries: list[Any]) -> list[Relation]:
        at = {(s.start, s.end): s.id for s in self.spans}
        out = []
        for qs, qe, is_, ie in entries:
            q, i = at.get((qs, qe)), at.get((is_, ie))
            if q is not None and i is not None:
                out.append(Relation(q, i, MEASURES))
                continue
            link = f"MEASURES {qs}-{qe} -> {is_}-{ie}"
            if not self.overlapping(qs, qe) or not self.overlapping(is_, ie):
                self.note(f"{link} left out: one of its spans was deleted")
            else:
                self.note(f"{link} matches no pair of spans (moved or resized?)", DROPPED)
        return out

    def relations(self, raw: Any, ids: list[tuple[str, _Entity]]) -> list[Relation]:
        if not isinstance(raw, list) or not all(isinstance(r, dict) for r in raw):
            raise RecordError("'relations' must be a list of objects")
        by_key = {x.key: sid for sid, x in ids if x.key is not None}
        out = []
        for r in raw:
            q, i = by_key.get(r.get("from_id")), by_key.get(r.get("to_id"))
            if q is None or i is None:
                self.note(
                    f"relation {r.get('from_id')}->{r.get('to_id')} {r.get('type')}: "
                    "no such entity on this line",
                    DROPPED,
                )
                continue
            out.append(Relation(q, i, str(r.get("type"))))
        return out


def _doc_and_id(line: dict[str, Any], lineno: int) -> tuple[str, str]:
    doc = line.get("doc")
    rid = line.get("record_id")
    if rid is None and isinstance(line.get("id"), str):
        rid = line["id"]
    if doc is None and isinstance(rid, str) and "#" in rid:
        doc = rid.split("#", 1)[0]
    if doc is None:
        raise RecordError("no 'doc' (nor a record_id of the form '<doc>#…')")
    return doc, rid if rid is not None else f"{doc}#d{lineno:04d}"


def doccano_to_record(
    line: dict[str, Any],
    lineno: int = 0,
    notes: list[ImportNote] | None = None,
    where: str | None = None,
) -> Record:
    """One doccano line (either shape) → one record. What it cannot keep goes to
    ``notes``; without a list, a drop raises ``DroppedError``."""
    if not isinstance(line, dict) or not isinstance(line.get("text"), str):
        raise RecordError("a doccano line needs a string 'text'")
    doc, rid = _doc_and_id(line, lineno)
    entities = _read_entities(line)
    reader = _Reader(line["text"], where or f"line {lineno}", [] if notes is None else notes)
    ids = _identify(entities, line.get("span_ids"))
    reader.place(ids, line.get("roles"))
    if "entities" in line:
        relations = reader.relations(line.get("relations") or [], ids)
    else:
        relations = reader.measures(line.get("measures") or [])
    if notes is None:
        raise_on_drops(reader.notes)
    return Record(
        id=rid,
        text=line["text"],
        meta=Meta(
            doc=doc,
            offset=int(line.get("offset", 0)),
            source=line.get("source"),
            extra=dict(line.get("meta_extra") or {}),
        ),
        spans=reader.spans,
        relations=relations,
        extra=dict(line.get("record_extra") or {}),
    )


def read_doccano(*paths: str | Path, notes: list[ImportNote] | None = None) -> list[Record]:
    """Records from doccano JSONL files (its export, or our export-doccano).
    What the import cannot keep goes to ``notes``; without a list, any drop
    raises ``DroppedError`` after reading every file."""
    collected: list[ImportNote] = [] if notes is None else notes
    records = []
    for path in map(Path, paths):
        with path.open(encoding="utf-8") as fh:
            for lineno, raw in enumerate(fh, 1):
                if not raw.strip():
                    continue
                where = f"{path}:{lineno}"
                try:
                    line = json.loads(raw)
                    records.append(doccano_to_record(line, lineno, collected, where))
                except (RecordError, json.JSONDecodeError, ValueError, TypeError) as exc:
                    raise RecordError(f"{where}: {exc}") from exc
    if notes is None:
        raise_on_drops(collected)
    return records
