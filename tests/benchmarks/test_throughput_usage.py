"""benchmarks/throughput.py refuses bad usage in one line, exit 2, before any work."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))

import throughput


@pytest.mark.parametrize(
    ("argv", "says"),
    [
        (["--docs", "3"], "--docs 3"),
        (["--workers", "0"], "--workers '0'"),
        (["--workers", "1,x"], "--workers '1,x'"),
        (["--model", "/nonexistent/model"], "--model /nonexistent/model"),
        (["--out", "/nonexistent/folder/bench.json"], "--out"),
        (["--tagger", "sometimes"], "--tagger"),
    ],
)
def test_bad_usage_is_one_line_and_exit_2(argv, says, capsys):
    with pytest.raises(SystemExit) as stop:
        throughput.parse_args(argv)
    assert stop.value.code == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and says in err


def test_good_usage_parses():
    args = throughput.parse_args(["--docs", "10", "--workers", "1,2,1"])
    assert args.worker_counts == [1, 2]
