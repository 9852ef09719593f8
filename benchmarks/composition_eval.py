"""Compare pipeline compositions on one part of ``annotations/splits.json``.

Each candidate is a model (a trained pipeline folder, or ``rules``), how its
trained components meet the rules, and the fact assembler's composition:

  rules                    rule quantities + cue indicators + tables, no trained part
  <name>:gaps:<cues>       the tagger only in paragraphs the rules leave a gap in
  <name>:all:<cues>        the tagger in every paragraph
  <name>+rules_first:...   the quantity rules run BEFORE the NER, which then keeps
                           their spans as preset entities and tags around them
                           (spaCy's ner respects entities already on the Doc)

<cues> is a cue policy (pipeline/facts/composition.py): cues_first, merge,
fallback, off. Scores are exact-span P/R/F1 by absolute offsets
(``perf-facts evaluate``'s), MEASURES relations, role accuracy and fact F1,
for the whole part and per ``meta.sector`` and ``meta.layout``.

The composition is CHOSEN on dev; unseen-test is scored only to report:

    .venv/bin/python benchmarks/composition_eval.py --split dev \\
        --model ner=models/perf_facts_zh --out models/composition_dev.json
    .venv/bin/python benchmarks/composition_eval.py --split unseen-test \\
        --model ner=models/perf_facts_zh --by sector --by layout \\
        --out models/composition_unseen.json
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import defaultdict
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from spacy.language import Language

from pipeline.annotations.corpus import TEXT_DIRS, find_source, split_records
from pipeline.annotations.records import Record
from pipeline.evaluation.facts import score_facts
from pipeline.facts.composition import CUE_MODES
from pipeline.loading import load_pipeline
from pipeline.predict import predict_for_gold, score_evaluation
from pipeline.settings import CompositionSettings
from pipeline.training.package import re_add_pipe

REPORTED = ("MONEY", "COUNT", "PERCENT", "INDICATOR", "ACHIEVEMENT")
QUANTITIES = "perf_facts_quantities"


def rules_first(nlp: Language) -> Language:
    """The same pipeline with the quantity rules moved before the NER."""
    if QUANTITIES not in nlp.pipe_names or "ner" not in nlp.pipe_names:
        raise ValueError("rules_first needs a pipeline with ner and perf_facts_quantities")
    re_add_pipe(nlp, QUANTITIES, before="ner")
    return nlp


def default_candidates(models: dict[str, str]) -> list[str]:
    out = ["rules"]
    for name in models:
        out.append(f"{name}:gaps:cues_first")
        out += [f"{name}:all:{cues}" for cues in CUE_MODES]
        if name.startswith("ner"):
            out += [f"{name}+rules_first:all:merge", f"{name}+rules_first:all:cues_first"]
    return out


def summarise(gold: Sequence[Record], pred: Sequence[Record]) -> dict:
    ev = score_evaluation(gold, pred)
    facts = score_facts(gold, pred).as_dict()
    return {
        "documents": len({r.doc for r in gold}),
        **{label: round(ev.spans[label].f1, 4) for label in REPORTED if label in ev.spans},
        "ALL": round(ev.spans["ALL"].f1, 4),
        "MEASURES": round(facts["relations"]["f1"], 4),
        "role_accuracy": round(ev.role_accuracy, 4),
        "facts": round(facts["facts"]["f1"], 4),
    }


def grouped(gold: Sequence[Record], pred: Sequence[Record], key: str) -> dict[str, dict]:
    by_doc: dict[str, str] = {}
    for r in gold:
        by_doc.setdefault(r.doc, str(r.meta.extra.get(key, "?")))
    groups: dict[str, list[str]] = defaultdict(list)
    for doc, value in by_doc.items():
        groups[value].append(doc)
    out = {}
    for value, docs in sorted(groups.items()):
        keep = set(docs)
        out[value] = summarise(
            [r for r in gold if r.doc in keep], [r for r in pred if r.doc in keep]
        )
    return out


def markdown(results: dict, by: Sequence[str], detail: str | None) -> str:
    """The candidates' table, then per-sector/layout tables for ``detail``."""
    cols = [*REPORTED, "MEASURES", "role_accuracy", "facts"]
    head = "| candidate | " + " | ".join(cols) + " |\n|---|" + "---:|" * len(cols) + "\n"
    rows = "".join(
        f"| {name} | " + " | ".join(f"{e['all'][c]:.3f}" for c in cols) + " |\n"
        for name, e in results.items()
    )
    out = [head + rows]
    for key in by if detail in results else ():
        head = f"| {key} | docs | " + " | ".join(cols) + " |\n|---|---:|" + "---:|" * len(cols)
        lines = [
            f"| {value} | {row['documents']} | " + " | ".join(f"{row[c]:.3f}" for c in cols) + " |"
            for value, row in results[detail][key].items()
        ]
        out.append(f"{detail}, per {key}:\n\n" + head + "\n" + "\n".join(lines) + "\n")
    return "\n".join(out)


