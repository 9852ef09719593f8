"""From a tagged document to the records researchers analyse.

``process_document`` is the one entry point batch extraction calls:
document → entities (``pipeline.tagging``), then ``assemble`` (assemble.py, which
reads as the list of steps a fact goes through): facts, summary row and
consistency flags. ``assemble`` alone works from entities already found (gold
spans, another tagger); ``facts_to_records`` writes a result back as
guide-format records.

* text_facts.py, linking.py, cues.py, roles.py — facts of running text
* tables.py — indicator and budget tables (flattened, tab-separated, docx/pdf)
* line_tables.py — tables written as plain lines (comma, spaced, one cell a line)
* scored_lines.py — a scoring list's lines: name, rule, what was achieved
* composition.py — how cue-word indicators combine with tagged ones
* entities.py, achievements.py — entities the rules add or drop
* summary.py, checks.py, categories.py — document row, flags, categories
"""

from __future__ import annotations

from spacy.language import Language

from pipeline.annotations.fact_records import facts_to_records
from pipeline.facts.assemble import TableLayer, assemble
from pipeline.facts.composition import (
    CUE_MODES,
    DEFAULT_CUES,
    DEFAULT_TAGGER,
    CueMode,
    pipeline_settings,
)
from pipeline.facts.gaps import GapFinder, rule_gaps
from pipeline.facts.text_facts import quantity_fact
from pipeline.ingest.document import Document
from pipeline.schema import DocumentResult, EntityRow
from pipeline.settings import CompositionSettings
from pipeline.tagging import tagging_strategies

__all__ = [
    "CUE_MODES",
    "DEFAULT_CUES",
    "CompositionSettings",
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
    nlp: Language,
    document: Document,
    tagger: str = DEFAULT_TAGGER,
    layer: TableLayer | None = None,
) -> list[EntityRow]:
    """The entities of ``document`` by the tagging strategy named ``tagger``:
    "gaps" runs the trained components only where the rules leave a gap."""
    finder = GapFinder(document, layer or TableLayer.of(document))
    return tagging_strategies.get(tagger)(nlp, document, finder)


def process_document(
    nlp: Language,
    document: Document,
    raw: bytes | None = None,
    settings: CompositionSettings | None = None,
) -> DocumentResult:
    """Tag ``document`` with ``nlp`` (``tagged_entities``) and assemble its facts,
    composed as ``nlp``'s config says unless ``settings`` names otherwise."""
    chosen = (settings or CompositionSettings()).over(pipeline_settings(nlp))
    cues = chosen.cues or DEFAULT_CUES
    layer = TableLayer.of(document)
    finder = GapFinder(document, layer)
    entities = tagging_strategies.get(chosen.tagger or DEFAULT_TAGGER)(nlp, document, finder)
    # the gap finder's text facts, when the tagger left its entities as they were
    return assemble(document, entities, raw, cues, layer, finder.made_for(entities, cues))
