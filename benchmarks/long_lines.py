"""Fact assembly on one long line vs the same text in lines (issue 17).

A line of N characters of amounts ("12345.67万元 …") is one paragraph, one
clause and one sentence; the same amounts one per line are N/12 small
paragraphs. Linear assembly takes about the same time for both, and doubling N
doubles the time. Prints, per size, seconds for the one-line and the lines
version, their ratio, the growth from the previous size, and the characters of
evidence the facts carry (the sum of ``sentence`` lengths: unbounded rows show
here as N × facts).

    PYTHONPATH=. python benchmarks/long_lines.py [--sizes 25000 50000 100000]

Compare commits by running this file against each checkout; the ratios, not
the seconds, are comparable across machines.
"""

from __future__ import annotations

import argparse
import random
import tempfile
import time
from pathlib import Path


def amounts(n_chars: int, sep: str) -> str:
    rnd = random.Random(0)
    parts: list[str] = []
    size = 0
    while size < n_chars:
        s = f"{rnd.randint(1, 99999)}.{rnd.randint(0, 99)}万元"
        parts.append(s)
        size += len(s) + 1
    return sep.join(parts)


def run(path: Path) -> tuple[float, int, int]:
    """Seconds, facts and evidence characters of one document, as a batch worker sees it."""
    from pipeline.batch.plan import make_plan
    from pipeline.batch.worker import process_item

    item = make_plan([path]).items[0]
    t0 = time.perf_counter()
    res = process_item(item, "rules")
    seconds = time.perf_counter() - t0
    assert res.error is None, res.error
    facts = res.result.facts
    return seconds, len(facts), sum(len(f.sentence or "") for f in facts)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[25_000, 50_000, 100_000])
    args = ap.parse_args()
    from pipeline.batch.worker import get_pipeline

    get_pipeline("rules")  # loading is not part of any measurement
    print(
        f"{'chars':>8} {'one line s':>10} {'lines s':>8} {'line/lines':>10} "
        f"{'growth':>7} {'facts':>6} {'evidence chars':>15}"
    )
    prev = None
    with tempfile.TemporaryDirectory() as tmp:
        for n in args.sizes:
            one, lines = Path(tmp, f"one{n}.txt"), Path(tmp, f"lines{n}.txt")
            one.write_text(amounts(n, " "), encoding="utf-8")
            lines.write_text(amounts(n, "\n"), encoding="utf-8")
            t_one, n_facts, evidence = run(one)
            t_lines, _, _ = run(lines)
            growth = f"{t_one / prev:.2f}" if prev else "-"
            print(
                f"{n:>8} {t_one:>10.2f} {t_lines:>8.2f} {t_one / t_lines:>10.2f} "
                f"{growth:>7} {n_facts:>6} {evidence:>15,}"
            )
            prev = t_one


if __name__ == "__main__":
    main()
