"""Load a tagging pipeline: the shipped model, another spaCy pipeline, or the
rule layer alone. Every pipeline built here ends with the
``perf_facts_composition`` component (pipeline/doc_facts.py): it carries the
composition settings and assembles each Doc's facts, so what ``spacy.load``
gives is what the command line gives."""

from __future__ import annotations

from pathlib import Path

import spacy
from spacy.language import Language

import pipeline.doc_facts
import pipeline.quantities  # noqa: F401  (registers perf_facts_quantities)
from pipeline.settings import COMPONENT
from pipeline.shipped import PIPELINE_MODEL, SHIPPED_MODELS, model_dir, require_model

# The trained pipeline that ships with the project (models/README.md): inside
# the installed package, or models/ of a checkout (pipeline.shipped).
DEFAULT_MODEL = model_dir(PIPELINE_MODEL)


def rules_pipeline() -> Language:
    """The rule layer alone: the project tokenizer plus quantity rules."""
    from pipeline.tokenize import make_nlp

    nlp = make_nlp()
    nlp.add_pipe("perf_facts_quantities")
    add_composition(nlp)
    return nlp


def add_composition(nlp: Language) -> None:
    """Give ``nlp`` the default composition settings, as its last component
    (spaCy writes the factory's defaults into the config, so a saved pipeline
    records them)."""
    nlp.add_pipe(COMPONENT)


def load_pipeline(model: str | Path | None = None) -> Language:
    """``model`` None: the shipped model (``ModelNotFoundError``, a
    FileNotFoundError that says how to fix it, when it is not installed);
    "rules": the rule layer alone; else a spaCy pipeline directory."""
    if model is None:
        for name in SHIPPED_MODELS:  # the taxonomy model too: categories need it
            require_model(name)
        return spacy.load(require_model(PIPELINE_MODEL))
    if str(model) == "rules":
        return rules_pipeline()
    path = Path(model)
    if not (path / "config.cfg").exists():
        raise FileNotFoundError(f"no spaCy pipeline at {path} (config.cfg missing)")
    return spacy.load(path)
