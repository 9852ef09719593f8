"""Quantity reading speed: this tree against a baseline revision, in one process.

Usage::

    .venv/bin/python benchmarks/quantities_speed.py [--baseline main] [--repeat 5]

The baseline's ``pipeline/quantities/`` and its two data files are taken with
``git show REV:path`` into a temporary package (``baseline_quantities``, with
an empty ``__init__`` so that the spaCy factory is not registered twice) and
imported beside the current ``pipeline.quantities``. Both then read the same
texts, alternating pass by pass, best of ``--repeat`` passes each:

* ``normalize``: ``normalize_quantity`` on every quantity span that the current
  rules find in the texts (span text with its left/right context);
* ``find``: ``find_quantities`` (spans and normalisation) on every text;
* ``parse_number``: the numeral case file ``tests/quantities/data/numeral_cases.tsv``
  20 times over (cases the baseline rejects are timed too; its errors are caught).

The grammar caches the readings of numeral strings; the cache (the
baseline's too, where it has one) is emptied before every timed pass, so only
repeats within one pass (as within one batch of reports) are served from it. Repeating the 64 numerals 20 times favours
the cache; read ``parse_number`` with that in mind.

Texts: the paragraph texts of ``annotations/gold/*.jsonl`` and
``annotations/authored/*.jsonl``. Prints units per second for each side and
the ratio current / baseline (above 1: the current tree is faster).
"""

from __future__ import annotations

import argparse
import glob
import importlib
import json
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
_BASE_PKG = "baseline_quantities"
_DATA_FILES = ("quantity_units.json", "quantity_slogans.txt")


def load_baseline(rev: str, into: Path):
    """Import ``pipeline/quantities`` of ``rev`` as package ``baseline_quantities``."""
    names = subprocess.run(
        ["git", "ls-tree", "--name-only", rev, "pipeline/quantities/"],
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
    ).stdout.split()
    pkg = into / _BASE_PKG
    pkg.mkdir()
    for name in names:
        if not name.endswith(".py"):
            continue
        src = _git_show(rev, name)
        if name.endswith("/__init__.py"):
            src = ""
        # its data files come from the same revision, read from the package itself
        src = src.replace('"pipeline.resources"', "__package__")
        src = src.replace("from pipeline.resources.vocabulary import", "from .vocabulary import")
        (pkg / Path(name).name).write_text(src, encoding="utf-8")
    # the unit reader (pipeline.resources.vocabulary) of the same revision, beside them
    vocabulary = _git_show(rev, "pipeline/resources/vocabulary.py")
    (pkg / "vocabulary.py").write_text(
        vocabulary.replace('"pipeline.resources"', "__package__"), encoding="utf-8"
    )
    for data in _DATA_FILES:
        (pkg / data).write_text(_git_show(rev, f"pipeline/resources/{data}"), encoding="utf-8")
    sys.path.insert(0, str(into))
    return (
        importlib.import_module(f"{_BASE_PKG}.recognize"),
        importlib.import_module(f"{_BASE_PKG}.normalize"),
        importlib.import_module(f"{_BASE_PKG}.numerals"),
    )


def _git_show(rev: str, path: str) -> str:
    return subprocess.run(
        ["git", "show", f"{rev}:{path}"], cwd=ROOT, check=True, capture_output=True, text=True
    ).stdout


def _texts() -> list[str]:
    out = []
    for pattern in ("annotations/gold/*.jsonl", "annotations/authored/*.jsonl"):
        for path in sorted(glob.glob(str(ROOT / pattern))):
            for line in Path(path).read_text(encoding="utf-8").splitlines():
                if line.strip():
                    out.append(json.loads(line)["text"])
    return out


def _best(fn: Callable[[], None], repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - t0)
    return best


def _quietly(fn, *args) -> None:
    try:
        fn(*args)
    except (ValueError, ArithmeticError):
        pass


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--baseline", default="main", help="git revision to compare with")
    ap.add_argument("--repeat", type=int, default=15)
    args = ap.parse_args(argv)

    from pipeline.quantities import find_quantities, normalize_quantity, parse_number
    from pipeline.quantities.grammar import clear_numeral_cache
    from pipeline.quantities.recognize import CONTEXT_CHARS

    with tempfile.TemporaryDirectory() as tmp:
        try:
            b_rec, b_norm, b_num = load_baseline(args.baseline, Path(tmp))
        except subprocess.CalledProcessError as exc:
            print(f"cannot read baseline {args.baseline!r}: {exc.stderr.strip()}", file=sys.stderr)
            return 2
        texts = _texts()
        spans = []
        for t in texts:
            for q in find_quantities(t, normalize=False):
                left = t[max(0, q.start - CONTEXT_CHARS) : q.start]
                right = t[q.end : q.end + CONTEXT_CHARS]
                spans.append((q.text, left, right))
        cases_file = ROOT / "tests" / "quantities" / "data" / "numeral_cases.tsv"
        numerals = [
            line.split("\t")[0]
            for line in cases_file.read_text(encoding="utf-8").splitlines()
            if line and not line.startswith("#")
        ]

        def workloads(norm_fn, find_fn, parse_fn) -> dict[str, tuple[int, Callable[[], None]]]:
            def run_norm() -> None:
                for text, left, right in spans:
                    _quietly(norm_fn, text, left, right)

            def run_find() -> None:
                for t in texts:
                    find_fn(t)

            def run_parse() -> None:
                for _ in range(20):
                    for s in numerals:
                        _quietly(parse_fn, s)

            return {
                "normalize (spans/s)": (len(spans), run_norm),
                "find (chars/s)": (sum(map(len, texts)), run_find),
                "parse_number (numerals/s)": (20 * len(numerals), run_parse),
            }

        base = workloads(b_norm.normalize_quantity, b_rec.find_quantities, b_num.parse_number)
        # a baseline whose grammar caches readings too starts each pass cold as well
        b_grammar = sys.modules.get(f"{_BASE_PKG}.grammar")
        clear_baseline_cache = getattr(b_grammar, "clear_numeral_cache", lambda: None)
        cur = workloads(normalize_quantity, find_quantities, parse_number)
        rates: dict[str, tuple[float, float]] = {}
        for key, (units, base_fn) in base.items():
            cur_fn = cur[key][1]
            base_fn(), cur_fn()  # warm: regex compilation, unit tables
            best_b = best_c = float("inf")
            for _ in range(args.repeat):  # alternate, so load on the machine hits both
                clear_baseline_cache()  # a pass starts cold, as a new batch would
                best_b = min(best_b, _best(base_fn, 1))
                clear_numeral_cache()
                best_c = min(best_c, _best(cur_fn, 1))
            rates[key] = (units / best_b, units / best_c)
    print(
        f"{len(texts)} texts, {sum(map(len, texts))} chars, {len(spans)} spans, "
        f"{len(numerals)} numerals; baseline {args.baseline}"
    )
    print(f"{'measure':28} {'baseline':>12} {'current':>12} {'current/baseline':>17}")
    for key, (b, c) in rates.items():
        print(f"{key:28} {b:>12,.0f} {c:>12,.0f} {c / b:>17.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
