"""Segmenter study (issue 5): jieba + domain dictionary vs spacy-pkuseg trained on
our corpus vs character segmentation, on one held-out fold.

For each segmenter the shipped hybrid is trained the same way (configs/ner.cfg
with only ``[nlp.tokenizer]`` changed; NER on INDICATOR + ACHIEVEMENT; gold of
the three other reports + authored; same ``--seeds`` and ``--max-steps``;
model-last; quantity rules with ``overwrite_ents=true``), saved under the work
directory, and scored on the held-out gold report with what
``perf-facts evaluate --json`` computes (``pipeline.predict.evaluate``), in
process because of a pkuseg whitespace bug (see ``patch_pkuseg_whitespace``).

The pkuseg model is trained on the *training* paragraphs only (gold of the
three training reports + authored, never the held-out report): each paragraph
is segmented by the project tokenizer (number pre-splitting + jieba + domain
dictionary) and then every gold span boundary (all five labels) is forced to
be a word boundary, so the segmenter learns the guide's boundaries. Whitespace
is dropped (pkuseg's training format separates words by spaces). Every 10th
paragraph is pkuseg's test file (its progress log only).

Throughput: in this one process, after all training, each pipeline tags the
paragraphs of corpus/sample (tokenizer alone, then the full pipeline via
``nlp.pipe``), the variants interleaved within each repeat, best of
``--repeats`` runs, 1 thread; chars/s. The jieba cut
cache is off unless ``--cut-cache`` (the other segmenters have none, and the
repeated runs over the same text would time cache hits).

Reuses trained models from ``--workdir`` when present (delete a variant's
directory to retrain it), so the variants can be trained in separate runs and
measured together in a final one. All of it in one run: about 25 min on 2
shared cores (9 NER trainings of 1.5-4 min, the pkuseg model in under a minute).

    OMP_NUM_THREADS=1 .venv/bin/python benchmarks/segmenter_study.py --max-steps 1000 --seeds 0 1 2 \\
        --workdir /tmp/pf_segstudy --out models/segmenter_study.json
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

HELD_OUT = "002_81d1fd1d098c38fa"
VARIANTS = ("jieba", "pkuseg", "char")
SAMPLE = ROOT / "corpus" / "sample"


def training_records(held_out: str):
    from pipeline.annotations.records import load_records
    from pipeline.training.train import AUTHORED, GOLD_DIR

    gold = [r for r in load_records(GOLD_DIR) if r.meta.doc != held_out]
    return gold + load_records(AUTHORED)


def write_config(work: Path, segmenter: str, pkuseg_model: Path | None) -> Path:
    text = (ROOT / "configs" / "ner.cfg").read_text(encoding="utf-8")
    block = re.search(r"\[nlp\.tokenizer\]\n(?:[^\[\n].*\n)+", text)
    assert block, "configs/ner.cfg has no [nlp.tokenizer] block"
    new = (
        "[nlp.tokenizer]\n"
        '@tokenizers = "perf_facts.tokenizer.v1"\n'
        f'segmenter = "{segmenter}"\n'
        "use_domain_dict = true\n"
        "hmm = false\n"
        + (f'pkuseg_model = "{pkuseg_model}"\n' if pkuseg_model else "pkuseg_model = null\n")
    )
    path = work / f"ner_{segmenter}.cfg"
    path.write_text(text.replace(block.group(0), new), encoding="utf-8")
    return path


def pkuseg_lines(records) -> tuple[list[str], dict]:
    """Training lines for spacy_pkuseg: project-jieba words with every gold
    span boundary forced to be a word boundary."""
    from pipeline.tokenize import make_nlp

    tok = make_nlp("jieba").tokenizer
    lines: list[str] = []
    forced = 0
    for r in records:
        words = tok.words(r.text)
        cuts = set()
        pos = 0
        for w in words:
            pos += len(w)
            cuts.add(pos)
        for s in r.spans:
            for b in (s.start, s.end):
                if 0 < b < len(r.text) and b not in cuts:
                    cuts.add(b)
                    forced += 1
        cuts.add(len(r.text))
        out, prev = [], 0
        for c in sorted(cuts):
            piece = "".join(r.text[prev:c].split())  # pkuseg: spaces separate words
            if piece:
                out.append(piece)
            prev = c
        if out:
            lines.append(" ".join(out))
    return lines, {"paragraphs": len(lines), "forced_boundaries": forced}


def train_pkuseg(work: Path, records, iters: int) -> tuple[Path, dict]:
    import spacy_pkuseg

    model_dir = work / "pkuseg_model"
    info_path = work / "pkuseg_info.json"
    if (model_dir / "features.msgpack").exists() and info_path.exists():
        return model_dir, json.loads(info_path.read_text())
    lines, info = pkuseg_lines(records)
    train_file, test_file = work / "pkuseg_train.txt", work / "pkuseg_test.txt"
    train_file.write_text("\n".join(lines) + "\n", encoding="utf-8")
    test_file.write_text("\n".join(lines[::10]) + "\n", encoding="utf-8")
    model_dir.mkdir(parents=True, exist_ok=True)
    t0 = time.time()
    spacy_pkuseg.train(str(train_file), str(test_file), str(model_dir), train_iter=iters)
    info.update({"train_iter": iters, "seconds": round(time.time() - t0)})
    info_path.write_text(json.dumps(info, indent=2))
    return model_dir, info


def variant_dir(work: Path, segmenter: str, seed: int) -> Path:
    return work / (segmenter if seed == 0 else f"{segmenter}_seed{seed}")


def train_variant(work: Path, segmenter: str, records, args, seed: int, pkuseg_model=None) -> dict:
    from pipeline.training.train import HYBRID_LABELS, assemble, train_ner

    vdir = variant_dir(work, segmenter, seed)
    model = vdir / "model"
    info_path = vdir / "train_info.json"
    if (model / "config.cfg").exists() and info_path.exists():
        return json.loads(info_path.read_text())
    vdir.mkdir(parents=True, exist_ok=True)
    cfg = write_config(work, segmenter, pkuseg_model)
    t0 = time.time()
    res = train_ner(
        records,
        vdir / "train",
        config=cfg,
        labels=HYBRID_LABELS,
        seed=seed,
        max_steps=args.max_steps,
        eval_frequency=args.max_steps,
    )
    nlp = assemble(res.ner_dir, quantities=True, overwrite_ents=True)
    nlp.config["paths"]["train"] = None
    nlp.config["paths"]["dev"] = None
    nlp.to_disk(model)
    info = {
        "train_records": res.train_records,
        "misaligned_spans": res.misaligned,
        "train_seconds": round(time.time() - t0),
    }
    info_path.write_text(json.dumps(info, indent=2))
    return info


def patch_pkuseg_whitespace() -> None:
    """Work around a bug in ``PkusegSegmenter``: spacy_pkuseg drops whitespace,
    so its words do not concatenate to the text and spaCy raises E194 on any
    paragraph with a space. Here (this script only) whitespace runs become
    tokens of their own and pkuseg segments the text between them, as jieba
    does. The fix belongs in ``pipeline/tokenize/segmenters.py``; until then a
    pkuseg pipeline cannot tag our corpus, so it is scored in this process
    (same code path as ``perf-facts evaluate``: ``pipeline.predict.evaluate``)
    rather than by the CLI."""
    from pipeline.tokenize import segmenters

    def call(self, text: str) -> list[str]:
        out: list[str] = []
        for m in re.finditer(r"\s+|\S+", text):
            piece = m.group(0)
            if piece.isspace():
                out.append(piece)
            else:
                out.extend(w for w in self._seg.cut(piece) if w)
        return out

    segmenters.PkusegSegmenter.__call__ = call


def evaluate(model: Path, held_out: str) -> dict:
    """What ``perf-facts evaluate GOLD --source corpus/sample --model MODEL --json``
    prints, computed in this process (see ``patch_pkuseg_whitespace``)."""
    from pipeline.annotations.records import load_records
    from pipeline.loading import load_pipeline
    from pipeline.predict import evaluate as run_evaluation

    gold = load_records(ROOT / "annotations" / "gold" / f"{held_out}.jsonl")
    nlp = load_pipeline(model)
    result = run_evaluation(nlp, gold, SAMPLE)
    if result.missing_sources:
        raise SystemExit(f"missing sources: {result.missing_sources}")
    return result.as_dict()


def throughput(models: dict[str, Path], repeats: int) -> dict[str, dict]:
    """chars/s of each model's tokenizer and full pipeline over corpus/sample.

    The models are timed in turn within each repeat (interleaved), best of
    ``repeats``, so a load change on the shared machine hits all of them alike."""
    import spacy

    import pipeline.quantities
    import pipeline.tokenize  # noqa: F401

    paras = [
        line
        for p in sorted(SAMPLE.glob("*.txt"))
        for line in p.read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]
    chars = sum(len(p) for p in paras)
    from pipeline.settings import COMPONENT

    # the tagging pipeline: the fact assembler (pipeline/doc_facts.py) is not timed here
    nlps = {v: spacy.load(m, exclude=[COMPONENT]) for v, m in models.items()}
    for nlp in nlps.values():
        for p in paras[:20]:  # warm-up (dictionary loading)
            nlp(p)
    best = {v: {"tok": float("inf"), "pipe": float("inf")} for v in nlps}
    for _ in range(repeats):
        for v, nlp in nlps.items():
            t0 = time.perf_counter()
            for p in paras:
                nlp.tokenizer(p)
            best[v]["tok"] = min(best[v]["tok"], time.perf_counter() - t0)
            t0 = time.perf_counter()
            for _doc in nlp.pipe(paras, batch_size=64):
                pass
            best[v]["pipe"] = min(best[v]["pipe"], time.perf_counter() - t0)
    out = {}
    for v, nlp in nlps.items():
        n_tokens = sum(len(nlp.tokenizer(p)) for p in paras)
        out[v] = {
            "paragraphs": len(paras),
            "chars": chars,
            "tokens": n_tokens,
            "chars_per_token": round(chars / n_tokens, 2),
            "tokenizer_chars_per_s": round(chars / best[v]["tok"]),
            "pipeline_chars_per_s": round(chars / best[v]["pipe"]),
        }
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--max-steps", type=int, default=1000)
    ap.add_argument("--seeds", type=int, nargs="+", default=[0])
    ap.add_argument("--held-out", default=HELD_OUT)
    ap.add_argument("--pkuseg-iter", type=int, default=5)
    ap.add_argument("--variants", nargs="+", default=list(VARIANTS), choices=VARIANTS)
    ap.add_argument("--repeats", type=int, default=5)
    ap.add_argument("--train-only", action="store_true", help="train, do not score/time")
    ap.add_argument("--workdir", default="/tmp/pf_segstudy")
    ap.add_argument("--out", default=str(ROOT / "models" / "segmenter_study.json"))
    ap.add_argument(
        "--cut-cache",
        action="store_true",
        help="keep the jieba cut cache on (off by default: pkuseg and char have none, "
        "and the repeated timing runs would hit it)",
    )
    args = ap.parse_args(argv)
    if not args.cut_cache:  # read when pipeline.tokenize.segmenters is imported
        os.environ["PERF_FACTS_CUT_CACHE"] = "0"

    patch_pkuseg_whitespace()
    work = Path(args.workdir)
    work.mkdir(parents=True, exist_ok=True)
    records = training_records(args.held_out)
    train_info: dict[tuple[str, int], dict] = {}
    pkuseg_info = None
    for v in args.variants:
        pk = None
        if v == "pkuseg":
            pk, pkuseg_info = train_pkuseg(work, records, args.pkuseg_iter)
            print(f"pkuseg model: {pkuseg_info}", flush=True)
        for seed in args.seeds:
            train_info[v, seed] = train_variant(work, v, records, args, seed, pk)
            print(f"{v} seed {seed}: trained {train_info[v, seed]}", flush=True)
    if args.train_only:
        return 0

    # speed: the first seed's model (the seed does not change the architecture)
    speeds = throughput(
        {v: variant_dir(work, v, args.seeds[0]) / "model" for v in args.variants}, args.repeats
    )
    results = {}
    for v in args.variants:
        per_seed = {}
        for seed in args.seeds:
            ev = evaluate(variant_dir(work, v, seed) / "model", args.held_out)
            per_seed[str(seed)] = {**train_info[v, seed], "spans": ev["spans"]}
        sp = speeds[v]
        mean_f1 = {
            label: round(sum(r["spans"][label]["f1"] for r in per_seed.values()) / len(per_seed), 4)
            for label in ("INDICATOR", "ACHIEVEMENT", "ALL")
        }
        results[v] = {"mean_f1": mean_f1, "speed": sp, "seeds": per_seed}
        print(
            f"{v:7s} mean over seeds {args.seeds}: IND {mean_f1['INDICATOR']:.3f} "
            f"ACH {mean_f1['ACHIEVEMENT']:.3f} ALL {mean_f1['ALL']:.3f}  "
            f"tok {sp['tokenizer_chars_per_s']} c/s  pipe {sp['pipeline_chars_per_s']} c/s",
            flush=True,
        )
        for seed, r in per_seed.items():
            sp_ = r["spans"]
            print(
                f"    seed {seed}: IND {sp_['INDICATOR']['f1']:.3f} "
                f"ACH {sp_['ACHIEVEMENT']['f1']:.3f} ALL {sp_['ALL']['f1']:.3f}",
                flush=True,
            )
    payload = {
        "setup": {
            "held_out": args.held_out,
            "train": "gold of the other 3 reports + authored",
            "pipeline": "hybrid: NER (INDICATOR, ACHIEVEMENT) + quantity rules, overwrite_ents=true",
            "config": "configs/ner.cfg, [nlp.tokenizer] segmenter changed only",
            "max_steps": args.max_steps,
            "seeds": args.seeds,
            "pkuseg": pkuseg_info,
            "throughput": f"corpus/sample paragraphs, variants interleaved, best of {args.repeats}, "
            "1 thread, "
            f"OMP_NUM_THREADS={os.environ.get('OMP_NUM_THREADS')}, "
            f"PERF_FACTS_CUT_CACHE={os.environ.get('PERF_FACTS_CUT_CACHE')}, shared 2-core machine",
            "command": "OMP_NUM_THREADS=1 .venv/bin/python benchmarks/segmenter_study.py "
            f"--max-steps {args.max_steps} --pkuseg-iter {args.pkuseg_iter} "
            f"--seeds {' '.join(map(str, args.seeds))} "
            f"--workdir {args.workdir} --out models/segmenter_study.json",
        },
        "results": results,
    }
    Path(args.out).write_text(json.dumps(payload, ensure_ascii=False, indent=2) + "\n")
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
