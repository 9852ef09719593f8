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
     "predictions": [{"model_version": "rules/quantities", "score": 1.0,
                      "result": [...]}]}                   # --predictions

``--per-document`` writes one task per document instead, its records joined
with their offsets in ``data.paragraphs`` (``ls_documents``). Prediction
scores: ``ls_predictions``. ``result`` items (offsets: ``ls_results``)::

    {"id": "s2", "from_name": "label", "to_name": "text", "type": "labels",
     "value": {"start": 6, "end": 15, "text": "169.57 万元", "labels": ["MONEY"]}}
    {"id": "s2", "from_name": "role", "to_name": "text", "type": "choices",
     "value": {"start": 6, "end": 15, "text": "169.57 万元", "choices": ["value"]}}
    {"from_id": "s2", "to_id": "s1", "type": "relation", "direction": "right",
     "labels": ["MEASURES"]}

(in predictions, the labels items also carry their ``score``). Region ids are
the gold span ids. Meta keys other than doc/offset/source, and unknown record
keys, travel in ``data.meta_extra`` / ``data.record_extra``.

Import reads Label Studio's full JSON export (a list of tasks with ``data`` and
``annotations``; not JSON-MIN). Per task it takes one annotation: the
``ground_truth`` one if any, else the most recently updated; cancelled
(skipped) annotations are ignored. A task without one becomes a record with no
spans (``--use-predictions`` falls back to its latest prediction instead;
Label Studio's plain JSON export lists predictions by id only, its export
snapshots with ``serialization_options.predictions.only_id = false`` in full).
Regions drawn in the UI get random ids; when a record has any id that is not
``s<N>``, its spans are renumbered s1, s2, … in text order and relations follow.
What cannot be kept (a second label on a region, a role of a region that is not
there) is reported as an ``ImportNote`` of kind ``dropped``.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Sequence
from importlib import resources
from pathlib import Path
from typing import Any

from pipeline.annotations.import_notes import DROPPED, ImportNote
from pipeline.annotations.ls_documents import document_task, is_document_task, split_document
from pipeline.annotations.ls_predictions import PredictionSource, predict_task, predictor_for
from pipeline.annotations.ls_results import (
    FROM_LABEL,
    FROM_ROLE,
    LabelStudioError,
    from_utf16,
    spans_to_result,
    to_utf16,
    utf16_offsets,
)
from pipeline.annotations.records import Meta, Record, Relation, Span
from pipeline.resources.vocabulary import QUANTITY_LABELS, RELATION_LABELS

__all__ = [
    "LabelStudioError",
    "PredictionSource",
    "from_utf16",
    "labeling_config",
    "predictor_for",
    "read_export",
    "records_to_tasks",
    "spans_to_result",
    "task_to_records",
    "tasks_to_records",
    "to_utf16",
    "utf16_offsets",
    "write_tasks",
]

_GOLD_ID = re.compile(r"^s\d+$")


def labeling_config() -> str:
    """The Label Studio labeling config XML shipped with the package."""
    return (resources.files("pipeline.resources") / "label_studio.xml").read_text(encoding="utf-8")


# ------------------------------------------------------------ export


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


def records_to_tasks(
    records: Iterable[Record],
    *,
    annotations: bool = True,
    predictions: PredictionSource | None = None,
    per_document: bool = False,
) -> list[dict[str, Any]]:
    """Label Studio import tasks. ``annotations``: the records' spans as a
    (completed) annotation. ``predictions``: pre-annotations for annotators to
    correct. ``per_document``: one task per document (its records in the
    order given) instead of one per record."""
    if per_document:
        by_doc: dict[str, list[Record]] = {}
        for rec in records:
            by_doc.setdefault(rec.doc, []).append(rec)
        return [
            document_task(group, annotations=annotations, predictions=predictions)
            for group in by_doc.values()
        ]
    tasks = []
    for rec in records:
        task: dict[str, Any] = {"data": task_data(rec)}
        if annotations:
            task["annotations"] = [{"result": spans_to_result(rec)}]
        if predictions is not None:
            task["predictions"] = [predict_task(predictions, rec)]
        tasks.append(task)
    return tasks


def write_tasks(tasks: Sequence[dict[str, Any]], path: str | Path) -> Path:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(list(tasks), ensure_ascii=False, indent=1) + "\n", "utf-8")
    return path


