"""spancat → ``doc.ents``: the bridge that lets a trained ``spancat`` stand in for
the ``ner`` of the hybrid pipeline (issue #5).

spaCy's ``spancat`` writes possibly overlapping scored spans to
``doc.spans[spans_key]`` (scores in ``.attrs["scores"]``); the rest of the
product (the quantity rules with ``overwrite_ents``, the fact extraction, the
evaluation) reads ``doc.ents``. ``perf_facts_spans_to_ents`` converts one into
the other, greedily by score: the highest-scoring span is kept, then the next
one that overlaps no kept span nor an existing entity, and so on (ties: the
longer span, then the earlier one). Placed between ``spancat`` and
``perf_facts_quantities`` by :func:`pipeline.training.train.assemble`.

Importing this module registers the factory; a pipeline saved with it needs
the import before ``spacy.load``.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy
from spacy.language import Language
from spacy.tokens import Doc, Span

FACTORY = "perf_facts_spans_to_ents"


def greedy_non_overlapping(
    spans: list[Span], scores=None, taken: set[int] | None = None
) -> list[Span]:
    """The spans kept by the greedy-by-score selection, in document order.

    ``scores``: one float per span (None: all equal, so longer spans win);
    ``taken``: token indices already occupied (kept spans must avoid them)."""
    taken = set() if taken is None else set(taken)
    if scores is None:
        scores = [1.0] * len(spans)
    order = sorted(
        range(len(spans)),
        key=lambda i: (-float(scores[i]), -(spans[i].end - spans[i].start), spans[i].start),
    )
    kept = []
    for i in order:
        sp = spans[i]
        toks = range(sp.start, sp.end)
        if any(t in taken for t in toks):
            continue
        taken.update(toks)
        kept.append(sp)
    return sorted(kept, key=lambda s: s.start)


class SpansToEnts:
    def __init__(
        self, name: str, spans_key: str, keep_ents: bool, drop_labels: Sequence[str] = ()
    ) -> None:
        self.name = name
        self.spans_key = spans_key
        self.keep_ents = keep_ents
        self.drop_labels = frozenset(drop_labels)

    def __call__(self, doc: Doc) -> Doc:
        group = doc.spans.get(self.spans_key)
        if group is None:
            return doc
        if self.drop_labels:  # an earlier tagger's labels the spans replace
            doc.ents = [e for e in doc.ents if e.label_ not in self.drop_labels]
        spans = list(group)
        if not spans and not self.keep_ents:
            doc.ents = []
            return doc
        scores = group.attrs.get("scores")
        if scores is not None and spans:
            # spancat stores one score per kept (span, label), as an (n,) or (n, 1) array
            scores = numpy.asarray(scores, dtype=float).reshape(len(spans), -1).max(axis=1)
        existing = list(doc.ents) if self.keep_ents else []
        taken = {t for e in existing for t in range(e.start, e.end)}
        kept = greedy_non_overlapping(spans, scores, taken)
        doc.ents = sorted(
            existing + [Span(doc, s.start, s.end, label=s.label) for s in kept],
            key=lambda s: s.start,
        )
        return doc


@Language.factory(
    FACTORY,
    default_config={"spans_key": "sc", "keep_ents": True, "drop_labels": []},
)
def make_spans_to_ents(
    nlp: Language, name: str, spans_key: str, keep_ents: bool, drop_labels: list[str]
) -> SpansToEnts:
    return SpansToEnts(name, spans_key, keep_ents, drop_labels)
