"""Batch extraction throughput, with baselines measured in the same run.

Builds a corpus of ``--docs`` reports from corpus/sample (each a sample report
with a small, content-changing edit, so every document is distinct and none is
skipped as a duplicate), runs the full extraction (``pipeline.batch.run_batch``:
read → tag → facts → Parquet) with 1, 2 and all cores, and prints per worker:
chars/s and docs/s, parallel efficiency, and peak RSS. In the same run, on the
same text, it measures:

* jieba alone (the project's segmenter: domain dictionary, HMM off) — the
  floor any spaCy pipeline on this tokenizer pays;
* the project tokenizer (number-aware pre-splitting + jieba + spaCy Doc);
* a default spaCy ``zh`` tok2vec+ner pipeline (``spacy init config`` defaults,
  efficiency, character segmentation), initialised with ``nlp.initialize`` on a
  few examples — untrained, it measures speed only;

so the figures read as ratios: absolute numbers swing between runs on a shared
machine, the ratios much less.

    .venv/bin/python benchmarks/throughput.py --docs 2000 --workers 1,2
    .venv/bin/python benchmarks/throughput.py --docs 150 --workers 1 --tagger all
    .venv/bin/python benchmarks/throughput.py --docs 2000 --model rules
"""

from __future__ import annotations

import argparse
import os
import platform
import re
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

SAMPLE = ROOT / "corpus" / "sample"


def build_corpus(folder: Path, n: int) -> list[Path]:
    samples = sorted(SAMPLE.glob("*.txt"))
    texts = [p.read_text(encoding="utf-8") for p in samples]
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(n):
        text = re.sub(
            r"(\d+)\.(\d+)万元",
            lambda m, i=i: f"{int(m[1]) + i}.{m[2]}万元",
            texts[i % len(texts)],
            count=1,
        )
        text += f"\n补充说明：本报告为第{i + 1}份，涉及资金{10 + i}.5万元，完成率{90 + i % 10}%。\n"
        path = folder / f"{i // 1000:03d}" / f"r{i:06d}.txt"
        path.parent.mkdir(exist_ok=True)
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths


def paragraphs_of(paths: list[Path], max_chars: int) -> list[str]:
    from pipeline.ingest.paragraphs import split_paragraphs

    out, total = [], 0
    for p in paths:
        for para in split_paragraphs(p.read_text(encoding="utf-8")):
            out.append(para.text)
            total += len(para.text)
            if total >= max_chars:
                return out
    return out


def timed(fn, texts: list[str], min_seconds: float = 2.0) -> float:
    """chars/s of fn over texts, repeated until min_seconds have passed."""
    chars = sum(map(len, texts))
    done, t0 = 0, time.perf_counter()
    while True:
        fn(texts)
        done += chars
        dt = time.perf_counter() - t0
        if dt >= min_seconds:
            return done / dt


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


def baselines(texts: list[str]) -> dict[str, float]:
    from pipeline.loading import load_pipeline
    from pipeline.tokenize.segmenters import JiebaSegmenter, domain_dict_path

    seg = JiebaSegmenter(str(domain_dict_path()), hmm=False)
    from pipeline.settings import COMPONENT

    rules = load_pipeline("rules")
    rules.disable_pipe(COMPONENT)  # the tagging layer alone: no fact assembly per text
    spacy_zh = default_spacy_zh()
    # The baselines repeat the same texts (and the corpus is four reports
    # repeated): they run without the tokenizer's cache of segmented chunks,
    # which would otherwise answer almost every chunk from memory.
    segment = rules.tokenizer._segment
    segment._cached = segment._cut
    return {
        "jieba alone (domain dict, HMM off)": timed(lambda ts: [seg._cut(t) for t in ts], texts),
        "project tokenizer (nlp.make_doc)": timed(
            lambda ts: [rules.make_doc(t) for t in ts], texts
        ),
        "rule layer (tokenizer + quantity rules)": timed(
            lambda ts: list(rules.pipe(ts, batch_size=256)), texts
        ),
        "spaCy zh default tok2vec+ner (untrained)": timed(
            lambda ts: list(spacy_zh.pipe(ts, batch_size=256)), texts
        ),
    }


def run(corpus: Path, out: Path, workers: int, model: str | None, tagger: str = "gaps"):
    from pipeline.batch import Limits
    from pipeline.batch.run import run_batch
    from pipeline.settings import CompositionSettings

    first: list[float] = []

    def on_result(_res) -> None:
        if not first:
            first.append(time.perf_counter())

    shutil.rmtree(out, ignore_errors=True)
    t0 = time.perf_counter()
    summary = run_batch(
        [corpus],
        out,
        model=model,
        workers=workers,
        on_result=on_result,
        limits=Limits(composition=CompositionSettings(tagger=tagger)),
    )
    startup = (first[0] - t0) if first else 0.0
    return summary, startup


def fmt_bytes(n: int) -> str:
    return f"{n / 2**20:,.0f} MiB"


