"""From a tagged document to the records researchers analyse.

``process_document`` is the one entry point batch extraction calls:
document → entities (``pipeline.tagging``), then ``assemble`` (assemble.py, which
reads as the list of steps a fact goes through): facts, summary row and
consistency flags. ``assemble`` alone works from entities already found (gold
spans, another tagger); ``facts_to_records`` writes a result back as
guide-format records.

* text_facts.py, linking.py, cues.py, roles.py — facts of running text
* tables.py — indicator and budget tables (flattened, tab-separated, docx/pdf)
* composition.py — how cue-word indicators combine with tagged ones
* entities.py, achievements.py — entities the rules add or drop
* summary.py, checks.py, categories.py — document row, flags, categories
"""

from __future__ import annotations

from spacy.language import Language

from pipeline.annotations.fact_records import facts_to_records
from pipeline.facts.assemble import TableLayer, assemble
from pipeline.facts.composition import CUE_MODES, DEFAULT_CUES, CueMode
from pipeline.facts.gaps import rule_gaps
from pipeline.facts.text_facts import quantity_fact
from pipeline.ingest.document import Document
from pipeline.schema import DocumentResult, EntityRow
from pipeline.tagging import tag_everywhere, tag_gaps_only

DEFAULT_GATE = True

__all__ = [
    "CUE_MODES",
    "DEFAULT_CUES",
    "DEFAULT_GATE",
    "CueMode",
    "DocumentResult",
    "TableLayer",
    "assemble",
    "facts_to_records",
    "process_document",
    "quantity_fact",
    "rule_gaps",
    "tagged_entities",
]


def tagged_entities(
    nlp: Language, document: Document, gate: bool = DEFAULT_GATE, layer: TableLayer | None = None
) -> list[EntityRow]:
    """The tagger's entities of ``document``; ``gate``: the trained components
    run only where the rules leave a gap (``pipeline.tagging.tag_gaps_only``)."""
    layer = layer or TableLayer.of(document)
    strategy = tag_gaps_only if gate else tag_everywhere
    return strategy(nlp, document, lambda entities: rule_gaps(document, entities, layer))


def process_document(
    nlp: Language,
    document: Document,
    raw: bytes | None = None,
    cues: CueMode = DEFAULT_CUES,
    gate: bool = DEFAULT_GATE,
) -> DocumentResult:
    """Tag ``document`` with ``nlp`` (``tagged_entities``) and assemble its facts."""
    layer = TableLayer.of(document)
    return assemble(document, tagged_entities(nlp, document, gate, layer), raw, cues, layer)
