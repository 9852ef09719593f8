"""pipeline/loading.py and pipeline/shipped.py: the shipped models are found in
every install mode, and a missing one is a loud error, never the rule layer."""

from __future__ import annotations

import shutil

import pytest
from typer.testing import CliRunner

from pipeline import shipped
from pipeline.batch.validate import UsageError, check_model
from pipeline.cli import app
from pipeline.loading import DEFAULT_MODEL, load_pipeline
from pipeline.settings import COMPONENT
from pipeline.shipped import (
    PIPELINE_MODEL,
    TAXONOMY_MODEL,
    ModelNotFoundError,
    model_dir,
    require_model,
)

runner = CliRunner()


@pytest.fixture
def no_models(tmp_path, monkeypatch):
    """An installation without models: neither a packaged copy nor a checkout's."""
    monkeypatch.setattr(shipped, "PACKAGED", tmp_path / "package" / "_models")
    monkeypatch.setattr(shipped, "SOURCE", tmp_path / "checkout" / "models")
    return tmp_path


def test_missing_model_is_an_error_that_says_how_to_fix_it(no_models) -> None:
    with pytest.raises(ModelNotFoundError, match="--model rules") as raised:
        load_pipeline()
    assert "perf_facts_zh" in str(raised.value) and "pip install ." in str(raised.value)
    assert isinstance(raised.value, FileNotFoundError)
    assert load_pipeline("rules").pipe_names  # the explicit opt-in still works


def test_missing_taxonomy_model_is_an_error_too(no_models) -> None:
    source = no_models / "checkout" / "models"
    shutil.copytree(DEFAULT_MODEL, source / PIPELINE_MODEL)
    with pytest.raises(ModelNotFoundError, match=TAXONOMY_MODEL):
        load_pipeline()


def test_packaged_copy_wins_over_the_checkout(no_models) -> None:
    packaged = no_models / "package" / "_models" / TAXONOMY_MODEL
    (no_models / "checkout" / "models" / TAXONOMY_MODEL).mkdir(parents=True)
    (no_models / "checkout" / "models" / TAXONOMY_MODEL / "model.joblib").write_bytes(b"x")
    assert model_dir(TAXONOMY_MODEL) == no_models / "checkout" / "models" / TAXONOMY_MODEL
    packaged.mkdir(parents=True)
    (packaged / "model.joblib").write_bytes(b"x")
    assert require_model(TAXONOMY_MODEL) == packaged


def test_cli_without_models_exits_2_with_one_line(no_models, sample_paths) -> None:
    with pytest.raises(UsageError, match="--model not given"):
        check_model(None)
    for args in (["extract", str(sample_paths[0])], ["extract", str(sample_paths[0]), "--out",
                                                     str(no_models / "out")]):  # fmt: skip
        res = runner.invoke(app, args)
        assert res.exit_code == 2, res.output
        assert "perf_facts_zh is missing" in res.output
        assert not (no_models / "out").exists()  # before any work


def test_shipped_model_loads_with_its_composition_last() -> None:
    nlp = load_pipeline()
    assert nlp.pipe_names[-1] == COMPONENT
    assert COMPONENT not in nlp.disabled
    assert model_dir(PIPELINE_MODEL) == DEFAULT_MODEL
