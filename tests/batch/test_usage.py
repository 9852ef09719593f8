"""Bad usage is one line on stderr and exit 2, found before any worker starts
and before anything is written."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from pipeline.cli import app

from .conftest import SAMPLE

runner = CliRunner()


def _cases(tmp: Path) -> dict[str, list[str]]:
    (tmp / "a_file").write_text("x")
    (tmp / "empty").mkdir()
    return {
        "model missing": ["--model", str(tmp / "nonexistent")],
        "model not a pipeline": ["--model", str(tmp / "empty")],
        "max-chars negative": ["--max-chars", "-1"],
        "workers zero": ["--workers", "0"],
        "workers negative": ["--workers", "-3"],
        "part-docs zero": ["--part-docs", "0"],
        "timeout negative": ["--timeout", "-1"],
        "unknown format": ["--format", "csv"],
        "unknown cues": ["--cues", "bogus"],
        "duckdb is a folder": ["--duckdb", str(tmp)],
        "dask unreachable": ["--dask", "tcp://127.0.0.1:1"],
        "dask not an address": ["--dask", "nonsense"],
    }


NAMES = [
    "model missing",
    "model not a pipeline",
    "max-chars negative",
    "workers zero",
    "workers negative",
    "part-docs zero",
    "timeout negative",
    "unknown format",
    "unknown cues",
    "duckdb is a folder",
    "dask unreachable",
    "dask not an address",
]


def _one_error_line(output: str) -> str:
    lines = [line for line in output.splitlines() if line.strip()]
    assert len(lines) == 1, output
    assert lines[0].startswith("error:"), output
    assert "Traceback" not in output
    return lines[0]


@pytest.mark.parametrize("name", NAMES)
def test_bad_option_is_one_line_exit_2_and_writes_nothing(name, tmp_path):
    args = _cases(tmp_path)[name]
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
