"""What leaves the pipeline is bounded and finite, whatever the document held:
a batch worker's rows and a Doc's ``doc._.facts`` alike (pipeline/doc_facts.py).

* Evidence sentences are clipped to a window of ``EVIDENCE_WINDOW`` characters
  around the quantity (offsets ``sentence_start``/``sentence_end`` say where the
  window lies in the text): a 200,000-character line of numbers would otherwise
  repeat the whole line in every one of its thousands of facts.
* A float that is not finite (inf, NaN: a number beyond the float range) never
  reaches the output: it becomes null and the document gets a
  ``non_finite_value`` flag naming the field.

The assembler runs its checks on the full sentences first; this is the output
boundary only, and it returns new rows (facts are frozen).
"""

from __future__ import annotations

import json
import math
from dataclasses import fields, replace
from typing import TypeVar

from pipeline.schema import DocumentResult, DocumentRow, FactRow, FlagRow

EVIDENCE_WINDOW = 200
NON_FINITE_CHECK = "non_finite_value"
_Row = TypeVar("_Row", DocumentRow, FactRow, FlagRow)


def clip_sentence(fact: FactRow, window: int = EVIDENCE_WINDOW) -> FactRow:
    """``fact`` with its sentence clipped to at most ``window`` characters around the quantity."""
    sentence = fact.sentence
    if sentence is None or len(sentence) <= window:
        return fact
    if fact.sentence_start is not None:
        q0 = fact.start - fact.sentence_start
    else:  # a table row: "cell | cell | …", the quantity's own text locates it
        q0 = max(sentence.find(fact.text), 0)
    q_len = fact.end - fact.start
    lo = max(0, q0 - max(0, window - q_len) // 2)
    hi = min(len(sentence), lo + window)
    lo = max(0, hi - window)
    if fact.sentence_start is None:
        return replace(fact, sentence=sentence[lo:hi])
    return replace(
        fact,
        sentence=sentence[lo:hi],
        sentence_start=fact.sentence_start + lo,
        sentence_end=fact.sentence_start + hi,
    )


def _float_fields(row_type: type) -> list[str]:
    return [f.name for f in fields(row_type) if str(f.type) == "float | None"]


_FLOATS = {row_type: _float_fields(row_type) for row_type in (DocumentRow, FactRow, FlagRow)}


def _finite(row: _Row) -> tuple[_Row, list[tuple[str, float]]]:
    """``row`` with its non-finite floats nulled, and which they were."""
    bad = [
        (name, value)
        for name in _FLOATS[type(row)]
        if (value := getattr(row, name)) is not None and not math.isfinite(value)
    ]
    return (replace(row, **{name: None for name, _ in bad}) if bad else row), bad


def bound_result(result: DocumentResult) -> DocumentResult:
    """``result`` with its sentences clipped and its non-finite floats nulled."""
    doc_id = result.document.doc_id
    added: list[FlagRow] = []

    def flag(where: str, name: str, value: float, evidence: list[dict]) -> None:
        added.append(
            FlagRow(
                doc_id=doc_id,
                check=NON_FINITE_CHECK,
                message=f"{where} {name} was {value!r} (beyond the float range): stored as null",
                expected=None,
                actual=None,
                difference=None,
                evidence=json.dumps(evidence, ensure_ascii=False),
            )
        )

    facts: list[FactRow] = []
    for original in result.facts:
        fact, bad = _finite(clip_sentence(original))
        text = fact.text[:EVIDENCE_WINDOW]
        for name, value in bad:
            flag(
                f"fact {fact.fact_id}",
                name,
                value,
                [{"text": text, "start": fact.start, "end": fact.end}],
            )
        facts.append(fact)
    flags: list[FlagRow] = []
    for original in result.flags:
        row, bad = _finite(original)
        for name, value in bad:
            flag(f"flag {row.check}", name, value, [])
        flags.append(row)
    doc, bad = _finite(result.document)
    for name, value in bad:
        flag("document", name, value, [])
    if added:
        flags.extend(added)
        doc = replace(doc, n_flags=len(flags))
    return replace(result, document=doc, facts=facts, flags=flags)