def source_chars(gold: Sequence[Record]) -> int:
    """Characters of the source files the gold's documents come from."""
    names = {r.meta.source_name for r in gold}
    return sum(
        len(p.read_text(encoding="utf-8-sig")) for n in names if (p := find_source(n, TEXT_DIRS))
    )


def build(candidate: str, models: dict[str, str]) -> tuple[Language, CompositionSettings]:
    if candidate == "rules":
        return load_pipeline("rules"), CompositionSettings()
    model, tagger, cues = candidate.split(":")
    name, _, variant = model.partition("+")
    nlp = load_pipeline(models[name])
    if variant == "rules_first":
        nlp = rules_first(nlp)
    elif variant:
        raise ValueError(f"unknown variant {variant!r}")
    return nlp, CompositionSettings(cues=cues, tagger=tagger)


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--split", default="dev", help="part of --splits to score (default dev)")
    ap.add_argument("--splits", default=str(ROOT / "annotations" / "splits.json"))
    ap.add_argument(
        "--model",
        action="append",
        default=[],
        metavar="NAME=PATH",
        help="a trained pipeline (repeatable); candidates are built for each",
    )
    ap.add_argument("--candidate", action="append", default=[], help="only these (repeatable)")
    ap.add_argument("--by", action="append", default=[], choices=["sector", "layout"])
    ap.add_argument("--out", type=Path, help="write the scores as JSON")
    ap.add_argument(
        "--markdown", action="store_true", help="print markdown tables (for the model card)"
    )
    ap.add_argument("--detail", help="the candidate whose --by tables --markdown prints")
    args = ap.parse_args(argv)
    models = dict(m.split("=", 1) for m in args.model)
    gold = split_records(args.split, args.splits)
    results = {}
    for candidate in args.candidate or default_candidates(models):
        nlp, settings = build(candidate, models)
        t0 = time.perf_counter()
        pred, missing = predict_for_gold(nlp, gold, TEXT_DIRS, settings)
        seconds = time.perf_counter() - t0
        if missing:
            print(f"missing sources: {missing[:3]}", file=sys.stderr)
            return 2
        entry = {
            "all": summarise(gold, pred),
            "seconds": round(seconds, 1),
            # reading + tagging + assembly, one process; a rough speed, benchmarks/throughput.py
            # measures it properly
            "chars_per_s": round(source_chars(gold) / seconds),
        }
        for key in args.by:
            entry[key] = grouped(gold, pred, key)
        results[candidate] = entry
        row = entry["all"]
        print(
            f"{candidate:34s} "
            + " ".join(f"{k} {row[k]:.3f}" for k in row if k != "documents")
            + f" chars/s {entry['chars_per_s']}",
            flush=True,
        )
    if args.markdown:
        print(markdown(results, args.by, args.detail))
    if args.out:
        payload = {"split": args.split, "models": models, "candidates": results}
        args.out.write_text(json.dumps(payload, ensure_ascii=False, indent=1) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
