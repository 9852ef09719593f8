"""Where the rule layer leaves a gap: the paragraphs the trained tagger runs on
when tagging is gated (``pipeline.tagging.tag_gaps_only``).

Finding the gaps makes the text facts of the rule layer's entities under the
cue policy ``cues_first``. When the tagger then changes nothing (no gaps), those
are the text facts assembly needs, and ``GapFinder`` hands them on.
"""

from __future__ import annotations

from bisect import bisect_right

from pipeline.facts.assemble import TableLayer
from pipeline.facts.composition import TextComposition, cues_first
from pipeline.ingest.document import Document
from pipeline.schema import EntityRow


class GapFinder:
    """The gaps of one document's rule entities (a ``pipeline.tagging.GapFinder``),
    keeping the text composition it made on the way."""

    def __init__(self, document: Document, layer: TableLayer) -> None:
        self.document = document
        self.layer = layer
        self._made: tuple[list[EntityRow], TextComposition] | None = None

    def __call__(self, entities: list[EntityRow]) -> set[int]:
        text = cues_first(self.document, entities, self.layer.taken)
        self._made = (entities, text)
        starts = [p.start for p in self.document.paragraphs]
        return {bisect_right(starts, f.start) - 1 for f in text.facts if f.indicator_start is None}

    def made_for(self, entities: list[EntityRow], cues: str) -> TextComposition | None:
        """The composition already made of exactly ``entities`` under ``cues``."""
        if self._made is not None and cues == "cues_first" and self._made[0] is entities:
            return self._made[1]
        return None


def rule_gaps(
    document: Document, entities: list[EntityRow], layer: TableLayer | None = None
) -> set[int]:
    """Paragraphs where the rule layer leaves a quantity of running text without
    an indicator: the only places the trained tagger changes the facts of the
    cue policy ``cues_first`` (where a cue reading wins over a tagged span)."""
    return GapFinder(document, layer or TableLayer.of(document))(entities)