def main() -> None:
    from pipeline.batch.local import default_workers
    from pipeline.batch.worker import peak_rss

    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--docs", type=int, default=2000, help="documents in the corpus")
    ap.add_argument("--model", default=None, help="'rules', a pipeline path; default: shipped")
    ap.add_argument(
        "--workers", default="1,2,all", help="comma-separated worker counts ('all': every core)"
    )
    ap.add_argument(
        "--baseline-chars", type=int, default=300_000, help="characters the baselines run over"
    )
    ap.add_argument(
        "--no-cut-cache",
        action="store_true",
        help="turn off the tokenizer's cache of segmented chunks in the workers: the corpus "
        "is four reports repeated, so the cache hits more often than on a real corpus",
    )
    ap.add_argument(
        "--tagger",
        choices=("gaps", "all"),
        default="gaps",
        help="where the model's trained components run (perf-facts extract --tagger): "
        "'gaps' (default) only where the rules leave a quantity unnamed, 'all' everywhere",
    )
    args = ap.parse_args()
    if args.no_cut_cache:
        os.environ["PERF_FACTS_CUT_CACHE"] = "0"  # inherited by the spawned workers

    cores = default_workers()
    counts: list[int] = []
    for w in args.workers.split(","):
        n = cores if w.strip() == "all" else int(w)
        if n not in counts:
            counts.append(n)

    from pipeline.loading import DEFAULT_MODEL

    model_name = args.model or (
        f"shipped ({DEFAULT_MODEL.name})" if (DEFAULT_MODEL / "config.cfg").exists() else "rules"
    )
    print(
        f"machine: {platform.platform()}, {platform.processor() or platform.machine()}, "
        f"{os.cpu_count()} logical CPUs ({cores} usable), Python {platform.python_version()}"
    )
    try:
        load = os.getloadavg()
        print(f"load average at start: {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}")
    except OSError:
        pass
    print(
        f"model: {model_name}, tagger on {args.tagger} paragraphs"
        + (" (tokenizer chunk cache off)" if args.no_cut_cache else "")
    )

    with tempfile.TemporaryDirectory(prefix="perf_facts_bench_") as tmp:
        tmp = Path(tmp)
        paths = build_corpus(tmp / "corpus", args.docs)
        total_chars = sum(len(p.read_text(encoding="utf-8")) for p in paths)
        print(
            f"corpus: {args.docs:,} documents, {total_chars:,} characters "
            f"({total_chars / args.docs:,.0f} per document)\n"
        )

        texts = paragraphs_of(paths, args.baseline_chars)
        base = baselines(texts)
        print(f"baselines (single process, {sum(map(len, texts)):,} characters of the corpus):")
        for name, rate in base.items():
            print(f"  {name:<44} {rate:>12,.0f} chars/s")
        print()

        rows = []
        for n in counts:
            summary, startup = run(tmp / "corpus", tmp / f"out{n}", n, args.model, args.tagger)
            assert summary.failed == 0, summary.errors[:3]
            steady = max(summary.seconds - startup, 1e-9)
            rows.append((n, summary, startup, steady))

        print("end-to-end extraction (read → tag → facts → Parquet):")
        header = (
            f"  {'workers':>7} {'wall s':>8} {'startup s':>9} {'docs/s/worker':>14} "
            f"{'chars/s/worker':>15} {'efficiency':>10} {'peak RSS/worker':>16}"
        )
        print(header)
        one = None
        for n, s, startup, steady in rows:
            # steady state: from the first result (workers loaded) to the end
            docs_rate = (s.processed - 1) / steady / n if s.processed > 1 else 0.0
            chars_rate = s.chars * (s.processed - 1) / max(s.processed, 1) / steady / n
            if one is None:
                one = chars_rate
            eff = chars_rate / one if one else 0.0
            rss = max(s.worker_peak_rss.values()) if s.worker_peak_rss else 0
            print(
                f"  {n:>7} {s.seconds:>8.1f} {startup:>9.1f} {docs_rate:>14.2f} "
                f"{chars_rate:>15,.0f} {eff:>10.0%} {fmt_bytes(rss):>16}"
            )
        best = rows[0]
        n, s, startup, steady = best
        chars_rate = s.chars * (s.processed - 1) / max(s.processed, 1) / steady / n
        print()
        print("ratios (1 worker end-to-end chars/s ÷ baseline chars/s):")
        for name, rate in base.items():
            print(f"  vs {name:<44} {chars_rate / rate:>8.3f}")
        main_rss = peak_rss()
        print(f"\npeak RSS of the coordinating process: {fmt_bytes(main_rss)}")
        try:
            load = os.getloadavg()
            print(
                f"load average at end: {load[0]:.2f} {load[1]:.2f} {load[2]:.2f} "
                "(above the core count: other processes shared the cores)"
            )
        except OSError:
            pass


if __name__ == "__main__":
    main()
