"""Check that a refactor leaves the extraction and evaluation outputs unchanged.

Runs, with the code in the current working tree:
- ``perf-facts extract --out DIR --format jsonl`` over corpus/sample and over
  annotations/authored/texts, for the default composition and each --cues and
  --tagger choice, plus the rule layer alone;
- ``perf-facts extract --json`` (the print path) over corpus/sample;
- ``perf-facts evaluate annotations/gold/*.jsonl --json``;
and writes each result as one normalised text file (table rows sorted, run
ids and output part names left out, the checkout path replaced by ``<ROOT>``).

    python scripts/compare_outputs.py save BASE_DIR      # record a baseline
    python scripts/compare_outputs.py check BASE_DIR     # compare; exit 1 on any difference
"""

from __future__ import annotations

import difflib
import glob
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TABLES = ("documents", "facts", "entities", "flags", "errors")
INPUTS = {"sample": "corpus/sample", "authored": "annotations/authored/texts"}
VARIANTS = {
    "default": [],
    "cues-merge": ["--cues", "merge"],
    "cues-fallback": ["--cues", "fallback"],
    "cues-off": ["--cues", "off"],
    "tagger-all": ["--tagger", "all"],
    "rules": ["--model", "rules"],
}


def _perf_facts(args: list[str]) -> str:
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    exe = str(Path(sys.executable).with_name("perf-facts"))
    done = subprocess.run([exe, *args], cwd=ROOT, env=env, capture_output=True, text=True)
    if done.returncode not in (0, 3):
        raise SystemExit(f"perf-facts {' '.join(args)} failed ({done.returncode}):\n{done.stderr}")
    return done.stdout.replace(str(ROOT), "<ROOT>")


def _tables(out: Path) -> str:
    parts = []
    for table in TABLES:
        rows = sorted(
            line
            for path in sorted((out / table).glob("*.jsonl"))
            for line in path.read_text(encoding="utf-8").splitlines()
        )
        parts.append(f"## {table} ({len(rows)} rows)\n" + "\n".join(rows))
    return "\n".join(parts).replace(str(ROOT), "<ROOT>") + "\n"


def collect() -> dict[str, str]:
    results: dict[str, str] = {}
    with tempfile.TemporaryDirectory(prefix="compare_outputs_") as tmp:
        for name, folder in INPUTS.items():
            for variant, extra in VARIANTS.items():
                out = Path(tmp) / f"{name}-{variant}"
                _perf_facts(["extract", folder, "--out", str(out), "--format", "jsonl",
                             "-q", "--workers", "1", *extra])
                results[f"extract-{name}-{variant}.txt"] = _tables(out)
    results["print-sample.jsonl"] = _perf_facts(["extract", "corpus/sample", "--json"])
    gold = sorted(glob.glob(str(ROOT / "annotations/gold/*.jsonl")))
    for variant, extra in VARIANTS.items():
        results[f"evaluate-{variant}.json"] = _perf_facts(
            ["evaluate", *gold, "--source", "corpus/sample", "--json", *extra])
    return results


def main(argv: list[str]) -> int:
    if len(argv) != 2 or argv[0] not in ("save", "check"):
        print("usage: compare_outputs.py save|check BASE_DIR", file=sys.stderr)
        return 2
    mode, base = argv[0], Path(argv[1])
    results = collect()
    if mode == "save":
        base.mkdir(parents=True, exist_ok=True)
        for name, text in results.items():
            (base / name).write_text(text, encoding="utf-8")
        print(f"saved {len(results)} outputs to {base}")
        return 0
    differ = 0
    for name, text in results.items():
        saved = (base / name).read_text(encoding="utf-8")
        if saved != text:
            differ += 1
            diff = difflib.unified_diff(saved.splitlines(), text.splitlines(), "base", "now", lineterm="", n=0)
            print(f"DIFFERS: {name}")
            print("\n".join(list(diff)[:20]))
    print(f"{len(results) - differ}/{len(results)} outputs identical")
    return 1 if differ else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
