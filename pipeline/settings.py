"""The settings a job gives the fact assembler, apart from size caps: how it
composes rules, cue words and tagger. A leaf with no heavy imports, so the
batch planner and the command line can build one without loading spaCy."""

from __future__ import annotations

from dataclasses import dataclass

# the spaCy component that holds a pipeline's composition and assembles a Doc's
# facts (pipeline/doc_facts.py); tagging runs every other component
COMPONENT = "perf_facts_composition"


@dataclass(frozen=True, slots=True)
class CompositionSettings:
    """The names of a cue policy (``pipeline.facts.composition.CUE_MODES``) and
    of a tagging strategy ("gaps", "quantified", "all": ``pipeline.tagging.tagging_strategies``).
    None: what the pipeline's ``perf_facts_composition`` config says."""

    cues: str | None = None
    tagger: str | None = None

    def over(self, base: CompositionSettings) -> CompositionSettings:
        """These settings where given, ``base``'s elsewhere."""
        return CompositionSettings(self.cues or base.cues, self.tagger or base.tagger)
