"""Extraction throughput on a corpus without repeated text, with baselines in the same run.

The corpus (benchmarks/throughput_corpus.py) is generated from the TRAIN-split
authored and synthetic documents, deterministically from ``--seed``: every
document a new combination of paragraphs from several sources, shuffled, with
varied numbers, places, years and wording, so that no paragraph repeats across
the corpus except form cells (分值, 得分, 100%: at most 12 characters a cell).
The benchmark checks that and prints the distinct-paragraph ratio.

One table, every row on the same documents:

* jieba alone (the project's segmenter: domain dictionary, HMM off);
* spaCy ``zh`` with its jieba segmenter, tokenizer only;
* the project tokenizer (number-aware pre-splitting + jieba + spaCy Doc);
* a default spaCy ``zh`` tok2vec+ner (``spacy init config`` defaults,
  efficiency), initialised on three examples — untrained, speed only;
* perf-facts, rule layer only, and perf-facts with ``--model`` (default: the
  shipped model and its composition), tag + assemble in this process;
* perf-facts end to end (``pipeline.batch.run_batch``: read → tag → facts →
  Parquet) per worker for each ``--workers`` value, with peak RSS per worker
  and of the coordinating process; again with the tokenizer's chunk cache off;
  and at twice the corpus size, to show whether memory stays flat.

Each figure is characters of the documents per second; "× jieba" divides by
jieba's figure in the same run, which swings less between runs than the
absolute numbers on a shared machine.

    .venv/bin/python benchmarks/throughput.py --docs 2000 --workers 1,2
    .venv/bin/python benchmarks/throughput.py --docs 300 --workers 1 --out bench.json
    .venv/bin/python benchmarks/throughput.py --docs 150 --workers 1 --tagger all
"""

from __future__ import annotations

import argparse
import json
import multiprocessing as mp
import os
import platform
import shutil
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from throughput_corpus import paragraph_stats, write_corpus

TARGET_CHARS_PER_S = 100_000  # per worker, end to end, shipped composition (issue 13)
TARGET_JIEBA_RATIO = 0.18
TARGET_RSS = 400 * 2**20  # peak per worker
MIN_DOCS = 10


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # one line and exit 2, before any work
        print(f"throughput.py: error: {message}", file=sys.stderr)
        sys.exit(2)


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    ap = _Parser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--docs", type=int, default=2000, help="documents in the corpus (N)")
    ap.add_argument("--seed", type=int, default=0, help="corpus seed")
    ap.add_argument("--workers", default="1,2", help="comma-separated worker counts, or 'all'")
    ap.add_argument("--model", default=None, help="a pipeline path or 'rules'; default: shipped")
    ap.add_argument(
        "--tagger", choices=("gaps", "quantified", "all"), default=None, help="as extract --tagger"
    )
    ap.add_argument(
        "--cues",
        choices=("merge", "cues_first", "fallback", "off"),
        default=None,
        help="as extract --cues",
    )
    ap.add_argument(
        "--baseline-chars",
        type=int,
        default=300_000,
        help="characters (whole documents) the in-process rows run over",
    )
    ap.add_argument(
        "--no-cut-cache",
        action="store_true",
        help="the tokenizer's chunk cache off everywhere (PERF_FACTS_CUT_CACHE=0)",
    )
    ap.add_argument(
        "--no-cache-ab",
        action="store_true",
        help="skip the end-to-end run with the chunk cache off",
    )
    ap.add_argument(
        "--no-rss-2n",
        action="store_true",
        help="skip the end-to-end run on 2N documents (RSS flatness)",
    )
    ap.add_argument("--out", type=Path, default=None, help="also write the figures as JSON here")
    args = ap.parse_args(argv)
    if args.docs < MIN_DOCS:
        ap.error(f"--docs {args.docs}: at least {MIN_DOCS}")
    if args.baseline_chars < 1000:
        ap.error(f"--baseline-chars {args.baseline_chars}: at least 1000")
    try:
        args.worker_counts = worker_counts(args.workers)
    except ValueError:
        ap.error(f"--workers {args.workers!r}: comma-separated positive integers or 'all'")
    if args.model not in (None, "rules") and not (Path(args.model) / "config.cfg").is_file():
        ap.error(f"--model {args.model}: not a spaCy pipeline (no config.cfg)")
    if args.out is not None and not args.out.parent.is_dir():
        ap.error(f"--out {args.out}: folder {args.out.parent} does not exist")
    return args


