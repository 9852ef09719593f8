"""Load a tagging pipeline: the shipped model, another spaCy pipeline, or the
rule layer alone. The pipelines built here carry the fact assembler's
composition settings (``perf_facts_composition``, pipeline.facts.composition),
so what ``spacy.load`` gives is what the command line gives."""

from __future__ import annotations

from pathlib import Path

import spacy
from spacy.language import Language

import pipeline.quantities  # noqa: F401  (registers perf_facts_quantities)
from pipeline.facts.composition import (
    COMPONENT,
    DEFAULT_CUES,
    DEFAULT_TAGGER,
)  # registers perf_facts_composition

# The trained pipeline that ships in the repository (models/README.md).
DEFAULT_MODEL = Path(__file__).resolve().parent.parent / "models" / "perf_facts_zh"


def rules_pipeline() -> Language:
    """The rule layer alone: the project tokenizer plus quantity rules."""
    from pipeline.tokenize import make_nlp

    nlp = make_nlp()
    nlp.add_pipe("perf_facts_quantities")
    add_composition(nlp)
    return nlp


def add_composition(nlp: Language, cues: str | None = None, tagger: str | None = None) -> None:
    """Give ``nlp`` composition settings (default: the package defaults), written
    out in its config so a saved pipeline records them. The component holds
    settings and never runs on a Doc, so it is disabled: it stays in the config
    (``nlp.component_names``) and out of ``nlp.pipe_names``."""
    config = {
        "cue_policy": {"@misc": "perf_facts.cue_policy.v1", "name": cues or DEFAULT_CUES},
        "tagger_gate": {"@misc": "perf_facts.tagger_gate.v1", "where": tagger or DEFAULT_TAGGER},
    }
    nlp.add_pipe(COMPONENT, config=config)
    nlp.disable_pipe(COMPONENT)


def load_pipeline(model: str | Path | None = None) -> Language:
    """``model`` None: the shipped model if present, else the rule layer."""
    if model is None:
        if (DEFAULT_MODEL / "config.cfg").exists():
            return spacy.load(DEFAULT_MODEL)
        return rules_pipeline()
    if str(model) == "rules":
        return rules_pipeline()
    path = Path(model)
    if not (path / "config.cfg").exists():
        raise FileNotFoundError(f"no spaCy pipeline at {path} (config.cfg missing)")
    return spacy.load(path)
