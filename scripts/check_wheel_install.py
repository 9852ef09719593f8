"""Check that the project, built and installed like a user installs it, gives
the output of the checkout.

1. ``python -m build``: the sdist, then the wheel built from that sdist (so
   both carry the models);
2. a fresh virtual environment in a temporary folder outside the repository,
   with the wheel installed (``--no-deps``); its dependencies are those of the
   running environment, reached through a ``.pth`` path entry (no network, no
   second copy of spaCy), unless ``--fresh-deps`` installs them from the
   package index too;
3. in that environment, from a folder outside the repository: a plain
   ``spacy.load`` of the installed model in a new process (entry points only),
   the displaCy colour entry point, and ``perf-facts extract corpus/sample
   --format jsonl``;
4. the same extraction with the checkout (``PYTHONPATH`` = the repository);
5. every table compared row for row (the documents' ``file`` column, the path
   as given, aside). Exit 1 on any difference.

    python scripts/check_wheel_install.py [--fresh-deps] [--keep]

.ci/run runs it after the test suite.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import sysconfig
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "corpus" / "sample"
TABLES = ("documents", "facts", "entities", "flags", "errors")
# what the installed package must show in a new process (printed as JSON)
PROBE = """
import json, spacy, pipeline
from spacy.util import registry
from pipeline.shipped import PIPELINE_MODEL, model_dir
path = model_dir(PIPELINE_MODEL)
print(json.dumps({"package": pipeline.__file__, "model": str(path)}))
"""
# spaCy alone, no project import first: the entry points must do
SPACY_ONLY = """
import json, sys, spacy
from spacy.util import registry
nlp = spacy.load(sys.argv[1])
doc = nlp("年末总资产 169.57 万元，占总资产的 3.74%。")
colors = {}
for c in registry.displacy_colors.get_all().values():
    colors.update(c() if callable(c) else c)
print(json.dumps({"pipe_names": nlp.pipe_names, "facts": len(doc._.facts or []),
                  "colors": sorted(colors)}))
"""


def clean_env() -> dict[str, str]:
    """The environment without PYTHONPATH: a checkout on it would be taken for
    the installed package (pip even skips the install when it sees its egg-info)."""
    return {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}


def run(cmd: list[str], **kwargs) -> subprocess.CompletedProcess:
    kwargs.setdefault("env", clean_env())
    done = subprocess.run(cmd, check=False, capture_output=True, text=True, **kwargs)
    if done.returncode not in (0, 3):  # 3: some documents failed, tables still written
        raise SystemExit(f"failed ({done.returncode}): {' '.join(cmd)}\n{done.stderr[-3000:]}")
    return done


def build(dist: Path) -> Path:
    """Build the sdist and the wheel from it; the wheel's path."""
    run([sys.executable, "-m", "build", "--outdir", str(dist), str(ROOT)])
    (wheel,) = dist.glob("*.whl")
    return wheel


def make_venv(venv: Path, wheel: Path, fresh_deps: bool) -> Path:
    """A new environment with ``wheel`` installed; its python."""
    run([sys.executable, "-m", "venv", "--without-pip", str(venv)])
    python = venv / "bin" / "python"
    pip = [sys.executable, "-m", "pip", "--python", str(python), "install", "-q"]
    if fresh_deps:
        run([*pip, str(wheel)])
        return python
    run([*pip, "--no-deps", str(wheel)])
    purelib = run([str(python), "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"])
    ours = {sysconfig.get_path("purelib"), sysconfig.get_path("platlib")}
    # a path entry (not a site dir): the checkout's own editable-install hooks stay out
    Path(purelib.stdout.strip(), "_perf_facts_deps.pth").write_text("\n".join(sorted(ours)) + "\n")
    return python


def extract(cmd: list[str], out: Path, cwd: Path, env: dict[str, str]) -> None:
    run([*cmd, "extract", str(SAMPLE), "--out", str(out), "--format", "jsonl", "--workers", "1",
         "--quiet"], cwd=cwd, env=env)  # fmt: skip


def read_tables(out: Path) -> dict[str, list[dict]]:
    """Each table's rows, sorted, the documents' ``file`` column left out."""
    tables = {}
    for table in TABLES:
        rows = [
            json.loads(line)
            for path in sorted((out / table).glob("*.jsonl"))
            for line in path.read_text(encoding="utf-8").splitlines()
        ]
        if table == "documents":
            for row in rows:
                del row["file"]
        tables[table] = sorted(rows, key=lambda r: json.dumps(r, sort_keys=True))
    return tables


def differences(ours: dict[str, list[dict]], theirs: dict[str, list[dict]]) -> list[str]:
    """One line per table whose rows differ (empty: the same output)."""
    lines = []
    for table in TABLES:
        a, b = ours.get(table, []), theirs.get(table, [])
        if a != b:
            only_a = [r for r in a if r not in b]
            only_b = [r for r in b if r not in a]
            lines.append(
                f"{table}: {len(a)} vs {len(b)} rows; first only in the checkout: "
                f"{only_a[:1]}; first only in the installed package: {only_b[:1]}"
            )
    return lines


def check_installed(python: Path, work: Path) -> dict:
    """The installed package, not the checkout, with its model and entry points."""
    probe = json.loads(run([str(python), "-c", PROBE], cwd=work).stdout)
    if not probe["package"].startswith(str(python.parent.parent)):
        raise SystemExit(f"the installed check imported {probe['package']}, not the wheel")
    spacy_only = run([str(python), "-c", SPACY_ONLY, probe["model"]], cwd=work)
    found = {**probe, **json.loads(spacy_only.stdout)}
    if "perf_facts_composition" not in found["pipe_names"] or not found["facts"]:
        raise SystemExit(f"spacy.load of the installed model assembles no facts: {found}")
    if "INDICATOR" not in found["colors"]:
        raise SystemExit("the displaCy colours of the installed package are not registered")
    return found


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--fresh-deps", action="store_true", help="install dependencies too")
    ap.add_argument("--keep", action="store_true", help="keep the temporary folder")
    args = ap.parse_args(argv)
    started = time.perf_counter()
    work = Path(tempfile.mkdtemp(prefix="perf_facts_wheel_"))
    try:
        wheel = build(work / "dist")
        python = make_venv(work / "venv", wheel, args.fresh_deps)
        installed = check_installed(python, work)
        env = clean_env()
        extract([str(python.with_name("perf-facts"))], work / "installed", work, env)
        checkout = [sys.executable, "-m", "pipeline.cli"]
        extract(checkout, work / "checkout", ROOT, dict(env, PYTHONPATH=str(ROOT)))
        ours, theirs = read_tables(work / "checkout"), read_tables(work / "installed")
        diff = differences(ours, theirs)
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    counts = ", ".join(f"{t} {len(ours[t])}" for t in TABLES)
    print(f"installed {wheel.name} in {work}{'' if args.keep else ' (removed)'}")
    print(
        f"spacy.load alone: {installed['pipe_names']}, {installed['facts']} fact(s) in a test line"
    )
    for line in diff:
        print(f"DIFFERENT {line}")
    verdict = "differs from" if diff else "equals"
    print(
        f"installed package {verdict} the checkout ({counts}); {time.perf_counter() - started:.0f} s"
    )
    return 1 if diff else 0


if __name__ == "__main__":
    raise SystemExit(main())
