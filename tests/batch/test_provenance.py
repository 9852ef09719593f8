"""Provenance: every run into --out records what produced its rows (the runs
table), and a run with other settings is refused before any work unless told
to start a new run there."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from pipeline.batch import read_output
from pipeline.batch.provenance import PREVIOUS, RunSettings, run_settings
from pipeline.cli import app
from pipeline.facts.composition import DEFAULT_CUES, DEFAULT_TAGGER, pipeline_settings
from pipeline.settings import CompositionSettings

from .conftest import SAMPLE

runner = CliRunner()


@pytest.fixture
def inputs(tmp_path) -> Path:
    folder = tmp_path / "in"
    folder.mkdir()
    for p in sorted(SAMPLE.glob("*.txt"))[:2]:
        shutil.copy(p, folder / p.name)
    return folder


def _extract(inputs: Path, out: Path, *args: str):
    return runner.invoke(
        app,
        ["extract", str(inputs), "--out", str(out), "--model", "rules", "--workers", "1", *args],
    )


def _parts(out: Path) -> list[str]:
    return sorted(p.name for p in (out / "_manifest").glob("part-*.json"))


def test_a_run_records_model_composition_inputs_and_counts(inputs, tmp_path):
    out = tmp_path / "out"
    assert _extract(inputs, out).exit_code == 0
    runs = read_output(out)["runs"]
    assert len(runs) == 1
    run = runs.iloc[0]
    assert run.status == "completed" and run.ended >= run.started
    assert (run.model, run.cues, run.tagger) == ("rules", DEFAULT_CUES, DEFAULT_TAGGER)
    assert len(run.model_hash) == 64 and run.perf_facts_version
    assert (run.inputs, run.to_process, run.ok, run.failed) == (2, 2, 2, 0)
    frames = read_output(out)
    assert run["facts"] == len(frames["facts"]) and run["flags"] == len(frames["flags"])
    # the part files carry the run's id
    assert all(run.run_id in name for name in _parts(out))


def test_same_settings_resume_and_add_a_run(inputs, tmp_path):
    out = tmp_path / "out"
    assert _extract(inputs, out).exit_code == 0
    again = _extract(inputs, out, "--cues", DEFAULT_CUES)  # the default, named
    assert again.exit_code == 0, again.output
    runs = read_output(out)["runs"].sort_values("started")
    assert list(runs.already_done) == [0, 2] and list(runs.to_process) == [2, 0]
    assert runs.inputs_hash.nunique() == 1  # the same corpus


def test_other_settings_are_refused_before_any_work(inputs, tmp_path):
    out = tmp_path / "out"
    assert _extract(inputs, out).exit_code == 0
    before = _parts(out), sorted(p.name for p in (out / "runs").iterdir())
    result = _extract(inputs, out, "--cues", "merge")
    assert result.exit_code == 2
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("error:"), result.stderr
    assert f"cues {DEFAULT_CUES} (this run: merge)" in lines[0] and "--new-run" in lines[0]
    assert (_parts(out), sorted(p.name for p in (out / "runs").iterdir())) == before


def test_new_run_moves_the_earlier_output_aside(inputs, tmp_path):
    out = tmp_path / "out"
    assert _extract(inputs, out).exit_code == 0
    first = read_output(out)
    result = _extract(inputs, out, "--cues", "merge", "--new-run")
    assert result.exit_code == 0, result.output
    frames = read_output(out)
    assert list(frames["runs"].cues) == ["merge"]
    assert len(frames["documents"]) == 2  # processed again, not skipped
    (previous,) = (out / PREVIOUS).iterdir()
    kept = read_output(previous)  # the earlier output, whole and readable
    assert list(kept["runs"].cues) == [DEFAULT_CUES]
    assert len(kept["facts"]) == len(first["facts"])


def test_output_from_before_runs_were_recorded_resumes(inputs, tmp_path):
    out = tmp_path / "out"
    assert _extract(inputs, out).exit_code == 0
    shutil.rmtree(out / "runs")  # as written before runs were recorded
    result = _extract(inputs, out)
    assert result.exit_code == 0, result.output
    (run,) = read_output(out)["runs"].itertuples()  # recorded from now on
    assert run.already_done == 2 and run.to_process == 0


def test_new_run_may_change_the_format(inputs, tmp_path):
    out = tmp_path / "out"
    assert _extract(inputs, out).exit_code == 0
    assert _extract(inputs, out, "--format", "jsonl").exit_code == 2  # resuming: refused
    result = _extract(inputs, out, "--format", "jsonl", "--new-run")
    assert result.exit_code == 0, result.output
    assert list((out / "documents").glob("*.jsonl")) and len(read_output(out)["documents"]) == 2


def test_a_killed_run_resumes(inputs, tmp_path):
    out = tmp_path / "out"
    assert _extract(inputs, out).exit_code == 0
    # as a run killed mid-way leaves its row: status running, no end
    from pipeline.batch.writer import read_table, write_run_row

    (row,) = read_table(out, "runs").to_pylist()
    write_run_row(out, row | {"status": "running", "ended": None}, "parquet")
    result = _extract(inputs, out)
    assert result.exit_code == 0, result.output
    assert sorted(read_output(out)["runs"].status) == ["completed", "running"]


def test_settings_name_the_shipped_model_and_its_config(tmp_path):
    from pipeline.loading import DEFAULT_MODEL, load_pipeline

    if not (DEFAULT_MODEL / "config.cfg").exists():
        pytest.skip("no shipped model")
    shipped = run_settings(None, CompositionSettings())
    assert shipped.model == "perf_facts_zh" and shipped.model_path == str(DEFAULT_MODEL)
    # read from the config without loading: what the loaded pipeline composes with
    loaded = pipeline_settings(load_pipeline())
    assert (shipped.cues, shipped.tagger) == (loaded.cues, loaded.tagger)
    assert run_settings(None, CompositionSettings(tagger="all")).tagger == "all"
    assert run_settings(None, CompositionSettings(tagger="gaps")).tagger == "gaps"
    # a changed weight file is another model
    copy = tmp_path / "model"
    shutil.copytree(DEFAULT_MODEL, copy)
    (copy / "ner" / "model").write_bytes(b"retrained")
    other = run_settings(copy, CompositionSettings())
    assert other.model_hash != shipped.model_hash
    assert isinstance(other, RunSettings) and other.key() != shipped.key()
