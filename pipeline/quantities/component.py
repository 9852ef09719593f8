"""spaCy component ``perf_facts_quantities``: rule-found MONEY/COUNT/PERCENT spans.

Usage::

    import pipeline.quantities.component  # registers the factory
    nlp.add_pipe("perf_facts_quantities", config={"target": "ents"})

Config:

* ``target``: ``"ents"`` writes ``doc.ents``; ``"spans"`` writes
  ``doc.spans[spans_key]`` (and leaves ``doc.ents`` alone).
* ``spans_key``: span group name for ``target="spans"`` (default ``"quantities"``).
* ``overwrite_ents``: with ``target="ents"``, whether a rule span replaces
  existing (e.g. trained NER) entities it overlaps.  Default ``False``: the
  rules only fill gaps beside a trained NER.

Character spans are aligned with ``doc.char_span(..., alignment_mode="strict")``.
A span whose edges fall inside a token is not dropped silently: it is counted in
``component.misaligned`` (and ``component.seen``), kept in
``component.last_misaligned`` for the last doc, and logged as a warning.  Each
written span carries its normalisation in ``span._.quantity``
(:class:`pipeline.quantities.normalize.Normalized` or ``None``). The Doc keeps
it as the dict of its fields (``Normalized`` again on reading): extension
values live in ``doc.user_data``, which ``Doc.to_bytes`` (and so
``nlp.pipe(n_process=2)`` and ``DocBin``) can only write as plain data.
"""

from __future__ import annotations

import logging

from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from pipeline.tokenize.doctext import doc_text

from .normalize import Normalized
from .recognize import Quantity, find_quantities

__all__ = ["FACTORY", "QuantityComponent", "make_quantity_component"]

FACTORY = "perf_facts_quantities"
logger = logging.getLogger(__name__)

_QUANTITY_KEY = "perf_facts.quantity"


def _quantity_key(span: Span) -> tuple[str, str, int, int]:
    return ("._.", _QUANTITY_KEY, span.start_char, span.end_char)


def get_quantity(span: Span) -> Normalized | None:
    data = span.doc.user_data.get(_quantity_key(span))
    return None if data is None else Normalized(**data)


def set_quantity(span: Span, value: Normalized | None) -> None:
    span.doc.user_data[_quantity_key(span)] = None if value is None else value.as_dict()


if not Span.has_extension("quantity"):
    Span.set_extension("quantity", getter=get_quantity, setter=set_quantity)


class QuantityComponent:
    def __init__(
        self,
        nlp: Language,
        name: str = FACTORY,
        target: str = "ents",
        spans_key: str = "quantities",
        overwrite_ents: bool = False,
    ) -> None:
        if target not in ("ents", "spans"):
            raise ValueError(f"target must be 'ents' or 'spans', not {target!r}")
        self.name = name
        self.target = target
        self.spans_key = spans_key
        self.overwrite_ents = overwrite_ents
        self.seen = 0
        self.misaligned = 0
        self.last_misaligned: list[Quantity] = []

    def __call__(self, doc: Doc, normalize: bool = True) -> Doc:
        """``normalize`` False leaves ``span._.quantity`` None: for callers that
        read only labels and offsets (``tag_document``, through
        ``nlp.pipe(component_cfg=...)``): normalising is a third of
        ``find_quantities``' time."""
        spans: list[Span] = []
        self.last_misaligned = []
        for q in find_quantities(doc_text(doc), normalize=normalize):
            self.seen += 1
            span = doc.char_span(q.start, q.end, label=q.label, alignment_mode="strict")
            if span is None:
                self.misaligned += 1
                self.last_misaligned.append(q)
                logger.warning(
                    "%s: quantity %r [%d:%d] does not align with token boundaries",
                    self.name,
                    q.text,
                    q.start,
                    q.end,
                )
                continue
            if normalize:
                span._.quantity = q.norm
            spans.append(span)
        if self.target == "spans":
            doc.spans[self.spans_key] = spans
            return doc
        if not spans and doc.has_annotation("ENT_IOB", require_complete=True):
            # Every token already carries B/I/O (a trained NER ran before us) and
            # there is nothing to add: setting doc.ents to itself changes nothing,
            # and reading doc.ents builds a Python Token for every token.
            return doc
        # No token annotated at all (the rule layer alone): there are no entities
        # to read back.
        existing = list(doc.ents) if doc.has_annotation("ENT_IOB") else []
        if self.overwrite_ents:
            kept = [e for e in existing if not any(_overlap(e, s) for s in spans)]
            new = spans
        else:
            kept = existing
            new = [s for s in spans if not any(_overlap(s, e) for e in existing)]
        doc.ents = filter_spans(kept + new)
        return doc

    def reset_counts(self) -> None:
        self.seen = 0
        self.misaligned = 0
        self.last_misaligned = []


def _overlap(a: Span, b: Span) -> bool:
    return a.start < b.end and b.start < a.end


@Language.factory(
    FACTORY,
    default_config={"target": "ents", "spans_key": "quantities", "overwrite_ents": False},
)
def make_quantity_component(
    nlp: Language, name: str, target: str, spans_key: str, overwrite_ents: bool
) -> QuantityComponent:
    return QuantityComponent(
        nlp, name=name, target=target, spans_key=spans_key, overwrite_ents=overwrite_ents
    )
