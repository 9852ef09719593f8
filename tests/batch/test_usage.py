"""Bad usage is one line on stderr and exit 2, found before any worker starts
and before anything is written."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

from pipeline.cli import app

from .conftest import SAMPLE

runner = CliRunner()


def _dir(tmp: Path, name: str, config: str | None = None) -> str:
    d = tmp / name
    d.mkdir()
    if config is not None:
        (d / "config.cfg").write_text(config)
    return str(d)


# bad option → the arguments that give it (built in the test's tmp folder)
CASES: dict[str, Callable[[Path], list[str]]] = {
    "model missing": lambda t: ["--model", str(t / "nonexistent")],
    "model not a pipeline": lambda t: ["--model", _dir(t, "empty")],
    "model does not load": lambda t: ["--model", _dir(t, "broken", "[nlp]\nlang = xx_bogus\n")],
    "max-chars negative": lambda t: ["--max-chars", "-1"],
    "workers zero": lambda t: ["--workers", "0"],
    "workers negative": lambda t: ["--workers", "-3"],
    "part-docs zero": lambda t: ["--part-docs", "0"],
    "timeout negative": lambda t: ["--timeout", "-1"],
    "unknown format": lambda t: ["--format", "ods"],
    "progress-every negative": lambda t: ["--progress-every", "-1"],
    "unknown cues": lambda t: ["--cues", "bogus"],
    "unknown tagger": lambda t: ["--tagger", "bogus"],
    "duckdb is a folder": lambda t: ["--duckdb", str(t)],
    "dask unreachable": lambda t: ["--dask", "tcp://127.0.0.1:1"],
    "dask not an address": lambda t: ["--dask", "nonsense"],
    "dask scheduler file missing": lambda t: ["--dask", str(t / "sched.json")],
}


def _one_error_line(output: str) -> str:
    lines = [line for line in output.splitlines() if line.strip()]
    assert len(lines) == 1, output
    assert lines[0].startswith("error:"), output
    assert "Traceback" not in output
    return lines[0]


@pytest.mark.parametrize("name", list(CASES))
def test_bad_option_is_one_line_exit_2_and_writes_nothing(name, tmp_path):
    args = CASES[name](tmp_path)
    out = tmp_path / "out"
    result = runner.invoke(app, ["extract", str(SAMPLE), "--out", str(out), *args])
    assert result.exit_code == 2, result.output
    _one_error_line(result.output)
    assert not out.exists()


def test_out_naming_a_file_is_exit_2(tmp_path):
    target = tmp_path / "a_file"
    target.write_text("x")
    result = runner.invoke(app, ["extract", str(SAMPLE), "--out", str(target), "-q"])
    assert result.exit_code == 2
    assert "not a folder" in _one_error_line(result.output)


def test_missing_input_leaves_no_output_skeleton(tmp_path):
    out = tmp_path / "out"
    result = runner.invoke(app, ["extract", str(tmp_path / "nothere"), "--out", str(out)])
    assert result.exit_code == 2
    _one_error_line(result.output)
    assert not out.exists()


def test_empty_folder_is_exit_2(tmp_path):
    (tmp_path / "in").mkdir()
    result = runner.invoke(app, ["extract", str(tmp_path / "in"), "--out", str(tmp_path / "o")])
    assert result.exit_code == 2
    assert "no .txt" in _one_error_line(result.output)


def test_missing_model_in_print_mode_is_exit_2(tmp_path):
    result = runner.invoke(app, ["extract", str(SAMPLE), "--model", str(tmp_path / "nope")])
    assert result.exit_code == 2
    assert "--model" in _one_error_line(result.output)
