"""Label Studio round trip: gold JSONL ⇄ Label Studio tasks and JSON exports.

Labeling config: ``pipeline/resources/label_studio.xml`` (``perf-facts annotate
ls-config`` prints it). Its control names are the contract of this module:

- ``<Labels name="label" toName="text">``: one region per span;
- ``<Choices name="role" toName="text" perRegion="true">``: the role of a
  quantity, one ``choices`` result item per region, sharing the region's id;
- ``<Relations><Relation value="MEASURES"/>``: relation items between regions.

Task (import) format, one per record, as Label Studio documents it::

    {"data": {"text": "...", "doc": "<doc>", "offset": 1234, "source": "<doc>.txt",
              "id": "<doc>#p0042"},
     "annotations": [{"result": [...]}],                   # --annotations gold
     "predictions": [{"model_version": "rules", "result": [...]}]}   # --predictions

``result`` items::

    {"id": "s2", "from_name": "label", "to_name": "text", "type": "labels",
     "value": {"start": 6, "end": 15, "text": "169.57 万元", "labels": ["MONEY"]}}
    {"id": "s2", "from_name": "role", "to_name": "text", "type": "choices",
     "value": {"start": 6, "end": 15, "text": "169.57 万元", "choices": ["value"]}}
    {"from_id": "s2", "to_id": "s1", "type": "relation", "direction": "right",
     "labels": ["MEASURES"]}

Region ids are the gold span ids. Offsets: Label Studio counts text offsets in
the browser, in UTF-16 code units; the guide counts code points. Export converts
code points → UTF-16 and import converts back, so a character outside the BMP
(e.g. 𠀀) keeps its span exact. Meta keys other than doc/offset/source, and
unknown record keys, travel in ``data.meta_extra`` / ``data.record_extra``.

Import reads Label Studio's full JSON export (a list of tasks with ``data`` and
``annotations``; not JSON-MIN). Per task it takes one annotation: the
``ground_truth`` one if any, else the most recently updated; cancelled
(skipped) annotations are ignored. A task without one becomes a record with no
spans (``--use-predictions`` falls back to its latest prediction instead;
Label Studio's plain JSON export lists predictions by id only, its export
snapshots with ``serialization_options.predictions.only_id = false`` in full).
Regions drawn in the UI get random ids; when a record has any id that is not
``s<N>``, its spans are renumbered s1, s2, … in text order and relations follow.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from pipeline.annotations.records import Meta, Record, Relation, Span
from pipeline.resources.vocabulary import QUANTITY_LABELS

FROM_LABEL = "label"
FROM_ROLE = "role"
TO_TEXT = "text"
_GOLD_ID = re.compile(r"^s\d+$")


def labeling_config() -> str:
    """The Label Studio labeling config XML shipped with the package."""
    return (resources.files("pipeline.resources") / "label_studio.xml").read_text(encoding="utf-8")


class LabelStudioError(ValueError):
    """An export that cannot be read back into records."""


# ------------------------------------------------------------ offsets


def utf16_offsets(text: str) -> list[int]:
    """``table[i]`` = UTF-16 offset of code point ``i`` (length len(text) + 1)."""
    table = [0]
    for ch in text:
        table.append(table[-1] + (2 if ord(ch) > 0xFFFF else 1))
    return table


def to_utf16(text: str, index: int) -> int:
    return utf16_offsets(text)[index]


def from_utf16(text: str, index16: int) -> int:
    table = utf16_offsets(text)
    try:
        return table.index(index16)
    except ValueError:
        raise LabelStudioError(
            f"offset {index16} falls inside a surrogate pair of {text!r}"
        ) from None


# ------------------------------------------------------------ export


def spans_to_result(record: Record) -> list[dict[str, Any]]:
    """Label Studio ``result`` items for the spans, roles and relations of a record."""
    table = utf16_offsets(record.text)
    result: list[dict[str, Any]] = []
    for s in record.spans:
        value = {"start": table[s.start], "end": table[s.end], "text": s.text}
        result.append(
            {
                "id": s.id,
                "from_name": FROM_LABEL,
                "to_name": TO_TEXT,
                "type": "labels",
                "value": {**value, "labels": [s.label]},
            }
        )
        if s.role is not None:
            result.append(
                {
                    "id": s.id,
                    "from_name": FROM_ROLE,
                    "to_name": TO_TEXT,
                    "type": "choices",
                    "value": {**value, "choices": [s.role]},
                }
            )
    for r in record.relations:
        result.append(
            {
                "from_id": r.from_id,
                "to_id": r.to_id,
                "type": "relation",
                "direction": "right",
                "labels": [r.label],
            }
        )
    return result


def task_data(record: Record) -> dict[str, Any]:
    data: dict[str, Any] = {
        "text": record.text,
        "doc": record.meta.doc,
        "offset": record.meta.offset,
    }
    if record.meta.source is not None:
        data["source"] = record.meta.source
    data["id"] = record.id
    if record.meta.extra:
        data["meta_extra"] = record.meta.extra
    if record.extra:
        data["record_extra"] = record.extra
    return data


Predictor = Callable[[Record], Record]


def records_to_tasks(
    records: Iterable[Record],
    *,
    annotations: bool = True,
    predict: Predictor | None = None,
    model_version: str = "gold",
) -> list[dict[str, Any]]:
    """Label Studio import tasks. ``annotations``: the records' spans as a
    (completed) annotation. ``predict``: a function giving a record with
    predicted spans, written as ``predictions`` for annotators to correct."""
    tasks = []
    for rec in records:
        task: dict[str, Any] = {"data": task_data(rec)}
        if annotations:
            task["annotations"] = [{"result": spans_to_result(rec)}]
        if predict is not None:
            task["predictions"] = [
                {"model_version": model_version, "result": spans_to_result(predict(rec))}
            ]
        tasks.append(task)
    return tasks


def write_tasks(tasks: Sequence[dict[str, Any]], path: str | Path) -> Path:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(list(tasks), ensure_ascii=False, indent=1) + "\n", "utf-8")
    return path


# ------------------------------------------------------------ predictions from rules


def _as_span_tuple(item: Any) -> tuple[int, int, str, str | None]:
    if isinstance(item, dict):
        return item["start"], item["end"], item["label"], item.get("role")
    if hasattr(item, "start_char"):  # a spaCy Span
        role = getattr(item._, "role", None) if item.has_extension("role") else None
        return item.start_char, item.end_char, item.label_, role
    return item.start, item.end, item.label, getattr(item, "role", None)


def _spans_from(text: str, items: Iterable[Any]) -> list[Span]:
    spans = []
    tuples = sorted(_as_span_tuple(i) for i in items)
    for n, (start, end, label, role) in enumerate(tuples, 1):
        if label in QUANTITY_LABELS and role is None:
            role = "value"
        if label not in QUANTITY_LABELS:
            role = None
        spans.append(Span(f"s{n}", start, end, label, text[start:end], role))
    return spans


def rules_predictor() -> Predictor:
    """Predictions from the rule layer (``pipeline.quantities.prefill_spans``);
    quantities get role ``value`` for the annotator to correct."""
    from pipeline.quantities import prefill_spans

    def predict(rec: Record) -> Record:
        return _with_spans(rec, _spans_from(rec.text, prefill_spans(rec.text)))

    return predict


def _with_spans(rec: Record, spans: list[Span]) -> Record:
    return Record(rec.id, rec.text, rec.meta, spans, [], dict(rec.extra))


def predictor_for(kind: str) -> tuple[Predictor | None, str]:
    """(predictor, model_version) for ``--predictions rules|gold|none``."""
    if kind == "none":
        return None, ""
    if kind == "gold":
        return (lambda rec: rec), "gold"
    if kind == "rules":
        return rules_predictor(), "rules"
    raise ValueError(f"unknown predictions source {kind!r}: choose rules, gold or none")


# ------------------------------------------------------------ import


@dataclass(frozen=True, slots=True)
class ImportNote:
    task: Any
    message: str

    def __str__(self) -> str:
        return f"task {self.task}: {self.message}"


def _pick_annotation(task: dict[str, Any], use_predictions: bool) -> list[dict[str, Any]] | None:
    anns = [
        a
        for a in task.get("annotations") or []
        if isinstance(a, dict) and not a.get("was_cancelled")
    ]
    if anns:
        gt = [a for a in anns if a.get("ground_truth")]
        pool = gt or anns
        # the most recent; ISO timestamps sort as strings, and max keeps the
        # last of equals, so an export without timestamps yields its last one
        best = max(enumerate(pool), key=lambda ia: (ia[1].get("updated_at") or "", ia[0]))[1]
        return best.get("result") or []
    if use_predictions:
        preds = [p for p in task.get("predictions") or [] if isinstance(p, dict)]
        if preds:
            return preds[-1].get("result") or []
    return None


def _task_data(task: dict[str, Any]) -> dict[str, Any]:
    """``task["data"]``, checked to hold what export-ls writes."""
    data = task.get("data")
    if not isinstance(data, dict) or "text" not in data:
        raise LabelStudioError(f"task {task.get('id')}: no data.text")
    for key in ("id", "doc", "offset"):
        if key not in data:
            raise LabelStudioError(
                f"task {task.get('id')}: data.{key} missing (tasks must come from export-ls)"
            )
    return data


def _label_region(
    item: dict[str, Any], text: str, index16: dict[int, int], tid: Any, warn: list[ImportNote]
) -> dict[str, Any] | None:
    """A labels result item as {start, end, label} in characters of ``text``;
    None when it has no label."""
    rid = item.get("id")
    value = item.get("value") or {}
    labels = value.get("labels") or []
    if len(labels) != 1:
        warn.append(ImportNote(tid, f"region {rid} has labels {labels}; kept first"))
    if not labels:
        return None
    try:
        start, end = index16[value["start"]], index16[value["end"]]
    except KeyError:
        raise LabelStudioError(
            f"task {tid}: region {rid} offsets {value.get('start')}-{value.get('end')} "
            "do not fall on characters of the text"
        ) from None
    if "text" in value and value["text"] != text[start:end]:
        warn.append(
            ImportNote(
                tid,
                f"region {rid}: value.text {value['text']!r} != text[start:end] "
                f"{text[start:end]!r}; the offsets win",
            )
        )
    return {"start": start, "end": end, "label": labels[0]}


def task_to_record(
    task: dict[str, Any],
    *,
    use_predictions: bool = False,
    renumber: bool | None = None,
    default_role: str | None = None,
    warnings: list[ImportNote] | None = None,
) -> Record:
    """One exported task → one record. ``renumber``: None renumbers only records
    whose region ids are not all ``s<N>``."""
    warn = warnings if warnings is not None else []
    data = _task_data(task)
    text: str = data["text"]
    tid = task.get("id", data["id"])
    meta = Meta(
        doc=data["doc"],
        offset=int(data["offset"]),
        source=data.get("source"),
        extra=dict(data.get("meta_extra") or {}),
    )
    result = _pick_annotation(task, use_predictions) or []
    table = utf16_offsets(text)
    index16 = {o: i for i, o in enumerate(table)}

    regions: dict[str, dict[str, Any]] = {}  # region id -> {start, end, label, role}
    order: list[str] = []
    rels: list[tuple[str, str, str]] = []
    roles: dict[str, str] = {}
    for item in result:
        typ = item.get("type")
        if typ == "relation":
            for label in item.get("labels") or ["MEASURES"]:
                rels.append((item["from_id"], item["to_id"], label))
            continue
        rid = item.get("id")
        value = item.get("value") or {}
        if typ == "labels" and item.get("from_name") == FROM_LABEL:
            region = _label_region(item, text, index16, tid, warn)
            if region is None:
                continue
            if rid in regions:
                warn.append(ImportNote(tid, f"region id {rid} used twice; kept the first"))
                continue
            regions[rid] = region
            order.append(rid)
        elif typ == "choices" and item.get("from_name") == FROM_ROLE:
            choices = value.get("choices") or []
            if choices:
                roles[rid] = choices[0]
        else:
            warn.append(ImportNote(tid, f"ignored result item {item.get('from_name')}/{typ}"))

    spans: list[Span] = []
    for rid in order:
        r = regions[rid]
        role = roles.get(rid)
        if role is None and r["label"] in QUANTITY_LABELS:
            role = default_role
        spans.append(Span(rid, r["start"], r["end"], r["label"], text[r["start"] : r["end"]], role))
    for rid in roles:
        if rid not in regions:
            warn.append(ImportNote(tid, f"role for unknown region {rid} ignored"))

    relations = [Relation(f, t, lab) for f, t, lab in rels]
    if renumber or (renumber is None and not all(_GOLD_ID.match(s.id) for s in spans)):
        spans, relations = _renumber(spans, relations)
    return Record(
        id=data["id"],
        text=text,
        meta=meta,
        spans=spans,
        relations=relations,
        extra=dict(data.get("record_extra") or {}),
    )


def _renumber(spans: list[Span], relations: list[Relation]) -> tuple[list[Span], list[Relation]]:
    ordered = sorted(spans, key=lambda s: (s.start, s.end))
    new_id = {s.id: f"s{i}" for i, s in enumerate(ordered, 1)}
    spans = [Span(new_id[s.id], s.start, s.end, s.label, s.text, s.role) for s in ordered]
    relations = [
        Relation(new_id.get(r.from_id, r.from_id), new_id.get(r.to_id, r.to_id), r.label)
        for r in relations
    ]
    return spans, relations


def tasks_to_records(
    tasks: Sequence[dict[str, Any]],
    *,
    use_predictions: bool = False,
    renumber: bool | None = None,
    default_role: str | None = None,
) -> tuple[list[Record], list[ImportNote]]:
    if not isinstance(tasks, list):
        raise LabelStudioError(
            "expected Label Studio's JSON export: a list of tasks (JSON-MIN is not supported)"
        )
    if all(isinstance(t, dict) and isinstance(t.get("id"), int) for t in tasks):
        tasks = sorted(tasks, key=lambda t: t["id"])  # Label Studio's import order
    warnings: list[ImportNote] = []
    records = [
        task_to_record(
            t,
            use_predictions=use_predictions,
            renumber=renumber,
            default_role=default_role,
            warnings=warnings,
        )
        for t in tasks
    ]
    return records, warnings


def read_export(path: str | Path) -> list[dict[str, Any]]:
    return json.loads(Path(path).read_text(encoding="utf-8"))