def worker_counts(spec: str) -> list[int]:
    from pipeline.batch.local import default_workers

    counts: list[int] = []
    for w in spec.split(","):
        n = default_workers() if w.strip() == "all" else int(w)
        if n < 1:
            raise ValueError(w)
        if n not in counts:
            counts.append(n)
    return counts


# ---------------------------------------------------------------- the corpus


def _generate(folder: str, n: int, seed: int) -> tuple[list[str], int, dict]:
    paths, dropped = write_corpus(Path(folder), n, seed)
    return [str(p) for p in paths], dropped, paragraph_stats(paths)


def build_corpus(folder: Path, n: int, seed: int) -> tuple[list[Path], int, dict]:
    """Documents 0 … n-1, written by a separate process (the generator's memory
    stays out of this process's peak RSS); fails if a paragraph repeats."""
    with ProcessPoolExecutor(1, mp_context=mp.get_context("spawn")) as pool:
        paths, dropped, stats = pool.submit(_generate, str(folder), n, seed).result()
    assert not stats["repeated"], f"repeated paragraphs: {stats['repeated'][:5]}"
    return [Path(p) for p in paths], dropped, stats


# ------------------------------------------------------ in-process baselines


def default_spacy_zh():
    """spaCy's default zh tok2vec+ner (init config, efficiency), initialised on a few examples."""
    import spacy
    from spacy.cli.init_config import init_config
    from spacy.training import Example

    config = init_config(lang="zh", pipeline=["tok2vec", "ner"], optimize="efficiency")
    nlp = spacy.util.load_model_from_config(config, auto_fill=True, validate=True)
    texts = [
        "年末总资产169.57万元，其中流动资产6.34万元。",
        "共发展党员190人，完成率100%。",
        "项目支出272.95万元，资金执行率98.5%。",
    ]
    ents = [
        [(5, 14, "MONEY"), (20, 26, "MONEY")],
        [(5, 9, "COUNT"), (13, 17, "PERCENT")],
        [(4, 13, "MONEY"), (19, 24, "PERCENT")],
    ]
    examples = [
        Example.from_dict(nlp.make_doc(t), {"entities": e})
        for t, e in zip(texts, ents, strict=True)
    ]
    nlp.initialize(lambda: examples)
    return nlp


def spacy_zh_jieba():
    import spacy

    return spacy.blank("zh", config={"nlp": {"tokenizer": {"segmenter": "jieba"}}})


def _read(paths: list[Path]) -> list[tuple[object, bytes]]:
    from pipeline.ingest import read_document

    return [(read_document(p), p.read_bytes()) for p in paths]


def _once(fn, items, chars: int) -> dict[str, float]:
    """chars/s of ``fn(items)`` by the clock and by this process's CPU time."""
    t0, c0 = time.perf_counter(), time.process_time()
    fn(items)
    return {
        "wall": chars / (time.perf_counter() - t0),
        "cpu": chars / max(time.process_time() - c0, 1e-9),
    }