# ------------------------------------------------------------ import


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
    item: dict[str, Any], text: str, index16: dict[int, int], where: str, warn: list[ImportNote]
) -> dict[str, Any] | None:
    """A labels result item as {start, end, label} in characters of ``text``;
    None when it has no label."""
    rid = item.get("id")
    value = item.get("value") or {}
    labels = value.get("labels") or []
    if len(labels) != 1:
        kept = "kept the first" if labels else "dropped the region"
        warn.append(ImportNote(where, f"region {rid} has labels {labels}; {kept}", DROPPED))
    if not labels:
        return None
    try:
        start, end = index16[value["start"]], index16[value["end"]]
    except KeyError:
        raise LabelStudioError(
            f"{where}: region {rid} offsets {value.get('start')}-{value.get('end')} "
            "do not fall on characters of the text"
        ) from None
    if "text" in value and value["text"] != text[start:end]:
        warn.append(
            ImportNote(
                where,
                f"region {rid}: value.text {value['text']!r} != text[start:end] "
                f"{text[start:end]!r}; the offsets win",
            )
        )
    return {"start": start, "end": end, "label": labels[0]}


def _read_items(
    result: list[dict[str, Any]], text: str, where: str, warn: list[ImportNote]
) -> tuple[dict[str, dict[str, Any]], dict[str, str], list[tuple[str, str, str]]]:
    """Regions (in result order), roles by region id, and relations of a result."""
    index16 = {o: i for i, o in enumerate(utf16_offsets(text))}
    regions: dict[str, dict[str, Any]] = {}  # region id -> {start, end, label}
    roles: dict[str, str] = {}
    rels: list[tuple[str, str, str]] = []
    for item in result:
        typ = item.get("type")
        if typ == "relation":
            for label in item.get("labels") or [RELATION_LABELS[0]]:
                rels.append((item["from_id"], item["to_id"], label))
            continue
        rid = item.get("id")
        if typ == "labels" and item.get("from_name") == FROM_LABEL:
            region = _label_region(item, text, index16, where, warn)
            if region is None:
                continue
            if rid in regions:
                warn.append(
                    ImportNote(where, f"region id {rid} used twice; kept the first", DROPPED)
                )
                continue
            regions[rid] = region
        elif typ == "choices" and item.get("from_name") == FROM_ROLE:
            choices = (item.get("value") or {}).get("choices") or []
            if choices:
                roles[rid] = choices[0]
        else:
            warn.append(ImportNote(where, f"ignored result item {item.get('from_name')}/{typ}"))
    return regions, roles, rels


def record_from_result(
    data: dict[str, Any],
    result: list[dict[str, Any]],
    where: str,
    *,
    renumber: bool | None = None,
    default_role: str | None = None,
    warnings: list[ImportNote] | None = None,
) -> Record:
    """The record of a paragraph task's ``data`` and one annotation's ``result``."""
    warn = warnings if warnings is not None else []
    text: str = data["text"]
    regions, roles, rels = _read_items(result, text, where, warn)
    spans: list[Span] = []
    for rid, r in regions.items():
        role = roles.get(rid)
        if role is None and r["label"] in QUANTITY_LABELS:
            role = default_role
        spans.append(Span(rid, r["start"], r["end"], r["label"], text[r["start"] : r["end"]], role))
    for rid in roles:
        if rid not in regions:
            warn.append(ImportNote(where, f"role for unknown region {rid} ignored", DROPPED))
    relations = [Relation(f, t, lab) for f, t, lab in rels]
    if renumber or (renumber is None and not all(_GOLD_ID.match(s.id) for s in spans)):
        spans, relations = _renumber(spans, relations)
    meta = Meta(
        doc=data["doc"],
        offset=int(data["offset"]),
        source=data.get("source"),
        extra=dict(data.get("meta_extra") or {}),
    )
    extra = dict(data.get("record_extra") or {})
    return Record(data["id"], text, meta, spans, relations, extra)


def task_to_records(
    task: dict[str, Any],
    *,
    use_predictions: bool = False,
    renumber: bool | None = None,
    default_role: str | None = None,
    warnings: list[ImportNote] | None = None,
) -> list[Record]:
    """One exported task → its record (a paragraph task) or records (a
    document task). ``renumber``: None renumbers only records whose region ids
    are not all ``s<N>``."""
    warn = warnings if warnings is not None else []
    options = {"renumber": renumber, "default_role": default_role, "warnings": warn}
    if is_document_task(task):
        where = f"task {task.get('id', task['data'].get('doc'))}"
        result = _pick_annotation(task, use_predictions) or []
        pieces = split_document(task["data"], result, where, warn)
        return [record_from_result(data, part, where, **options) for data, part in pieces]
    data = _task_data(task)
    where = f"task {task.get('id', data['id'])}"
    result = _pick_annotation(task, use_predictions) or []
    return [record_from_result(data, result, where, **options)]


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
        record
        for t in tasks
        for record in task_to_records(
            t,
            use_predictions=use_predictions,
            renumber=renumber,
            default_role=default_role,
            warnings=warnings,
        )
    ]
    return records, warnings


def read_export(path: str | Path) -> list[dict[str, Any]]:
    return json.loads(Path(path).read_text(encoding="utf-8"))
