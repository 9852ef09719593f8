"""Where the rule layer leaves a gap: the paragraphs the trained tagger runs on
when tagging is gated (``pipeline.tagging.tag_gaps_only``)."""

from __future__ import annotations

from bisect import bisect_right

from pipeline.facts.assemble import TableLayer
from pipeline.facts.composition import cues_first
from pipeline.ingest.document import Document
from pipeline.schema import EntityRow


def rule_gaps(
    document: Document, entities: list[EntityRow], layer: TableLayer | None = None
) -> set[int]:
    """Paragraphs where the rule layer leaves a quantity of running text without
    an indicator: the only places the trained tagger changes the facts of the
    cue policy ``cues_first`` (where a cue reading wins over a tagged span)."""
    layer = layer or TableLayer.of(document)
    facts = cues_first(document, entities, layer.taken).facts
    starts = [p.start for p in document.paragraphs]
    return {bisect_right(starts, f.start) - 1 for f in facts if f.indicator_start is None}
