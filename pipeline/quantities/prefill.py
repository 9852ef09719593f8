"""Pre-fill annotation records (silver data) with rule-found quantity spans.

The output follows ANNOTATION_GUIDE "Records": ``{"id", "start", "end", "label",
"text", "role"}`` with role ``"value"`` (annotators change it to target, weight or
score).  Spans that would overlap a span already in the record are skipped, so
the function can run over partly annotated records.
"""

from __future__ import annotations

import copy
import re

from .recognize import find_quantities

__all__ = ["prefill_record", "prefill_spans"]

_ID = re.compile(r"^s(\d+)$")


def prefill_spans(
    text: str,
    existing: list[dict] | None = None,
    first_id: int = 1,
    role: str = "value",
    with_norm: bool = False,
) -> list[dict]:
    """Guide-format quantity spans for ``text`` that do not overlap ``existing``."""
    taken = [(s["start"], s["end"]) for s in existing or []]
    out: list[dict] = []
    n = first_id
    for q in find_quantities(text, normalize=with_norm):
        if any(q.start < e and s < q.end for s, e in taken):
            continue
        d = q.as_span(f"s{n}", role=role)
        if with_norm and q.norm is not None:
            d["norm"] = q.norm.as_dict()
        out.append(d)
        n += 1
    return out


def prefill_record(record: dict, role: str = "value", with_norm: bool = False) -> dict:
    """A copy of ``record`` whose ``spans`` gain the quantities it lacks (sorted by start)."""
    rec = copy.deepcopy(record)
    spans = rec.get("spans") or []
    ids = [int(m.group(1)) for s in spans if (m := _ID.match(str(s.get("id", ""))))]
    new = prefill_spans(
        rec["text"], spans, first_id=max(ids, default=0) + 1, role=role, with_norm=with_norm
    )
    rec["spans"] = sorted(spans + new, key=lambda s: (s["start"], s["end"]))
    rec.setdefault("relations", [])
    return rec
