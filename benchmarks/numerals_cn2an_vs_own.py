"""Chinese-numeral parsing: cn2an (PyPI) against pipeline.quantities.numerals.

Measures, on the numeral forms that occur inside quantity spans,

* correctness: a hand-written case list (plain, financial and colloquial Chinese
  numerals, 两, 零 gaps, 点 decimals, mixed Arabic + 万/亿/千, thousands
  separators, full-width digits) plus every integer form that ``cn2an.an2cn``
  writes for a sample of integers (this half favours cn2an, whose own writer
  makes the strings);
* speed: parses per second over the whole list, best of 5 runs.

Run: ``.venv/bin/python benchmarks/numerals_cn2an_vs_own.py`` (needs the
``bench`` extra for cn2an).  The decision it informs is recorded in the
docstring of :mod:`pipeline.quantities.numerals`.
"""

from __future__ import annotations

import random
import sys
import time
from decimal import Decimal
from pathlib import Path

from pipeline.quantities.numerals import parse_number

# The hand-written cases, shared with tests/quantities/test_quantity_numerals.py.
CASES_FILE = (
    Path(__file__).resolve().parents[1] / "tests" / "quantities" / "data" / "numeral_cases.tsv"
)
HAND_CASES: list[tuple[str, str]] = [
    (text, expected)
    for line in CASES_FILE.read_text(encoding="utf-8").splitlines()
    if line and not line.startswith("#")
    for text, expected in [line.split("\t")]
]


def generated_cases(n: int = 100, seed: int = 7) -> list[tuple[str, str]]:
    import cn2an

    rng = random.Random(seed)
    out = []
    for _ in range(n):
        k = rng.choice([rng.randint(0, 99), rng.randint(100, 99_999), rng.randint(10**5, 10**9)])
        out.append((cn2an.an2cn(k, "low"), str(k)))
    return out


def _cn2an_parse(s: str):
    import cn2an

    return cn2an.cn2an(s, "smart")


def _own_parse(s: str):
    return parse_number(s)


def _correct(fn, cases):
    ok, wrong = 0, []
    for text, expected in cases:
        try:
            got = Decimal(str(fn(text)))
        except Exception as exc:  # noqa: BLE001 - a peer's failure is a measurement
            wrong.append((text, expected, f"{type(exc).__name__}"))
            continue
        if abs(got - Decimal(expected)) <= Decimal("1e-9") * max(1, abs(Decimal(expected))):
            ok += 1
        else:
            wrong.append((text, expected, str(got)))
    return ok, wrong


def _speed(fn, cases, rounds: int = 5, repeat: int = 20) -> float:
    texts = [t for t, _ in cases] * repeat
    best = float("inf")
    for _ in range(rounds):
        t0 = time.perf_counter()
        for t in texts:
            try:
                fn(t)
            except Exception:  # noqa: BLE001, S110 - failures are counted elsewhere
                pass
        best = min(best, time.perf_counter() - t0)
    return len(texts) / best


def main() -> int:
    try:
        import cn2an  # noqa: F401
    except ImportError:
        print("cn2an is not installed: pip install -e '.[bench]'", file=sys.stderr)
        return 2
    gen = generated_cases()
    rows = []
    for name, fn in (
        ("own (pipeline.quantities.numerals)", _own_parse),
        ("cn2an smart", _cn2an_parse),
    ):
        ok_h, wrong_h = _correct(fn, HAND_CASES)
        ok_g, wrong_g = _correct(fn, gen)
        rate = _speed(fn, HAND_CASES + gen)
        rows.append((name, ok_h, len(HAND_CASES), ok_g, len(gen), rate, wrong_h + wrong_g))
    print(f"{'parser':36} {'hand cases':>12} {'an2cn cases':>12} {'parses/s':>12}")
    for name, ok_h, n_h, ok_g, n_g, rate, _ in rows:
        print(f"{name:36} {ok_h:>5}/{n_h:<6} {ok_g:>5}/{n_g:<6} {rate:>12,.0f}")
    for name, *_, wrong in rows:
        for text, expected, got in wrong:
            print(f"  {name}: {text!r} expected {expected} got {got}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
