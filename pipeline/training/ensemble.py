"""Join a trained spancat pipeline and a trained NER pipeline into one: spancat
names the indicators, the NER the achievements (the best composition on the
dev split, models/README.md).

    [tok2vec, spancat, ner, perf_facts_spans_to_ents, perf_facts_quantities,
     perf_facts_composition]

The NER brings its own copy of its tok2vec (``replace_listeners``), so the
two trained parts share nothing. It runs first and keeps only the labels it is
better at; ``perf_facts_spans_to_ents`` drops its other labels and adds
spancat's spans where they overlap no kept entity. Both inputs come from
``perf-facts train --split train`` (``--config configs/spancat.cfg`` for one)::

    python -m pipeline.training.ensemble SPANCAT_DIR NER_DIR OUTPUT [--ner-label ACHIEVEMENT]
"""

from __future__ import annotations

import argparse
import shutil
import tempfile
from collections.abc import Sequence
from pathlib import Path

import spacy
from spacy.language import Language

import pipeline.quantities  # noqa: F401  (registers perf_facts_quantities)
from pipeline.loading import add_composition
from pipeline.resources.vocabulary import NAME_LABELS
from pipeline.settings import COMPONENT
from pipeline.training.package import re_add_pipe
from pipeline.training.spans import FACTORY as SPANS_TO_ENTS

NER_LABELS: tuple[str, ...] = ("ACHIEVEMENT",)


def join(
    spancat_dir: str | Path, ner_dir: str | Path, ner_labels: Sequence[str] = NER_LABELS
) -> Language:
    """The spancat pipeline with the NER of ``ner_dir`` added after spancat."""
    nlp = spacy.load(spancat_dir)
    spancat_meta = nlp.meta.get("perf_facts", {})
    if "spancat" not in nlp.pipe_names or SPANS_TO_ENTS not in nlp.pipe_names:
        raise ValueError(f"{spancat_dir}: not a spancat pipeline of perf-facts train")
    ner_nlp = spacy.load(ner_dir)
    if "ner" not in ner_nlp.pipe_names:
        raise ValueError(f"{ner_dir}: no ner component")
    ner_nlp.replace_listeners("tok2vec", "ner", ["model.tok2vec"])
    nlp.add_pipe("ner", source=ner_nlp, after="spancat")
    drop = [label for label in NAME_LABELS if label not in ner_labels]
    re_add_pipe(nlp, SPANS_TO_ENTS, {"drop_labels": drop, "keep_ents": True}, after="ner")
    if COMPONENT in nlp.component_names:
        nlp.remove_pipe(COMPONENT)
    add_composition(nlp)  # the default composition, written out in the config
    nlp.enable_pipe(COMPONENT)  # removing a disabled component leaves its name disabled
    nlp.meta["perf_facts"] = {
        **spancat_meta,
        "ensemble": {
            "spancat": spancat_meta,
            "ner": ner_nlp.meta.get("perf_facts", {}),
            "ner_labels": list(ner_labels),
        },
    }
    return nlp


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("spancat", type=Path)
    ap.add_argument("ner", type=Path)
    ap.add_argument("output", type=Path)
    ap.add_argument("--ner-label", action="append", default=None, help="labels the NER keeps")
    args = ap.parse_args(argv)
    nlp = join(args.spancat, args.ner, args.ner_label or NER_LABELS)
    tmp = Path(tempfile.mkdtemp(prefix="perf_facts_ensemble_"))
    nlp.to_disk(tmp / "model")
    if args.output.exists():
        shutil.rmtree(args.output)
    shutil.move(str(tmp / "model"), args.output)
    print(f"saved {args.output}: {nlp.pipe_names}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