def in_process_rows(docs: list[Path], warm: list[Path], model: str | None, settings) -> dict:
    """chars/s of each in-process row over ``docs``, each pipeline run once over
    them (after a warm-up on ``warm``): no row sees a document twice."""
    from pipeline.facts import process_document
    from pipeline.loading import load_pipeline
    from pipeline.settings import CompositionSettings
    from pipeline.tokenize.segmenters import JiebaSegmenter, domain_dict_path

    documents, warmup = _read(docs), _read(warm)
    chars = sum(len(d.text) for d, _ in documents)
    texts = [p.text for d, _ in documents for p in d.paragraphs]
    warm_texts = [p.text for d, _ in warmup for p in d.paragraphs]
    seg = JiebaSegmenter(str(domain_dict_path()), hmm=False)
    zh_jieba, zh_default = spacy_zh_jieba(), default_spacy_zh()
    rules, shipped = load_pipeline("rules"), load_pipeline(model)

    def tag_assemble(nlp, chosen=settings):
        return lambda ds: [process_document(nlp, d, raw, chosen) for d, raw in ds]

    plan = {
        "jieba": (lambda ts: [seg._cut(t) for t in ts], texts, warm_texts),
        "spacy_zh_jieba": (lambda ts: [zh_jieba.make_doc(t) for t in ts], texts, warm_texts),
        "project_tokenizer": (lambda ts: [rules.make_doc(t) for t in ts], texts, warm_texts),
        "spacy_zh_tok2vec_ner": (
            lambda ts: list(zh_default.pipe(ts, batch_size=256)),
            texts,
            warm_texts,
        ),
        "perf_facts_rules": (tag_assemble(rules), documents, warmup),
        "perf_facts_model": (tag_assemble(shipped), documents, warmup),
    }
    if settings.tagger != "all":  # the other end of the speed/accuracy frontier
        everywhere = CompositionSettings(settings.cues, "all")
        plan["perf_facts_model_all"] = (tag_assemble(shipped, everywhere), documents, warmup)
    rates = {}
    for name, (fn, items, warm_items) in plan.items():
        fn(warm_items)
        rates[name] = _once(fn, items, chars)
    return {"chars": chars, "documents": len(documents), "rates": rates}


# ------------------------------------------------------------- end to end


def _own_cpu() -> float:
    import resource

    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime


def end_to_end(
    corpus: Path, paths: list[Path], out: Path, workers: int, model, limits, cut_cache: bool = True
) -> dict:
    """One ``run_batch`` over ``paths``: steady-state chars/s per worker (from
    the first result, when the workers have loaded the model, to the end)."""
    from pipeline.batch.run import run_batch
    from pipeline.batch.worker import peak_rss

    first: list[float] = []
    seen: set[int] = set()
    cpu = [0.0, 0.0]  # the workers' CPU seconds and characters, after each worker's first

    def on_result(res) -> None:
        if not first:
            first.append(time.perf_counter())
        if res.pid in seen:  # a worker's first document pays for lazy loading
            cpu[0] += res.cpu_seconds
            cpu[1] += res.chars
        seen.add(res.pid)

    saved = os.environ.get("PERF_FACTS_CUT_CACHE")
    if not cut_cache:
        os.environ["PERF_FACTS_CUT_CACHE"] = "0"  # read by the spawned workers
    shutil.rmtree(out, ignore_errors=True)
    t0, own0 = time.perf_counter(), _own_cpu()
    try:
        s = run_batch(
            [corpus],
            out,
            model=model,
            workers=workers,
            limits=limits,
            paths=paths,
            on_result=on_result,
        )
    finally:
        if saved is None:
            os.environ.pop("PERF_FACTS_CUT_CACHE", None)
        else:
            os.environ["PERF_FACTS_CUT_CACHE"] = saved
    assert s.failed == 0, s.errors[:3]
    own = _own_cpu() - own0
    startup = (first[0] - t0) if first else 0.0
    steady = max(s.seconds - startup, 1e-9)
    done = max(s.processed - 1, 0) / max(s.processed, 1)  # the first document is in start-up
    shutil.rmtree(out, ignore_errors=True)
    return {
        "workers": workers,
        "documents": s.processed,
        "chars": s.chars,
        "cut_cache": cut_cache and os.environ.get("PERF_FACTS_CUT_CACHE") != "0",
        "wall_s": round(s.seconds, 2),
        "startup_s": round(startup, 2),
        "chars_per_s_per_worker": s.chars * done / steady / workers,
        "chars_per_cpu_s": cpu[1] / max(cpu[0], 1e-9),
        "coordinator_cpu_s_per_mchar": own / (s.chars / 1e6) if s.chars else 0.0,
        "docs_per_s_per_worker": s.processed * done / steady / workers,
        "peak_rss_worker": max(s.worker_peak_rss.values(), default=0),
        "peak_rss_coordinator": peak_rss(),
    }


# ------------------------------------------------------------------ report


def baseline_documents(paths: list[Path], chars: int) -> tuple[list[Path], list[Path]]:
    """The first documents up to ``chars`` characters, and three others to warm up on."""
    warm, rest = paths[-3:], paths[:-3]
    chosen, total = [], 0
    for p in rest:
        if total >= chars:
            break
        chosen.append(p)
        total += len(p.read_text(encoding="utf-8"))
    return chosen, warm


