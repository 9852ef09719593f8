"""Trained-component comparison: ner vs spancat, and smaller/faster ner configs.

Issue #5 (spancat or ner?) and issue #7 (a faster trained component). Every
variant is a training config; for each, leave-one-document-out over the gold
reports exactly as ``benchmarks/loo_eval.py`` does for ``hybrid_ow`` (train on
the other gold reports + the authored records, INDICATOR/ACHIEVEMENT only, seed,
fixed step count, model-last; the quantity rules after it with
``overwrite_ents=True``; held-out predictions pooled and scored per label by
absolute offsets, restricted to the text the gold covers). A spancat pipeline
gets ``perf_facts_spans_to_ents`` (pipeline/training/spans.py) between spancat
and the rules, so it is scored through ``doc.ents`` like the ner.

Scoring (--scoring): ``tagger`` (default) scores the entities of the tagging
pipeline itself (``pipeline.tagging.tag_document``), i.e. what the trained
component changes; ``predict`` scores ``pipeline.predict`` (the fact assembler
on top, as ``perf-facts evaluate`` and loo_eval.py do). The fact assembler
adds/edits INDICATOR and ACHIEVEMENT spans from cue rules and, with its gate,
runs the trained components on few paragraphs, so it mixes rule effects into
(or hides) the difference between trained components.

Speed: in the same run, the assembled pipeline of each variant (the fold models
of the first document) tags the reports of corpus/sample through
``pipeline.tagging.tag_document`` (the product's path: distinct paragraphs,
batches of 64), variants interleaved over several rounds (best round kept),
with the tokenizer's chunk cache off (the rounds repeat the texts); chars/s and
the ratio to the first variant. The rule layer alone (tokenizer + quantity
rules) is timed too.

Folds are trained into ``<workdir>/<variant>/<doc>/ner2`` (the layout of
loo_eval.py) and reused when present; ``NAME=CONFIG=DIR`` reuses fold models
from DIR instead (e.g. the cached folds of configs/ner.cfg).

    OMP_NUM_THREADS=1 .venv/bin/python benchmarks/spancat_vs_ner.py \\
        --variant ner=configs/ner.cfg=/tmp/pf_loo/work \\
        --variant spancat=configs/spancat.cfg --workdir /tmp/m2 \\
        --out /tmp/m2/spancat_vs_ner.json
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path
from types import SimpleNamespace

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.loo_eval import _rel, _train
from pipeline.annotations.records import Record, load_records
from pipeline.evaluation.facts import restrict_to_gold
from pipeline.evaluation.items import span_items
from pipeline.predict import predict_for_gold
from pipeline.training.train import AUTHORED, GOLD_DIR, HYBRID_LABELS, assemble

REPORT_LABELS = (*HYBRID_LABELS, "ALL")


def parse_variant(spec: str, workdir: Path) -> tuple[str, Path, Path]:
    parts = spec.split("=")
    if len(parts) not in (2, 3) or not all(parts):
        raise SystemExit(f"--variant NAME=CONFIG[=FOLD_DIR], got {spec!r}")
    name, config = parts[0], Path(parts[1])
    folds = Path(parts[2]) if len(parts) == 3 else workdir / name
    return name, config, folds


def set_threshold(nlp, threshold: float | None) -> None:
    if threshold is None:
        return
    for name in nlp.pipe_names:
        if nlp.get_pipe_meta(name).factory in ("spancat", "spancat_singlelabel"):
            nlp.get_pipe(name).cfg["threshold"] = threshold


def is_spancat(nlp) -> bool:
    return any(
        nlp.get_pipe_meta(n).factory in ("spancat", "spancat_singlelabel") for n in nlp.pipe_names
    )


def tagger_items(nlp, gold: list[Record], source: Path) -> tuple[list, list]:
    """(gold items, predicted items) of the held-out documents, keyed by absolute
    offsets: the entities of the whole tagging pipeline (``tag_document``: model,
    then the quantity rules), without the fact assembler, restricted to the text
    the gold covers (as ``pipeline.evaluation.facts.restrict_to_gold`` does)."""
    from pipeline.evaluation.items import span_items
    from pipeline.ingest import read_document
    from pipeline.ingest.offsets import offset_shift
    from pipeline.predict import group_by_source
    from pipeline.tagging import tag_document

    ranges: dict[str, list[tuple[int, int]]] = {}
    for r in gold:
        ranges.setdefault(r.meta.doc, []).append((r.meta.offset, r.meta.offset + len(r.text)))
    pred = []
    for doc_id, source_name in group_by_source(gold):
        path = source / source_name
        if not path.is_file():
            raise SystemExit(f"missing source file: {path}")
        document = read_document(path)
        shift = offset_shift(document)
        for e in tag_document(nlp, document):
            a, b = shift + e.start, shift + e.end
            if any(lo <= a and b <= hi for lo, hi in ranges[doc_id]):
                pred.append((e.label, (doc_id, a, b)))
    return span_items(gold), pred


def loo(variants, gold, authored, args) -> tuple[dict, dict]:
    """Pooled scores per (variant, threshold) and the fold-model dirs of each variant."""
    from pipeline.evaluation.prf import prf_by_label

    docs = sorted({r.meta.doc for r in gold})
    items: dict[str, tuple[list, list]] = {}
    fold_dirs: dict[str, list[Path]] = {name: [] for name, _, _ in variants}
    for doc in docs:
        print(f"fold: hold out {doc}", flush=True)
        test = [r for r in gold if r.meta.doc == doc]
        train = [r for r in gold if r.meta.doc != doc] + authored
        for name, config, folds in variants:
            targs = SimpleNamespace(
                config=str(config),
                seed=args.seed,
                max_steps=args.max_steps,
                eval_frequency=args.eval_frequency,
            )
            model = _train(train, folds / doc / "ner2", HYBRID_LABELS, targs)
            fold_dirs[name].append(model)
            nlp = assemble(model, quantities=True, overwrite_ents=True)
            thresholds = args.thresholds if is_spancat(nlp) else [None]
            for th in thresholds:
                set_threshold(nlp, th)
                key = name if th is None else f"{name}@{th:g}"
                if args.scoring == "predict":
                    pred, missing = predict_for_gold(nlp, test, args.source)
                    if missing:
                        raise SystemExit(f"missing source files: {missing}")
                    g, p = span_items(test), span_items(restrict_to_gold(test, pred))
                else:
                    g, p = tagger_items(nlp, test, Path(args.source))
                acc = items.setdefault(key, ([], []))
                acc[0].extend(g)
                acc[1].extend(p)
                f1 = prf_by_label(g, p)["INDICATOR"].f1
                print(f"  {key:16s} INDICATOR F1 {f1:.3f}", flush=True)
    pooled = {}
    for key, (g, p) in items.items():
        scores = prf_by_label(g, p)
        pooled[key] = {k: scores[k].as_dict() for k in REPORT_LABELS if k in scores}
    return pooled, fold_dirs


def _nocache(nlp) -> None:
    segment = getattr(nlp.tokenizer, "_segment", None)
    if segment is not None and hasattr(segment, "_cut"):
        segment._cached = segment._cut


def speeds(variants, fold_dirs, args) -> dict[str, float]:
    """chars/s of ``pipeline.tagging.tag_document`` (the product's tagging path)
    over the sample reports, per pipeline; interleaved rounds, best round."""
    from pipeline.ingest import read_document
    from pipeline.loading import rules_pipeline
    from pipeline.tagging import tag_document

    documents = [read_document(p) for p in sorted(Path(args.source).glob("*.txt"))]
    chars = sum(len(d.text) for d in documents)
    nlps = {"rules only": rules_pipeline()}
    for name, _, _ in variants:
        nlp = assemble(fold_dirs[name][0], quantities=True, overwrite_ents=True)
        set_threshold(nlp, args.speed_threshold)
        nlps[name] = nlp
    for nlp in nlps.values():
        _nocache(nlp)  # the rounds repeat the same texts
        list(tag_document(nlp, documents[0]))  # warm up
    best = {k: 0.0 for k in nlps}
    for _ in range(args.rounds):
        for key, nlp in nlps.items():
            t0 = time.perf_counter()
            for d in documents:
                for _e in tag_document(nlp, d):
                    pass
            best[key] = max(best[key], chars / (time.perf_counter() - t0))
    print(
        f"speed: tag_document over {len(documents)} reports, {chars} chars, best of {args.rounds} rounds"
    )
    return best


def print_tables(pooled: dict, speed: dict | None, first: str) -> None:
    print()
    head = f"{'variant':18s}" + "".join(f"{lab + ' P/R/F1':>26s}" for lab in REPORT_LABELS)
    print(head)
    for key, scores in pooled.items():
        row = f"{key:18s}"
        for lab in REPORT_LABELS:
            d = scores.get(lab)
            row += (
                f"{'-':>26s}"
                if d is None
                else f"{d['precision']:.3f}/{d['recall']:.3f}/{d['f1']:.3f}".rjust(26)
            )
        print(row)
    if speed:
        print()
        base = speed.get(first) or 1.0
        for key, cps in speed.items():
            print(f"{key:18s} {cps:10.0f} chars/s   x{cps / base:.2f} of {first}")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--variant", action="append", required=True, help="NAME=CONFIG[=FOLD_DIR]")
    ap.add_argument("--workdir", default="/tmp/perf_facts_variants")
    ap.add_argument("--gold", default=str(GOLD_DIR))
    ap.add_argument("--source", default=str(ROOT / "corpus" / "sample"))
    ap.add_argument("--max-steps", type=int, default=1500)
    ap.add_argument("--eval-frequency", type=int, default=500)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--no-authored", action="store_true")
    ap.add_argument(
        "--thresholds",
        type=float,
        nargs="+",
        default=[0.5],
        help="spancat thresholds scored (no retraining); the config's is 0.5",
    )
    ap.add_argument("--speed-threshold", type=float, default=None)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument(
        "--scoring",
        choices=("tagger", "predict"),
        default="tagger",
        help="tagger: the entities of the tagging pipeline (tag_document), the trained "
        "component's own effect; predict: pipeline.predict (the fact assembler on top, "
        "as `perf-facts evaluate`)",
    )
    ap.add_argument("--no-speed", action="store_true")
    ap.add_argument(
        "--speed-only",
        action="store_true",
        help="no LOO scoring: time the already trained fold models of the first document",
    )
    ap.add_argument("--out", default=None)
    args = ap.parse_args(argv)

    workdir = Path(args.workdir)
    variants = [parse_variant(v, workdir) for v in args.variant]
    gold = load_records(args.gold)
    authored = [] if args.no_authored else load_records(AUTHORED)
    t0 = time.time()
    if args.speed_only:
        first = min(r.meta.doc for r in gold)
        pooled = {}
        fold_dirs = {n: [f / first / "ner2" / "out" / "model-last"] for n, _, f in variants}
    else:
        pooled, fold_dirs = loo(variants, gold, authored, args)
    speed = None if args.no_speed else speeds(variants, fold_dirs, args)
    print_tables(pooled, speed, variants[0][0])
    if args.out:
        out = Path(args.out)
        out.parent.mkdir(parents=True, exist_ok=True)
        result = {
            "setup": {
                "variants": {n: _rel(str(c)) for n, c, _ in variants},
                "max_steps": args.max_steps,
                "seed": args.seed,
                "authored": not args.no_authored,
                "composition": "hybrid_ow (trained INDICATOR/ACHIEVEMENT + rules, overwrite_ents)",
                "pooled": "held-out predictions of all folds, scored together",
                "scoring": args.scoring,
                "seconds_this_run": round(time.time() - t0),
            },
            "pooled": pooled,
            "chars_per_s": speed,
        }
        out.write_text(json.dumps(result, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        print(f"wrote {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
