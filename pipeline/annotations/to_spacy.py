"""Gold JSONL → spaCy ``DocBin`` for training, tokenized by the project tokenizer.

Each record becomes one ``Doc`` (``nlp.make_doc``: tokenizer only) with

- ``doc.ents``: every gold span that aligns to token boundaries
  (``Doc.char_span(..., alignment_mode="strict")``), labelled with its label;
- ``doc.spans["quantities"]``: the MONEY/COUNT/PERCENT spans, with the span
  extensions ``span._.role`` (value/target/weight/score) and ``span._.span_id``;
- ``doc.spans["gold"]``: all aligned gold spans, with ``span._.span_id``;
- ``doc.user_data["perf_facts"]``: the record itself (id, meta, spans with
  character offsets, roles and an ``aligned`` flag, relations), so relation and
  role training can read it without the JSONL.

A span that does not align is never dropped silently: it is returned (and the
CLI reports the count, and lists them with ``--verbose``). After the tokenizer
work the count must be 0; if it is not, fix the tokenizer, not the data.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc, DocBin, Span

from pipeline.annotations.records import Record
from pipeline.resources.vocabulary import QUANTITY_LABELS

USER_DATA_KEY = "perf_facts"
QUANTITIES_GROUP = "quantities"
GOLD_GROUP = "gold"


def register_extensions() -> None:
    """``Span._.role`` and ``Span._.span_id`` (idempotent). Extension values of
    spans are kept in ``doc.user_data`` and so survive the DocBin when it is
    written with ``store_user_data=True``; call this before reading one back.
    (pipeline/extensions.py defines them, with the other extensions.)"""
    from pipeline.extensions import register_extensions as register_all

    register_all()


@dataclass(frozen=True, slots=True)
class Misaligned:
    record_id: str
    span_id: str
    label: str
    start: int
    end: int
    text: str
    tokens: tuple[str, ...]  # the tokens that overlap the span

    def __str__(self) -> str:
        toks = " | ".join(self.tokens)
        return (
            f"{self.record_id} {self.span_id} {self.label} [{self.start}:{self.end}] "
            f"{self.text!r}  tokens: {toks}"
        )


def record_to_doc(nlp: Language, record: Record) -> tuple[Doc, list[Misaligned]]:
    register_extensions()
    doc = nlp.make_doc(record.text)
    misaligned: list[Misaligned] = []
    ents: list[Span] = []
    quantities: list[Span] = []
    aligned_ids: set[str] = set()
    for s in record.spans:
        span = doc.char_span(s.start, s.end, label=s.label, alignment_mode="strict")
        if span is None:
            overlapping = tuple(
                t.text for t in doc if t.idx < s.end and t.idx + len(t.text) > s.start
            )
            misaligned.append(
                Misaligned(record.id, s.id, s.label, s.start, s.end, s.text, overlapping)
            )
            continue
        aligned_ids.add(s.id)
        span._.span_id = s.id
        ents.append(span)
        if s.label in QUANTITY_LABELS:
            span._.role = s.role
            quantities.append(span)
    try:
        doc.set_ents(sorted(ents, key=lambda sp: sp.start_char))
    except ValueError as exc:  # spaCy refuses overlapping entities
        raise ValueError(
            f"{record.id}: overlapping spans cannot be entities; run `annotate validate`"
        ) from exc
    doc.spans[QUANTITIES_GROUP] = quantities
    doc.spans[GOLD_GROUP] = ents
    doc.user_data[USER_DATA_KEY] = _record_payload(record, aligned_ids)
    return doc, misaligned


def _record_payload(record: Record, aligned_ids: set[str]) -> dict[str, Any]:
    spans = []
    for s in record.spans:
        d = s.to_dict()
        d["aligned"] = s.id in aligned_ids
        spans.append(d)
    return {
        "id": record.id,
        "meta": record.meta.to_dict(),
        "spans": spans,
        "relations": [r.to_dict() for r in record.relations],
    }


def records_to_docbin(
    records: Iterable[Record],
    nlp: Language | None = None,
    *,
    segmenter: str = "jieba",
) -> tuple[DocBin, list[Misaligned]]:
    """The DocBin of ``records`` and the gold spans that do not align to tokens."""
    if nlp is None:
        from pipeline.tokenize import make_nlp

        nlp = make_nlp(segmenter)
    db = DocBin(store_user_data=True)
    misaligned: list[Misaligned] = []
    for rec in records:
        doc, bad = record_to_doc(nlp, rec)
        db.add(doc)
        misaligned.extend(bad)
    return db, misaligned
