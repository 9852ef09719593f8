"""How cue-word indicators (cues.py, read by linking.py) combine with the
tagger's INDICATOR spans: the cue policies.

    cues_first  cues name the indicator of every quantity of running text, and
                their reading and the rule ACHIEVEMENTs win where they overlap
                a tagged span;
    merge       as cues_first, but a tagged INDICATOR in the clause wins;
    fallback    cues only when the tagger found no INDICATOR at all in the document;
    off         no cue indicators.

In cues_first and merge a tagged INDICATOR in running text that no quantity
measures is dropped (``entities.measured_indicators``). Default: cues_first
with the trained tagger gated to the rules' gaps, the best of these
compositions on held-out reports (models/README.md, benchmarks/loo_eval.py).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

from pipeline.facts.entities import with_rule_achievements
from pipeline.facts.text_facts import text_facts
from pipeline.ingest.document import Document
from pipeline.schema import EntityRow, FactRow

CueMode = Literal["merge", "cues_first", "fallback", "off"]
CUE_MODES: tuple[str, ...] = ("merge", "cues_first", "fallback", "off")
DEFAULT_CUES: CueMode = "cues_first"


@dataclass(frozen=True, slots=True)
class TextComposition:
    """What a cue policy makes of a document's entities."""

    entities: list[EntityRow]  # the tagger's, with the rule ACHIEVEMENTs the policy adds
    facts: list[FactRow]  # the facts of the quantities of running text
    prune_unmeasured: bool  # drop the INDICATORs of running text no fact measures


# document, its entities, the quantity spans the tables hold → the composition
CuePolicy = Callable[[Document, list[EntityRow], set[tuple[int, int]]], TextComposition]


def cues_first(
    document: Document, entities: list[EntityRow], taken: set[tuple[int, int]]
) -> TextComposition:
    entities = with_rule_achievements(document, entities, replace=True)
    return TextComposition(
        entities, text_facts(document, entities, taken, True, prefer_cues=True), True
    )


def merge(
    document: Document, entities: list[EntityRow], taken: set[tuple[int, int]]
) -> TextComposition:
    entities = with_rule_achievements(document, entities, replace=False)
    return TextComposition(entities, text_facts(document, entities, taken, True), True)


def fallback(
    document: Document, entities: list[EntityRow], taken: set[tuple[int, int]]
) -> TextComposition:
    has_tagged = any(e.label == "INDICATOR" for e in entities)
    return TextComposition(entities, text_facts(document, entities, taken, not has_tagged), False)


def off(
    document: Document, entities: list[EntityRow], taken: set[tuple[int, int]]
) -> TextComposition:
    return TextComposition(entities, text_facts(document, entities, taken, False), False)


CUE_POLICIES: dict[str, CuePolicy] = {
    "cues_first": cues_first,
    "merge": merge,
    "fallback": fallback,
    "off": off,
}


def cue_policy(cues: str) -> CuePolicy:
    """The policy named ``cues``; ValueError for a name outside ``CUE_MODES``."""
    if cues not in CUE_POLICIES:
        raise ValueError(f"cues must be one of {CUE_MODES}, not {cues!r}")
    return CUE_POLICIES[cues]
