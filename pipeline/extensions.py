"""The custom attributes perf-facts puts on spaCy objects, registered once.

Every value they hold is plain data (str, int, float, None, lists and dicts of
them), so a Doc keeps them through ``Doc.to_bytes``, ``DocBin(store_user_data=True)``
and ``nlp.pipe(texts, n_process=2)``, which ships each Doc from its worker as
bytes (a dataclass there raised spaCy's E871).

Spans (``span._.quantity``, the normalisation of a rule quantity, is the
quantity component's: pipeline/quantities/component.py keeps it as a dict too):
    ``span._.role``      value / target / weight / score of a quantity
    ``span._.span_id``   the gold span id (annotations/to_spacy.py)
Docs (set by the ``perf_facts_composition`` component, pipeline/doc_facts.py):
    ``doc._.facts``      the rows of the facts table, one dict each
    ``doc._.flags``      the rows of the flags table
    ``doc._.summary``    the document's row of the documents table
    ``doc._.doc_name``   set it before the component runs to name the document
                         (its ``doc_id`` and fact ids); default "text"
"""

from __future__ import annotations

from spacy.tokens import Doc, Span

# the span group holding the entities table's spans, with their roles
SPAN_GROUP = "perf_facts"
DEFAULT_DOC_NAME = "text"
DOC_RESULTS = ("facts", "flags", "summary")


def register_extensions() -> None:
    """Register every extension above (idempotent)."""
    for name in ("role", "span_id"):
        if not Span.has_extension(name):
            Span.set_extension(name, default=None)
    for name in (*DOC_RESULTS, "doc_name"):
        if not Doc.has_extension(name):
            Doc.set_extension(name, default=None)


register_extensions()
