"""One Label Studio task per document (``export-ls --per-document``).

A paragraph task shows one record; annotators then judge a line like
``该指标分值3分`` without the heading above it. A document task shows all of a
document's records, joined by a blank line, and says where each one lies::

    {"data": {"text": "<record 1>\\n\\n<record 2>…", "doc": "<doc>",
              "id": "2 paragraphs",            # a caption for the config's header
              "paragraphs": [{"id": "<doc>#p0001", "offset": 6, "start": 0, "end": 38,
                              "source": "<doc>.txt"}, …]}}

``start``/``end``: code points of ``data.text`` (end exclusive) holding the
record's text; ``offset``: the record's ``meta.offset`` in the source file;
``meta_extra``/``record_extra`` as in paragraph tasks. Region ids are
``p<k>_<span id>`` (k: index in ``paragraphs``) and region offsets count UTF-16
units of the whole text, like every Label Studio offset.

Import splits the chosen annotation back into one result per paragraph, and
each goes through the paragraph import (``labelstudio.record_from_result``).
Relations stay inside a record (the guide), so a region across two paragraphs,
or a relation between regions of two paragraphs, cannot be kept: it is
reported as dropped (``import_notes``).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from pipeline.annotations.import_notes import DROPPED, WARNING, ImportNote
from pipeline.annotations.ls_predictions import PredictionSource, prediction, prediction_item
from pipeline.annotations.ls_results import (
    FROM_LABEL,
    FROM_ROLE,
    LabelStudioError,
    spans_to_result,
    utf16_offsets,
)
from pipeline.annotations.records import Record

PARAGRAPH_SEPARATOR = "\n\n"
_REGION_ID = re.compile(r"^p(\d+)_(.+)$")

# ------------------------------------------------------------------ export


def _paragraph_entry(record: Record, start: int) -> dict[str, Any]:
    entry: dict[str, Any] = {
        "id": record.id,
        "offset": record.meta.offset,
        "start": start,
        "end": start + len(record.text),
    }
    if record.meta.source is not None:
        entry["source"] = record.meta.source
    if record.meta.extra:
        entry["meta_extra"] = record.meta.extra
    if record.extra:
        entry["record_extra"] = record.extra
    return entry


def _shifted(items: list[dict[str, Any]], k: int, shift16: int) -> list[dict[str, Any]]:
    """A record's result items placed in the document: ids prefixed, offsets moved."""
    out = []
    for item in items:
        item = dict(item)
        if "id" in item:
            item["id"] = f"p{k}_{item['id']}"
        if "value" in item:
            value = dict(item["value"])
            value["start"] += shift16
            value["end"] += shift16
            item["value"] = value
        if item.get("type") == "relation":
            item["from_id"], item["to_id"] = f"p{k}_{item['from_id']}", f"p{k}_{item['to_id']}"
        out.append(item)
    return out


def document_task(
    records: Sequence[Record], *, annotations: bool, predictions: PredictionSource | None
) -> dict[str, Any]:
    """The task of one document's records (in the order given)."""
    text = PARAGRAPH_SEPARATOR.join(r.text for r in records)
    table = utf16_offsets(text)
    paragraphs, gold, predicted, scores = [], [], [], []
    start = 0
    for k, rec in enumerate(records):
        paragraphs.append(_paragraph_entry(rec, start))
        if annotations:
            gold += _shifted(spans_to_result(rec), k, table[start])
        if predictions is not None:
            guess, by_span = prediction(predictions, rec)
            predicted += _shifted(spans_to_result(guess, by_span), k, table[start])
            scores += by_span.values()
        start += len(rec.text) + len(PARAGRAPH_SEPARATOR)
    data = {
        "text": text,
        "doc": records[0].meta.doc,
        "id": f"{len(records)} paragraphs",
        "paragraphs": paragraphs,
    }
    task: dict[str, Any] = {"data": data}
    if annotations:
        task["annotations"] = [{"result": gold}]
    if predictions is not None:
        task["predictions"] = [prediction_item(predictions, predicted, scores)]
    return task


# ------------------------------------------------------------------ import


def is_document_task(task: dict[str, Any]) -> bool:
    data = task.get("data")
    return isinstance(data, dict) and "paragraphs" in data


def _paragraphs(data: dict[str, Any], where: str) -> list[dict[str, Any]]:
    text = data.get("text")
    paragraphs = data.get("paragraphs")
    if not isinstance(text, str) or "doc" not in data or not isinstance(paragraphs, list):
        raise LabelStudioError(f"{where}: a document task needs data.text, doc and paragraphs")
    for p in paragraphs:
        if not isinstance(p, dict) or not all(k in p for k in ("id", "offset", "start", "end")):
            raise LabelStudioError(f"{where}: each paragraph needs id, offset, start and end")
        if not 0 <= p["start"] <= p["end"] <= len(text):
            raise LabelStudioError(f"{where}: paragraph {p['id']} lies outside data.text")
    return paragraphs


