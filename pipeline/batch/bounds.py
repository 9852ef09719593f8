"""What leaves a worker is bounded and finite, whatever the document held.

* Evidence sentences are clipped to a window of ``EVIDENCE_WINDOW`` characters
  around the quantity (offsets ``sentence_start``/``sentence_end`` say where the
  window lies in the text): a 200,000-character line of numbers would otherwise
  repeat the whole line in every one of its thousands of facts.
* A float that is not finite (inf, NaN: a number beyond the float range) never
  reaches the output: it becomes null and the document gets a
  ``non_finite_value`` flag naming the field.

The assembler runs its checks on the full sentences first; this is the output
boundary only.
"""

from __future__ import annotations

import json
import math
from dataclasses import fields

from pipeline.schema import DocumentRow, FactRow, FlagRow

EVIDENCE_WINDOW = 200
NON_FINITE_CHECK = "non_finite_value"


def clip_sentence(fact: FactRow, window: int = EVIDENCE_WINDOW) -> None:
    """Clip ``fact.sentence`` in place to at most ``window`` characters around the quantity."""
    sentence = fact.sentence
    if sentence is None or len(sentence) <= window:
        return
    if fact.sentence_start is not None:
        q0 = fact.start - fact.sentence_start
    else:  # a table row: "cell | cell | …", the quantity's own text locates it
        q0 = max(sentence.find(fact.text), 0)
    q_len = fact.end - fact.start
    lo = max(0, q0 - max(0, window - q_len) // 2)
    hi = min(len(sentence), lo + window)
    lo = max(0, hi - window)
    fact.sentence = sentence[lo:hi]
    if fact.sentence_start is not None:
        fact.sentence_start, fact.sentence_end = fact.sentence_start + lo, fact.sentence_start + hi


def _float_fields(row_type: type) -> list[str]:
    return [f.name for f in fields(row_type) if str(f.type) == "float | None"]


_FLOATS = {row_type: _float_fields(row_type) for row_type in (DocumentRow, FactRow, FlagRow)}


def _null_non_finite(row) -> list[tuple[str, float]]:
    bad = []
    for name in _FLOATS[type(row)]:
        value = getattr(row, name)
        if value is not None and not math.isfinite(value):
            bad.append((name, value))
            setattr(row, name, None)
    return bad


def bound_result(result) -> None:
    """Clip sentences and null non-finite floats of a ``DocumentResult``, in place."""
    doc = result.document
    flags: list[FlagRow] = []

    def flag(where: str, name: str, value: float, evidence: list[dict]) -> None:
        flags.append(
            FlagRow(
                doc_id=doc.doc_id,
                check=NON_FINITE_CHECK,
                message=f"{where} {name} was {value!r} (beyond the float range): stored as null",
                expected=None,
                actual=None,
                difference=None,
                evidence=json.dumps(evidence, ensure_ascii=False),
            )
        )

    for fact in result.facts:
        clip_sentence(fact)
        for name, value in _null_non_finite(fact):
            text = fact.text if len(fact.text) <= EVIDENCE_WINDOW else fact.text[:EVIDENCE_WINDOW]
            flag(
                f"fact {fact.fact_id}",
                name,
                value,
                [{"text": text, "start": fact.start, "end": fact.end}],
            )
    for row in result.flags:
        for name, value in _null_non_finite(row):
            flag(f"flag {row.check}", name, value, [])
    for name, value in _null_non_finite(doc):
        flag("document", name, value, [])
    if flags:
        result.flags.extend(flags)
        doc.n_flags = len(result.flags)
