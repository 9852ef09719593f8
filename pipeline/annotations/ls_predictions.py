"""Pre-annotations for Label Studio (``export-ls --predictions``), with scores.

A prediction is ``{"model_version": …, "score": …, "result": […]}``; Label
Studio shows the score per task in its Data Manager and sorts by it.

What ``score`` means here: how sure the source is of a region, from 0 to 1.
Neither source below has a calibrated probability, and they do not pretend to:

- ``rules`` (model_version ``rules/quantities``: the quantity grammar of
  ``pipeline.quantities`` alone, no tagger, no cue words): MONEY, COUNT and
  PERCENT spans. A rule either matches or not, so every region scores 1.0; the
  role ``value`` on each is a placeholder for the annotator to correct and its
  choice carries no score.
- ``gold`` (model_version ``gold``): the records' own spans, roles and links
  (for example pass A shown to a second annotator); a person's decision, 1.0.

A source with per-span confidences (a spancat's scores, a beam NER's) plugs in
through ``span_score``. The task's ``score`` is its least sure region, 1.0
where the source drew none.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from pipeline.annotations.ls_results import spans_to_result
from pipeline.annotations.records import Record, Span
from pipeline.resources.vocabulary import QUANTITY_LABELS, VALUE

Predictor = Callable[[Record], Record]
RULES_VERSION = "rules/quantities"
GOLD_VERSION = "gold"


def certain(_span: Span) -> float:
    """The score of a deterministic source's region: it matched."""
    return 1.0


@dataclass(frozen=True, slots=True)
class PredictionSource:
    model_version: str
    predict: Predictor
    span_score: Callable[[Span], float] = certain


def prediction(source: PredictionSource, record: Record) -> tuple[Record, dict[str, float]]:
    """The predicted record and the score of each of its spans (by span id)."""
    predicted = source.predict(record)
    return predicted, {s.id: source.span_score(s) for s in predicted.spans}


def prediction_item(
    source: PredictionSource, result: list[dict[str, Any]], scores: list[float]
) -> dict[str, Any]:
    return {
        "model_version": source.model_version,
        "score": min(scores, default=1.0),
        "result": result,
    }


def predict_task(source: PredictionSource, record: Record) -> dict[str, Any]:
    """The ``predictions`` entry of one record's task."""
    predicted, scores = prediction(source, record)
    return prediction_item(source, spans_to_result(predicted, scores), list(scores.values()))


# ------------------------------------------------------------------ sources


def _as_span_tuple(item: Any) -> tuple[int, int, str, str | None]:
    if isinstance(item, dict):
        return item["start"], item["end"], item["label"], item.get("role")
    if hasattr(item, "start_char"):  # a spaCy Span
        role = getattr(item._, "role", None) if item.has_extension("role") else None
        return item.start_char, item.end_char, item.label_, role
    return item.start, item.end, item.label, getattr(item, "role", None)


def _spans_from(text: str, items: Any) -> list[Span]:
    spans = []
    tuples = sorted(_as_span_tuple(i) for i in items)
    for n, (start, end, label, role) in enumerate(tuples, 1):
        if label in QUANTITY_LABELS and role is None:
            role = VALUE
        if label not in QUANTITY_LABELS:
            role = None
        spans.append(Span(f"s{n}", start, end, label, text[start:end], role))
    return spans


def rules_source() -> PredictionSource:
    """Quantities from the rule layer (``pipeline.quantities.prefill_spans``);
    role ``value`` for the annotator to correct."""
    from pipeline.quantities import prefill_spans

    def predict(rec: Record) -> Record:
        spans = _spans_from(rec.text, prefill_spans(rec.text))
        return Record(rec.id, rec.text, rec.meta, spans, [], dict(rec.extra))

    return PredictionSource(RULES_VERSION, predict)


def gold_source() -> PredictionSource:
    return PredictionSource(GOLD_VERSION, lambda rec: rec)


def predictor_for(kind: str) -> PredictionSource | None:
    """The source of ``--predictions rules|gold|none`` (None for none)."""
    if kind == "none":
        return None
    if kind == "gold":
        return gold_source()
    if kind == "rules":
        return rules_source()
    raise ValueError(f"unknown predictions source {kind!r}: choose rules, gold or none")
