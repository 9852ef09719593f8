"""Learning curve and held-out predictions for notebooks/03_annotation_loop.ipynb.

Training a spaCy NER takes minutes, too long for a notebook run in CI, so this
script does the training once and writes small JSON files the notebook reads:

* ``data/learning_curve.json`` — the hybrid pipeline (NER for INDICATOR and
  ACHIEVEMENT + the quantity rules) trained on growing fractions of the training
  documents (the other gold reports + the authored set), scored on the held-out
  gold report by absolute offsets.
* ``data/heldout_predictions.jsonl`` — what the largest model tags in the
  held-out report (guide-format records), for the error analysis.

    OMP_NUM_THREADS=1 .venv/bin/python notebooks/learning_curve.py            # ~10 min
    OMP_NUM_THREADS=1 .venv/bin/python notebooks/learning_curve.py --max-steps 300

``--gold-only`` trains one extra point, the gold of the other reports without
the authored set (same steps and seed), and adds it to ``extra_points`` of the
existing ``data/learning_curve.json`` (the curve's ``points`` are left as they
are; the held-out predictions are not rewritten):

    OMP_NUM_THREADS=1 .venv/bin/python notebooks/learning_curve.py --max-steps 800 --gold-only
"""

from __future__ import annotations

import argparse
import json
import random
import tempfile
import time
from pathlib import Path

from pipeline.annotations.records import load_records
from pipeline.predict import predict_for_gold, score_evaluation
from pipeline.training.train import AUTHORED, GOLD_DIR, HYBRID_LABELS, assemble, train_ner

ROOT = Path(__file__).resolve().parents[1]
DATA = Path(__file__).resolve().parent / "data"
HELD_OUT = "002_81d1fd1d098c38fa"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--held-out", default=HELD_OUT)
    ap.add_argument("--fractions", type=float, nargs="+", default=[0.25, 0.5, 1.0])
    ap.add_argument("--max-steps", type=int, default=800)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--out", default=str(DATA))
    ap.add_argument(
        "--gold-only",
        action="store_true",
        help="add one point: gold of the other reports, no authored (to extra_points)",
    )
    args = ap.parse_args(argv)
    if args.gold_only:
        return gold_only_point(args)

    gold = load_records(GOLD_DIR)
    test = [r for r in gold if r.meta.doc == args.held_out]
    pool = [r for r in gold if r.meta.doc != args.held_out] + load_records(AUTHORED)
    docs = sorted({r.meta.doc for r in pool})
    random.Random(args.seed).shuffle(docs)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    points = []
    t_all = time.time()
    for fraction in sorted(args.fractions):
        keep = set(docs[: max(1, round(fraction * len(docs)))])
        train = [r for r in pool if r.meta.doc in keep]
        t0 = time.time()
        with tempfile.TemporaryDirectory() as work:
            result = train_ner(
                train,
                work,
                labels=HYBRID_LABELS,
                seed=args.seed,
                max_steps=args.max_steps,
                eval_frequency=args.max_steps,
            )
            nlp = assemble(result.ner_dir, quantities=True)
            pred, missing = predict_for_gold(nlp, test, ROOT / "corpus" / "sample")
        if missing:
            raise SystemExit(f"missing sources: {missing}")
        ev = score_evaluation(test, pred)
        points.append(
            {
                "fraction": fraction,
                "train_documents": len(keep),
                "train_records": len(train),
                "train_spans": sum(len(r.spans) for r in train),
                "seconds": round(time.time() - t0),
                "spans": {k: v.as_dict() for k, v in ev.spans.items()},
            }
        )
        print(
            f"{fraction:.2f}: {len(train)} records, ALL F1 {ev.spans['ALL'].f1:.3f}, "
            f"INDICATOR F1 {ev.spans.get('INDICATOR').f1 if 'INDICATOR' in ev.spans else 0:.3f}",
            flush=True,
        )
        if fraction == max(args.fractions):
            with (out / "heldout_predictions.jsonl").open("w", encoding="utf-8") as fh:
                for r in pred:
                    fh.write(json.dumps(r.to_dict(), ensure_ascii=False) + "\n")
    # keep extra points (--gold-only) made with the same held-out report and steps
    extra = []
    previous = out / "learning_curve.json"
    if previous.exists():
        prev = json.loads(previous.read_text(encoding="utf-8"))
        if (prev["setup"]["max_steps"], prev["setup"]["held_out"]) == (
            args.max_steps,
            args.held_out,
        ):
            extra = prev.get("extra_points", [])
    (out / "learning_curve.json").write_text(
        json.dumps(
            {
                "setup": {
                    "held_out": args.held_out,
                    "pipeline": "hybrid: NER (INDICATOR, ACHIEVEMENT) + quantity rules",
                    "config": "configs/ner.cfg",
                    "max_steps": args.max_steps,
                    "seed": args.seed,
                    "training_pool_documents": len(docs),
                    "seconds": round(time.time() - t_all),
                    "command": "OMP_NUM_THREADS=1 .venv/bin/python notebooks/learning_curve.py "
                    f"--max-steps {args.max_steps}",
                },
                "points": points,
                **({"extra_points": extra} if extra else {}),
            },
            ensure_ascii=False,
            indent=2,
        )
        + "\n",
        encoding="utf-8",
    )
    return 0


def _train_and_score(train, test, seed: int, max_steps: int):
    with tempfile.TemporaryDirectory() as work:
        result = train_ner(
            train,
            work,
            labels=HYBRID_LABELS,
            seed=seed,
            max_steps=max_steps,
            eval_frequency=max_steps,
        )
        nlp = assemble(result.ner_dir, quantities=True)
        pred, missing = predict_for_gold(nlp, test, ROOT / "corpus" / "sample")
    if missing:
        raise SystemExit(f"missing sources: {missing}")
    return score_evaluation(test, pred)


def gold_only_point(args) -> int:
    path = Path(args.out) / "learning_curve.json"
    curve = json.loads(path.read_text(encoding="utf-8"))
    if curve["setup"]["max_steps"] != args.max_steps or curve["setup"]["held_out"] != args.held_out:
        raise SystemExit(
            f"{path} was made with --max-steps {curve['setup']['max_steps']} and held-out "
            f"{curve['setup']['held_out']}; use the same"
        )
    gold = load_records(GOLD_DIR)
    test = [r for r in gold if r.meta.doc == args.held_out]
    train = [r for r in gold if r.meta.doc != args.held_out]
    t0 = time.time()
    ev = _train_and_score(train, test, args.seed, args.max_steps)
    point = {
        "subset": "gold_only",
        "description": "gold of the other reports, no authored records",
        "train_documents": len({r.meta.doc for r in train}),
        "train_records": len(train),
        "train_spans": sum(len(r.spans) for r in train),
        "seconds": round(time.time() - t0),
        "command": "OMP_NUM_THREADS=1 .venv/bin/python notebooks/learning_curve.py "
        f"--max-steps {args.max_steps} --gold-only",
        "spans": {k: v.as_dict() for k, v in ev.spans.items()},
    }
    extra = [p for p in curve.get("extra_points", []) if p.get("subset") != "gold_only"]
    curve["extra_points"] = [*extra, point]
    path.write_text(json.dumps(curve, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print(
        f"gold only: {len(train)} records, ALL F1 {ev.spans['ALL'].f1:.3f}, INDICATOR F1 "
        f"{ev.spans['INDICATOR'].f1 if 'INDICATOR' in ev.spans else 0:.3f}",
        flush=True,
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