LABELS = {
    "jieba": "jieba alone (domain dict, HMM off)",
    "spacy_zh_jieba": "spaCy zh + jieba, tokenizer only",
    "project_tokenizer": "project tokenizer (nlp.make_doc)",
    "spacy_zh_tok2vec_ner": "spaCy zh default tok2vec+ner (untrained)",
    "perf_facts_rules": "perf-facts rules only (tag + assemble)",
    "perf_facts_model": "perf-facts --model (tag + assemble)",
    "perf_facts_model_all": "perf-facts --model, --tagger all (tag + assemble)",
}


def mib(n: int) -> str:
    return f"{n / 2**20:,.0f} MiB" if n else "—"


def e2e_label(run: dict, n_docs: int) -> str:
    w = run["workers"]
    label = f"end to end, {w} worker{'s' if w > 1 else ''}"
    if run["documents"] > n_docs:
        label += f", {run['documents']:,} docs"
    if not run["cut_cache"]:
        label += ", chunk cache off"
    return label


def print_table(report: dict) -> None:
    base = report["in_process"]["rates"]
    jieba = base["jieba"]
    n_docs = report["corpus"]["documents"]
    print(
        f"{'':<50} {'chars/s':>8} {'×jieba':>6} {'ch/CPU-s':>8} {'×jieba':>6} {'wall s':>7} "
        f"{'start s':>7} {'effic.':>6} {'RSS/worker':>10} {'RSS coord.':>10}"
    )
    for key, rate in base.items():
        print(
            f"{LABELS[key]:<50} {rate['wall']:>8,.0f} {rate['wall'] / jieba['wall']:>6.3f} "
            f"{rate['cpu']:>8,.0f} {rate['cpu'] / jieba['cpu']:>6.3f}"
        )
    one = report["end_to_end"][0]["chars_per_s_per_worker"]
    for run in report["end_to_end"]:
        rate, cpu = run["chars_per_s_per_worker"], run["chars_per_cpu_s"]
        print(
            f"{e2e_label(run, n_docs):<50} {rate:>8,.0f} {rate / jieba['wall']:>6.3f} "
            f"{cpu:>8,.0f} {cpu / jieba['cpu']:>6.3f} {run['wall_s']:>7.1f} "
            f"{run['startup_s']:>7.1f} {rate / one:>6.0%} "
            f"{mib(run['peak_rss_worker']):>10} {mib(run['peak_rss_coordinator']):>10}"
        )
    print(
        f"in-process rows: one process over the same {report['in_process']['documents']} "
        f"documents, {report['in_process']['chars']:,} characters, each once. End to end: "
        "chars/s per worker from the first result on (Parquet out); ch/CPU-s: characters per "
        "CPU-second of the workers' document jobs (steadier than the clock on a shared "
        "machine); RSS: peak so far."
    )


def verdicts(report: dict) -> list[str]:
    """The issue's targets, each with its figure and whether it is met."""
    jieba = report["in_process"]["rates"]["jieba"]
    n_docs = report["corpus"]["documents"]
    runs = report["end_to_end"]
    main = runs[0]
    rate, cpu = main["chars_per_s_per_worker"], main["chars_per_cpu_s"]
    lines = []
    for what, r, j in (("clock", rate, jieba["wall"]), ("CPU time", cpu, jieba["cpu"])):
        ok = "met" if r >= TARGET_CHARS_PER_S and r / j >= TARGET_JIEBA_RATIO else "NOT met"
        lines.append(
            f"target by {what} ({main['workers']} worker, end to end, --model): {r:,.0f} "
            f"chars/s per worker (≥ {TARGET_CHARS_PER_S:,}), {r / j:.3f} × jieba "
            f"(≥ {TARGET_JIEBA_RATIO}): {ok}"
        )
    off = [r for r in runs if not r["cut_cache"] and r["documents"] == n_docs]
    if off and main["cut_cache"]:
        r, c = off[0]["chars_per_s_per_worker"], off[0]["chars_per_cpu_s"]
        lines.append(
            f"chunk cache: on {rate:,.0f}, off {r:,.0f} chars/s per worker (on ÷ off "
            f"{rate / r:.2f}); by CPU time on {cpu:,.0f}, off {c:,.0f} ({cpu / c:.2f})"
        )
    big = [r for r in runs if r["documents"] > n_docs]
    if big:
        a, b = main["peak_rss_worker"], big[0]["peak_rss_worker"]
        ok = "met" if max(a, b) <= TARGET_RSS else "NOT met"
        lines.append(
            f"peak RSS per worker: {mib(a)} at {n_docs:,} documents, {mib(b)} at "
            f"{big[0]['documents']:,} ({b / a - 1:+.1%}); ≤ {mib(TARGET_RSS)}: {ok}"
        )
    lines.append(
        f"coordinator CPU: {main['coordinator_cpu_s_per_mchar']:.2f} s per million characters "
        "(planning, hashing, Parquet)"
    )
    return lines


