"""Does a learned boundary corrector (pipeline/facts/boundaries.py) help the
INDICATOR spans of the rules and of a trained NER?

The corrector is trained on predictions over the TRAIN split paired with its
gold, then applied to the DEV split's predictions; dev is only scored, never
trained on, and unseen-test is never touched. Two sources of predictions:

  rules  the rule layer (``load_pipeline("rules")``, default composition)
  ner    a trained pipeline (--ner) with cue policy tagged_first, tagger all

and two training sets per source: ``own`` (that source's train predictions)
and ``pooled`` (both sources'). A NER trained on the train split makes few
boundary errors on it, so its own training set teaches little; the pooled set
adds the rules' errors. Prints INDICATOR P/R/F1, MEASURES F1 and fact F1
before/after. Predictions are cached under --cache (a few minutes for train).

    .venv/bin/python benchmarks/boundary_corrector.py --ner /work/scratch/ner_broad \\
        --cache /work/scratch/bound --save /work/scratch/bound/models
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from pipeline.annotations.corpus import TEXT_DIRS, split_records
from pipeline.annotations.records import Record, dump_records, load_records
from pipeline.evaluation.facts import restrict_to_gold, score_facts
from pipeline.facts.boundaries import BoundaryCorrector, correct_records, training_examples
from pipeline.loading import load_pipeline
from pipeline.predict import predict_for_gold, score
from pipeline.settings import CompositionSettings

EVAL_SPLIT = "dev"  # fixed: the corrector is judged on dev only
NER_SETTINGS = CompositionSettings(cues="tagged_first", tagger="all")


def predictions(source: str, split: str, gold: Sequence[Record], args) -> list[Record]:
    """The predictions of ``source`` over ``split``, from --cache when there."""
    cached = args.cache / f"{source}_{split}.jsonl" if args.cache else None
    if cached is not None and cached.exists():
        return load_records(cached)
    if source == "rules":
        nlp, settings = load_pipeline("rules"), CompositionSettings()
    else:
        nlp, settings = load_pipeline(args.ner), NER_SETTINGS
    pred, missing = predict_for_gold(nlp, gold, TEXT_DIRS, settings)
    if missing:
        raise SystemExit(f"missing sources: {missing[:3]}")
    if cached is not None:
        cached.parent.mkdir(parents=True, exist_ok=True)
        dump_records(pred, cached)
    return pred


def scores(gold: Sequence[Record], pred: Sequence[Record]) -> dict[str, float]:
    ind = score(gold, restrict_to_gold(gold, pred), ["INDICATOR"])["INDICATOR"]
    facts = score_facts(gold, pred)
    return {
        "tp": ind.tp,
        "fp": ind.fp,
        "fn": ind.fn,
        "P": ind.precision,
        "R": ind.recall,
        "F1": ind.f1,
        "MEASURES": facts.relations.f1,
        "facts": facts.facts.f1,
    }


def line(name: str, row: dict[str, float]) -> str:
    head = f"{name:26s} tp {row['tp']:4d} fp {row['fp']:4d} fn {row['fn']:4d}"
    return head + " ".join(f" {k} {row[k]:.4f}" for k in ("P", "R", "F1", "MEASURES", "facts"))


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--ner", type=Path, help="a trained pipeline folder (omit: rules only)")
    ap.add_argument("--cache", type=Path, help="folder for cached predictions")
    ap.add_argument("--save", type=Path, help="folder to write the correctors to (joblib)")
    ap.add_argument("--train-on", action="append", choices=["own", "pooled"], default=[])
    args = ap.parse_args(argv)
    if args.ner is not None and not (args.ner / "config.cfg").exists():
        print(f"--ner {args.ner}: no spaCy pipeline there (config.cfg missing)", file=sys.stderr)
        return 2
    sources = ["rules"] + (["ner"] if args.ner else [])
    gold_train, gold_dev = split_records("train"), split_records(EVAL_SPLIT)
    examples, dev = {}, {}
    for source in sources:
        train_pred = predictions(source, "train", gold_train, args)
        examples[source] = training_examples(gold_train, restrict_to_gold(gold_train, train_pred))
        dev[source] = predictions(source, EVAL_SPLIT, gold_dev, args)
    examples["pooled"] = [ex for source in sources for ex in examples[source]]
    correctors: dict[str, BoundaryCorrector] = {}
    for source in sources:
        print(line(f"{source} as predicted", scores(gold_dev, dev[source])))
        for variant in args.train_on or ["own", "pooled"]:
            key = source if variant == "own" else "pooled"
            if key not in correctors:
                t0 = time.perf_counter()
                correctors[key] = BoundaryCorrector().fit(examples[key])
                c = correctors[key]
                print(
                    f"  corrector[{key}]: {len(examples[key])} train spans, threshold "
                    f"{c.threshold}, cv exact spans {c.cv_hits} ({time.perf_counter() - t0:.0f}s)"
                )
            fixed = correct_records(dev[source], correctors[key])
            print(line(f"{source} + corrector[{key}]", scores(gold_dev, fixed)), flush=True)
    if args.save:
        args.save.mkdir(parents=True, exist_ok=True)
        for key, corrector in correctors.items():
            print("saved", corrector.save(args.save / f"boundary_{key}.joblib"))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
