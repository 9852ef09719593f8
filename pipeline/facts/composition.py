"""How cue-word indicators (cues.py, read by linking.py) combine with the
tagger's INDICATOR spans: the cue policies.

    cues_first  cues name the indicator of every quantity of running text, and
                their reading and the rule ACHIEVEMENTs win where they overlap
                a tagged span;
    merge       as cues_first, but a tagged INDICATOR in the clause wins;
    tagged_first  as merge, but every tagged INDICATOR stays, measured or not
                (the tagger trained on the broad corpus finds names a table or
                a heading holds without a figure in the same clause);
    fallback    cues only when the tagger found no INDICATOR at all in the document;
    off         no cue indicators.

In cues_first and merge a tagged INDICATOR in running text that no quantity
measures is dropped (``entities.measured_indicators``). Default: cues_first
with the trained tagger in the rules' gaps, the best composition on the dev
split (models/README.md, benchmarks/composition_eval.py).

The policies are registered by name in ``cue_policies``; a pipeline selects
its policy and its tagging strategy in the config of its
``perf_facts_composition`` component (pipeline/doc_facts.py), the way spaCy's
span_ruler selects an ``ents_filter``::

    [components.perf_facts_composition.cue_policy]
    @misc = "perf_facts.cue_policy.v1"
    name = "cues_first"

    [components.perf_facts_composition.tagger_gate]
    @misc = "perf_facts.tagger_gate.v1"
    where = "gaps"

``CompositionSettings`` names a policy and a strategy to use instead (the
command line's --cues and --tagger).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Literal

import catalogue
from spacy import registry
from spacy.language import Language

from pipeline.facts.entities import with_rule_achievements
from pipeline.facts.text_facts import text_facts
from pipeline.ingest.document import Document
from pipeline.schema import EntityRow, FactRow
from pipeline.settings import COMPONENT, CompositionSettings

CueMode = Literal["merge", "cues_first", "tagged_first", "fallback", "off"]
CUE_MODES: tuple[str, ...] = ("merge", "cues_first", "tagged_first", "fallback", "off")
DEFAULT_CUES: CueMode = "cues_first"
DEFAULT_TAGGER = "gaps"


@dataclass(frozen=True, slots=True)
class TextComposition:
    """What a cue policy makes of a document's entities."""

    entities: list[EntityRow]  # the tagger's, with the rule ACHIEVEMENTs the policy adds
    facts: list[FactRow]  # the facts of the quantities of running text
    prune_unmeasured: bool  # drop the INDICATORs of running text no fact measures


# document, its entities, the quantity spans the tables hold → the composition
CuePolicy = Callable[[Document, list[EntityRow], set[tuple[int, int]]], TextComposition]
cue_policies = catalogue.create("perf_facts", "cue_policies")


@cue_policies.register("cues_first")
def cues_first(
    document: Document, entities: list[EntityRow], taken: set[tuple[int, int]]
) -> TextComposition:
    entities = with_rule_achievements(document, entities, replace=True)
    return TextComposition(
        entities, text_facts(document, entities, taken, True, prefer_cues=True), True
    )


@cue_policies.register("merge")
def merge(
    document: Document, entities: list[EntityRow], taken: set[tuple[int, int]]
) -> TextComposition:
    entities = with_rule_achievements(document, entities, replace=False)
    return TextComposition(entities, text_facts(document, entities, taken, True), True)


@cue_policies.register("tagged_first")
def tagged_first(
    document: Document, entities: list[EntityRow], taken: set[tuple[int, int]]
) -> TextComposition:
    return replace(merge(document, entities, taken), prune_unmeasured=False)


@cue_policies.register("fallback")
def fallback(
    document: Document, entities: list[EntityRow], taken: set[tuple[int, int]]
) -> TextComposition:
    has_tagged = any(e.label == "INDICATOR" for e in entities)
    return TextComposition(entities, text_facts(document, entities, taken, not has_tagged), False)


@cue_policies.register("off")
def off(
    document: Document, entities: list[EntityRow], taken: set[tuple[int, int]]
) -> TextComposition:
    return TextComposition(entities, text_facts(document, entities, taken, False), False)


def cue_policy(cues: str) -> CuePolicy:
    """The policy named ``cues``; ValueError for a name outside ``CUE_MODES``."""
    if cues not in CUE_MODES:
        raise ValueError(f"cues must be one of {CUE_MODES}, not {cues!r}")
    return cue_policies.get(cues)


@registry.misc("perf_facts.cue_policy.v1")
def select_cue_policy(name: str = DEFAULT_CUES) -> CuePolicy:
    """The cue policy named ``name``, for a pipeline's config."""
    return cue_policy(name)


def name_in(names: catalogue.Registry, function: Callable) -> str:
    """The name ``function`` is registered under in ``names``."""
    return next(name for name, f in names.get_all().items() if f is function)


def pipeline_settings(nlp: Language) -> CompositionSettings:
    """The composition ``nlp``'s config selects (the defaults when it has no
    ``perf_facts_composition`` component)."""
    if COMPONENT in nlp.component_names:
        return nlp.get_pipe(COMPONENT).settings
    return CompositionSettings(DEFAULT_CUES, DEFAULT_TAGGER)