def print_header(args: argparse.Namespace) -> dict:
    from pipeline.batch.local import default_workers
    from pipeline.loading import DEFAULT_MODEL

    machine = (
        f"{platform.platform()}, {platform.processor() or platform.machine()}, "
        f"{os.cpu_count()} logical CPUs ({default_workers()} usable), "
        f"Python {platform.python_version()}"
    )
    model = args.model or (
        f"shipped ({DEFAULT_MODEL.name})" if (DEFAULT_MODEL / "config.cfg").exists() else "rules"
    )
    print(f"machine: {machine}")
    print(f"load average at start: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    print(
        f"--model: {model}; --tagger {args.tagger or '(config)'}; --cues {args.cues or '(config)'}"
        + ("; chunk cache off everywhere" if args.no_cut_cache else "")
    )
    return {
        "machine": machine,
        "model": model,
        "tagger": args.tagger,
        "cues": args.cues,
        "load_start": os.getloadavg(),
    }


def run(args: argparse.Namespace) -> dict:
    from pipeline.batch import Limits
    from pipeline.settings import CompositionSettings

    report = {"setup": print_header(args)}
    settings = CompositionSettings(args.cues, args.tagger)
    limits = Limits(composition=settings)
    with tempfile.TemporaryDirectory(prefix="perf_facts_bench_") as tmp:
        corpus, out = Path(tmp) / "corpus", Path(tmp) / "out"
        total = args.docs if args.no_rss_2n else 2 * args.docs
        paths, dropped, stats = build_corpus(corpus, total, args.seed)
        first = paths[: args.docs]
        chars = sum(len(p.read_text(encoding="utf-8")) for p in first)
        report["corpus"] = {
            "documents": args.docs,
            "chars": chars,
            "generated": total,
            "seed": args.seed,
            "dropped_lines": dropped,
            **{k: v for k, v in stats.items() if k != "repeated"},
        }
        print(
            f"corpus: {args.docs:,} documents, {chars:,} characters "
            f"({chars / args.docs:,.0f} a document; seed {args.seed}); over all {total:,} "
            f"generated: {stats['distinct']:,} distinct of {stats['paragraphs']:,} paragraphs "
            f"(ratio {stats['distinct_ratio']:.3f}); every repeat a form cell, "
            f"{stats['repeated_form_cell_char_share']:.1%} of the characters; "
            f"{dropped} lines dropped as repeats\n"
        )
        runs = [end_to_end(corpus, first, out, n, args.model, limits) for n in args.worker_counts]
        w = args.worker_counts[0]
        if not (args.no_cache_ab or args.no_cut_cache):
            runs.append(end_to_end(corpus, first, out, w, args.model, limits, cut_cache=False))
        if not args.no_rss_2n:
            runs.append(end_to_end(corpus, paths, out, w, args.model, limits))
        report["end_to_end"] = runs
        docs, warm = baseline_documents(first, args.baseline_chars)
        report["in_process"] = in_process_rows(docs, warm, args.model, settings)
    report["setup"]["load_end"] = os.getloadavg()
    return report


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if args.no_cut_cache:
        os.environ["PERF_FACTS_CUT_CACHE"] = "0"  # before the tokenizer is imported; inherited
    report = run(args)
    print_table(report)
    print()
    report["verdicts"] = verdicts(report)
    print("\n".join(report["verdicts"]))
    print(f"load average at end: {' '.join(f'{x:.2f}' for x in report['setup']['load_end'])}")
    if args.out is not None:
        args.out.write_text(
            json.dumps(report, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
