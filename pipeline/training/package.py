"""Bring a trained pipeline directory up to the current assembly, its weights
unchanged: ``perf_facts_composition`` enabled and last (so ``spacy.load``
assembles facts, pipeline/doc_facts.py), with the composition its config
already selects, and the model's name and version in meta.json.

``perf-facts train`` assembles new pipelines this way already
(``pipeline.training.train.assemble``); this is for one trained before::

    python -m pipeline.training.package [MODEL_DIR]   # default: the shipped model

The directory is replaced only once the new one is written.
"""

from __future__ import annotations

import shutil
import sys
import tempfile
from pathlib import Path

import spacy
from spacy.language import Language

import pipeline.doc_facts
import pipeline.quantities  # noqa: F401  (registers perf_facts_quantities)
from pipeline.settings import COMPONENT
from pipeline.shipped import PIPELINE_MODEL, PIPELINE_VERSION, model_dir


def re_add_pipe(nlp: Language, name: str, changes: dict | None = None, **where: str) -> None:
    """Remove component ``name`` and add it again, enabled, at ``where``
    (``before=``/``after=``; default last), its config kept with ``changes`` applied."""
    config = {k: v for k, v in nlp.config["components"][name].items() if k != "factory"}
    factory = nlp.get_pipe_meta(name).factory
    nlp.remove_pipe(name)
    nlp.add_pipe(factory, name=name, config={**config, **(changes or {})}, **where)
    nlp.enable_pipe(name)  # removing a disabled component leaves its name disabled


def with_composition_last(nlp: Language) -> Language:
    """``nlp`` with ``perf_facts_composition`` enabled and last, keeping its
    config (the default composition when it had none)."""
    if COMPONENT in nlp.component_names:
        re_add_pipe(nlp, COMPONENT)
    else:
        nlp.add_pipe(COMPONENT)
    return nlp


def reassemble(path: str | Path) -> Path:
    """Rewrite the pipeline at ``path`` with the current assembly."""
    path = Path(path)
    nlp = with_composition_last(spacy.load(path))
    nlp.meta.update({"name": PIPELINE_MODEL, "version": PIPELINE_VERSION})
    tmp = Path(tempfile.mkdtemp(prefix=f".{path.name}.", dir=path.parent))
    try:
        nlp.to_disk(tmp / "pipeline")
        old = tmp / "old"
        path.rename(old)
        (tmp / "pipeline").rename(path)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return path


def main(argv: list[str]) -> int:
    if len(argv) > 1 or (argv and argv[0].startswith("-")):
        print("usage: python -m pipeline.training.package [MODEL_DIR]", file=sys.stderr)
        return 2
    path = Path(argv[0]) if argv else model_dir(PIPELINE_MODEL)
    if not (path / "config.cfg").is_file():
        print(f"error: no spaCy pipeline at {path} (config.cfg missing)", file=sys.stderr)
        return 2
    print(f"reassembled {reassemble(path)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
