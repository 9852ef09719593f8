"""Leave-one-document-out comparison of pipeline compositions on the gold reports.

For each gold document d (one fold each), train on the gold of the other
documents (+ the authored training-only records, unless --no-authored) and tag
d from its source file, then pool the held-out predictions of all folds and
score them per label by absolute offsets (pipeline.predict):

  rules   the rule layer alone (tokenizer + perf_facts_quantities); no training
  ner     the NER trained on all five labels, alone
  hybrid  the NER trained on INDICATOR and ACHIEVEMENT only, then the quantity
          rules with overwrite_ents=False (a rule quantity never replaces an
          NER span it overlaps)
  hybrid_ow  the same NER models, rules with overwrite_ents=True (a rule
          quantity replaces an NER span it overlaps); no extra training;
          the fact assembler reads cue indicators only where the tagger
          found no INDICATOR at all (pipeline.facts cue mode "fallback")
  hybrid_cues  hybrid_ow's tagger, and the fact assembler's cue mode "merge"
          (the shipped default): cue indicators for quantities whose clause
          has no tagged INDICATOR (a tagged one wins), unmeasured tagged
          INDICATORs in paragraphs with quantities dropped, and rule
          ACHIEVEMENTs where no tagged span lies
  hybrid_cues_first  the same, but the cues' indicator and the rule
          ACHIEVEMENT win where they overlap a tagged span (cue mode
          "cues_first"; a measurement, chosen after the other figures)

The rules composition runs the assembler in "merge" mode as well (with no
tagged INDICATOR it reads cues everywhere, as "fallback" did), so it includes
the rule ACHIEVEMENTs.

Trainings use configs/ner.cfg with a fixed seed and a fixed step cap, and keep
model-last (no model selection on the held-out document).

    OMP_NUM_THREADS=1 .venv/bin/python benchmarks/loo_eval.py --max-steps 1500 \
        --workdir /tmp/perf_facts_loo --out models/loo_results.json

Trained folds are reused from --workdir when present (delete it to retrain).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from pipeline.annotations.records import Record, load_records
from pipeline.evaluation.facts import score_facts
from pipeline.predict import predict_for_gold, score_evaluation
from pipeline.resources.vocabulary import LABELS
from pipeline.settings import CompositionSettings
from pipeline.training.train import (
    AUTHORED,
    DEFAULT_CONFIG,
    GOLD_DIR,
    HYBRID_LABELS,
    assemble,
    train_ner,
)

COMPOSITIONS = (
    "rules",
    "ner",
    "hybrid",
    "hybrid_ow",
    "hybrid_cues",
    "hybrid_cues_first",
    "hybrid_gated",
)
# The fact assembler's cue mode per composition (pipeline.facts.CueMode);
# hybrid_ow and hybrid_cues share one tagger and differ only in it.
CUE_MODE = {
    "rules": "merge",  # no tagged INDICATOR: the same as "fallback"
    "ner": "fallback",
    "hybrid": "fallback",
    "hybrid_ow": "fallback",
    "hybrid_cues": "merge",
    "hybrid_cues_first": "cues_first",
    "hybrid_gated": "cues_first",
}
# Compositions whose trained components run only where the rules leave a gap.
GATED = {"hybrid_gated"}


def _train(records: list[Record], workdir: Path, labels, args) -> Path:
    ner_dir = workdir / "out" / "model-last"
    if (ner_dir / "config.cfg").exists():
        print(f"  reuse {ner_dir}", flush=True)
        return ner_dir
    t0 = time.time()
    result = train_ner(
        records,
        workdir,
        config=args.config,
        labels=labels,
        seed=args.seed,
        max_steps=args.max_steps,
        eval_frequency=args.eval_frequency,
    )
    print(
        f"  trained {workdir.name}: {result.train_records} records, labels {result.labels}, "
        f"{result.misaligned} misaligned, {time.time() - t0:.0f}s",
        flush=True,
    )
    return result.ner_dir


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--gold", default=str(GOLD_DIR))
    ap.add_argument("--source", default=str(ROOT / "corpus" / "sample"))
    ap.add_argument("--config", default=str(DEFAULT_CONFIG))
    ap.add_argument("--max-steps", type=int, default=1500)
    ap.add_argument("--eval-frequency", type=int, default=500)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--no-authored", action="store_true")
    ap.add_argument("--workdir", default="/tmp/perf_facts_loo")
    ap.add_argument("--out", default=str(ROOT / "models" / "loo_results.json"))
    ap.add_argument("--compositions", nargs="+", default=list(COMPOSITIONS))
    ap.add_argument("--folds", nargs="*", help="only these held-out doc ids/prefixes")
    args = ap.parse_args(argv)

    from pipeline.loading import rules_pipeline

    gold = load_records(args.gold)
    authored = [] if args.no_authored else load_records(AUTHORED)
    docs = sorted({r.meta.doc for r in gold})
    if args.folds:
        docs = [d for d in docs if d.startswith(tuple(args.folds))]
    workdir = Path(args.workdir)
    preds: dict[str, list[Record]] = {c: [] for c in args.compositions}
    held_gold: list[Record] = []
    per_fold: dict[str, dict] = {}
    t_start = time.time()
    for doc in docs:
        print(f"fold: hold out {doc}", flush=True)
        test = [r for r in gold if r.meta.doc == doc]
        train = [r for r in gold if r.meta.doc != doc] + authored
        held_gold += test
        per_fold[doc] = {}
        for comp in args.compositions:
            if comp == "rules":
                nlp = rules_pipeline()
            elif comp == "ner":
                nlp = assemble(
                    _train(train, workdir / doc / "ner5", LABELS, args), quantities=False
                )
            elif comp in (
                "hybrid",
                "hybrid_ow",
                "hybrid_cues",
                "hybrid_cues_first",
                "hybrid_gated",
            ):
                nlp = assemble(
                    _train(train, workdir / doc / "ner2", HYBRID_LABELS, args),
                    quantities=True,
                    overwrite_ents=comp != "hybrid",
                )
            else:
                raise SystemExit(f"unknown composition {comp}")
            pred, missing = predict_for_gold(
                nlp,
                test,
                args.source,
                CompositionSettings(CUE_MODE[comp], "gaps" if comp in GATED else "all"),
            )
            if missing:
                raise SystemExit(f"missing source files: {missing}")
            preds[comp] += pred
            ev = score_evaluation(test, pred)
            per_fold[doc][comp] = {k: v.as_dict() for k, v in ev.spans.items()}
            print(f"  {comp:7s} ALL F1 {ev.spans['ALL'].f1:.3f}", flush=True)

    results = {
        "setup": {
            "gold": _rel(args.gold),
            "documents": docs,
            "config": _rel(args.config),
            "max_steps": args.max_steps,
            "seed": args.seed,
            "authored": not args.no_authored,
            "pooled": "held-out predictions of all folds, scored together",
            "seconds_this_run": round(time.time() - t_start),  # trained folds are reused
        },
        "pooled": {},
        # roles, MEASURES relations and facts of the same held-out predictions
        "pooled_facts": {},
        "folds": per_fold,
    }
    for comp in args.compositions:
        ev = score_evaluation(held_gold, preds[comp])
        results["pooled"][comp] = {k: v.as_dict() for k, v in ev.spans.items()}
        results["pooled_facts"][comp] = score_facts(held_gold, preds[comp]).as_dict()
    print_table(results["pooled"])
    for comp, f in results["pooled_facts"].items():
        rel, fact = f["relations"], f["facts"]
        print(
            f"{comp:18s} role accuracy {f['roles']['accuracy']:.3f}  "
            f"MEASURES P/R/F1 {rel['precision']:.3f}/{rel['recall']:.3f}/{rel['f1']:.3f}  "
            f"facts P/R/F1 {fact['precision']:.3f}/{fact['recall']:.3f}/{fact['f1']:.3f}"
        )
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(results, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {out}")
    return 0


def _rel(path: str) -> str:
    p = Path(path).resolve()
    return str(p.relative_to(ROOT)) if p.is_relative_to(ROOT) else str(path)


def print_table(pooled: dict[str, dict]) -> None:
    from rich.console import Console
    from rich.table import Table

    labels = [*LABELS, "ALL"]
    table = Table(title="Leave-one-document-out, pooled over held-out documents")
    table.add_column("label")
    table.add_column("support", justify="right")
    for comp in pooled:
        table.add_column(f"{comp} P/R/F1", justify="right")
    for label in labels:
        support = next((pooled[c][label]["support"] for c in pooled if label in pooled[c]), 0)
        row = [label, str(support)]
        for scores in pooled.values():
            d = scores.get(label)
            row.append(
                "-" if d is None else f"{d['precision']:.3f} / {d['recall']:.3f} / {d['f1']:.3f}"
            )
        table.add_row(*row)
    Console(width=160).print(table)


if __name__ == "__main__":
    raise SystemExit(main())
