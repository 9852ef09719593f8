"""Command-line habits: --version, help that reads like a command's, progress
lines in logs (stderr not a terminal), -v and -q."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from pipeline.cli import app
from pipeline.version import perf_facts_version

SAMPLE = Path(__file__).resolve().parents[2] / "corpus" / "sample"
runner = CliRunner()


def _command_paths(group, prefix=()) -> list[tuple[str, ...]]:
    paths = [prefix]
    for name, command in getattr(group, "commands", {}).items():
        paths += _command_paths(command, (*prefix, name))
    return paths


COMMANDS = _command_paths(typer.main.get_command(app))


def test_version():
    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0
    assert result.output.strip() == f"perf-facts {perf_facts_version()}"
    assert re.fullmatch(r"perf-facts \d+\.\d+\S*", result.output.strip())


def test_every_command_is_walked():
    assert {("extract",), ("summary",), ("show",), ("annotate", "predict")} <= set(COMMANDS)


@pytest.mark.parametrize("path", COMMANDS, ids=lambda p: " ".join(p) or "perf-facts")
def test_help_has_no_python_types_or_rst_markup(path):
    result = runner.invoke(app, [*path, "--help"], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    text = result.output
    assert not re.search(r"<(list|bool|str|int|float|path)\b", text), text
    assert "``" not in text and ":func:" not in text and ":class:" not in text, text


@pytest.fixture
def three_reports(tmp_path) -> Path:
    folder = tmp_path / "in"
    folder.mkdir()
    for p in sorted(SAMPLE.glob("*.txt"))[:3]:
        shutil.copy(p, folder / p.name)
    return folder


def _extract(folder: Path, out: Path, *args: str):
    base = ["extract", str(folder), "--out", str(out), "--model", "rules", "--workers", "1"]
    return runner.invoke(app, [*base, *args])


def test_progress_lines_when_stderr_is_not_a_terminal(three_reports, tmp_path):
    result = _extract(three_reports, tmp_path / "out", "--progress-every", "2")
    assert result.exit_code == 0, result.output
    err = result.stderr.splitlines()
    assert err[0].startswith("loading model rules")
    progress = [line for line in err if line.startswith("extract: ")]
    # every 2 documents, and the last one
    assert [line.split()[1] for line in progress] == ["2/3", "3/3"], progress
    for line in progress:
        assert re.search(r"[\d.]+ docs/s, [\d,]+ chars/s, elapsed \d+s, ETA \d+s$", line), line
    assert "documents ok" in result.stderr  # the summary follows


def test_verbose_adds_a_line_per_document_and_quiet_says_nothing(three_reports, tmp_path):
    verbose = _extract(three_reports, tmp_path / "a", "-v")
    assert verbose.exit_code == 0, verbose.output
    ok_lines = [line for line in verbose.stderr.splitlines() if line.startswith("ok ")]
    assert len(ok_lines) == 3 and all("facts" in line for line in ok_lines)
    quiet = _extract(three_reports, tmp_path / "b", "-q")
    assert quiet.exit_code == 0 and quiet.stderr == ""
