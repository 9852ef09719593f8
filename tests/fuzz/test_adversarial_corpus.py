"""``perf-facts extract`` over hostile files beside good ones: every good
document has its rows, every bad one an error row, exit 3, nothing infinite,
evidence bounded, peak memory of every process under 1.5 GB."""

from __future__ import annotations

import json
import math
import resource
import subprocess
import sys
from pathlib import Path

from pipeline.batch import read_output
from pipeline.bounds import EVIDENCE_WINDOW

from .adversarial import MAX_CHARS, build

CLI = [sys.executable, "-c", "from pipeline.cli import app; app()", "extract"]
RSS_LIMIT = 1.5 * 1024**3


def _peak_rss_of_children() -> int:
    rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return rss if sys.platform == "darwin" else rss * 1024


def test_extract_over_the_adversarial_corpus(tmp_path):
    src = tmp_path / "in"
    expect = build(src)
    out = tmp_path / "out"
    run = subprocess.run(
        [
            *CLI,
            str(src),
            "--out",
            str(out),
            "--model",
            "rules",
            "--workers",
            "2",
            "--max-chars",
            str(MAX_CHARS),
            "--timeout",
            "120",
            "--log-json",
        ],
        check=False,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert run.returncode == 3, run.stderr
    assert "Traceback" not in run.stderr
    frames = read_output(out)
    with_rows = {Path(f).name for f in frames["documents"]["file"]}
    with_errors = {Path(f).name for f in frames["errors"]["file"]}
    assert with_rows == {n for n, o in expect.items() if o == "rows"}
    assert with_errors == {n for n, o in expect.items() if o == "error"}
    for name in ("documents", "facts", "flags"):
        floats = frames[name].select_dtypes("float").to_numpy().ravel()
        assert not any(math.isinf(x) for x in floats), name  # NaN is how pandas shows null
    assert frames["facts"]["sentence"].str.len().max() <= EVIDENCE_WINDOW

    summary = json.loads(run.stderr.strip().splitlines()[-1])
    assert summary["event"] == "summary"
    assert max(summary["worker_peak_rss"].values()) < RSS_LIMIT
    assert _peak_rss_of_children() < RSS_LIMIT  # the main process too