def _record_data(data: dict[str, Any], p: dict[str, Any]) -> dict[str, Any]:
    """A paragraph as the ``data`` of a paragraph task."""
    out = {"text": data["text"][p["start"] : p["end"]], "doc": data["doc"], "offset": p["offset"]}
    for key in ("source", "id", "meta_extra", "record_extra"):
        if key in p:
            out[key] = p[key]
    return out


class _Splitter:
    """Sorts a document's result items into its paragraphs."""

    def __init__(self, data: dict[str, Any], where: str, notes: list[ImportNote]) -> None:
        self.text: str = data["text"]
        self.paragraphs = _paragraphs(data, where)
        self.where = where
        self.notes = notes
        table = utf16_offsets(self.text)
        self.index16 = {o: i for i, o in enumerate(table)}
        self.tables = [utf16_offsets(self.text[p["start"] : p["end"]]) for p in self.paragraphs]
        self.home: dict[str, tuple[int, str, dict[str, int]]] = {}  # region id → k, id, value
        self.results: list[list[dict[str, Any]]] = [[] for _ in self.paragraphs]

    def note(self, message: str, kind: str = DROPPED) -> None:
        self.notes.append(ImportNote(self.where, message, kind))

    def _paragraph_of(self, start: int, end: int) -> int | None:
        for k, p in enumerate(self.paragraphs):
            if p["start"] <= start and end <= p["end"]:
                return k
        return None

    def region(self, item: dict[str, Any]) -> None:
        rid, value = item.get("id"), item.get("value") or {}
        try:
            start, end = self.index16[value["start"]], self.index16[value["end"]]
        except KeyError:
            raise LabelStudioError(
                f"{self.where}: region {rid} offsets {value.get('start')}-{value.get('end')} "
                "do not fall on characters of the text"
            ) from None
        k = self._paragraph_of(start, end)
        if k is None:
            self.note(f"region {rid} {self.text[start:end]!r} is not inside one paragraph")
            return
        if rid in self.home:
            self.note(f"region id {rid} used twice; kept the first")
            return
        m = _REGION_ID.match(str(rid))
        local = m.group(2) if m and int(m.group(1)) == k else str(rid)
        p0, table = self.paragraphs[k]["start"], self.tables[k]
        moved = {"start": table[start - p0], "end": table[end - p0]}
        self.home[rid] = (k, local, moved)
        self.results[k].append({**item, "id": local, "value": {**value, **moved}})

    def role(self, item: dict[str, Any]) -> None:
        rid = item.get("id")
        if rid not in self.home:
            choices = (item.get("value") or {}).get("choices")
            self.note(f"role {choices} for region {rid}, which is not kept")
            return
        k, local, moved = self.home[rid]
        value = {**(item.get("value") or {}), **moved}
        self.results[k].append({**item, "id": local, "value": value})

    def relation(self, item: dict[str, Any]) -> None:
        ends = [self.home.get(item.get(key)) for key in ("from_id", "to_id")]
        link = f"relation {item.get('from_id')}->{item.get('to_id')}"
        if ends[0] is None or ends[1] is None:
            self.note(f"{link}: a region it links is not kept")
        elif ends[0][0] != ends[1][0]:
            self.note(f"{link} joins paragraphs {ends[0][0]} and {ends[1][0]}")
        else:
            k = ends[0][0]
            self.results[k].append({**item, "from_id": ends[0][1], "to_id": ends[1][1]})


def split_document(
    data: dict[str, Any], result: list[dict[str, Any]], where: str, notes: list[ImportNote]
) -> list[tuple[dict[str, Any], list[dict[str, Any]]]]:
    """(paragraph task data, its result items) for each paragraph, in order."""
    splitter = _Splitter(data, where, notes)
    kinds = [(it.get("type"), it.get("from_name")) for it in result]
    for item, kind in zip(result, kinds, strict=True):
        if kind == ("labels", FROM_LABEL):
            splitter.region(item)
    for item, kind in zip(result, kinds, strict=True):
        if kind == ("choices", FROM_ROLE):
            splitter.role(item)
        elif kind[0] == "relation":
            splitter.relation(item)
        elif kind != ("labels", FROM_LABEL):
            splitter.note(f"ignored result item {kind[1]}/{kind[0]}", WARNING)
    return [(_record_data(data, p), splitter.results[k]) for k, p in enumerate(splitter.paragraphs)]
