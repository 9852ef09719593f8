"""The training configs pass ``spacy debug config`` and ``spacy debug data``
(they failed with "[initialize] tokenizer Field required"), on the corpora
``perf-facts corpus`` writes."""

from __future__ import annotations

from pathlib import Path

import pytest
from spacy.cli.debug_config import debug_config
from spacy.cli.debug_data import debug_data
from typer.testing import CliRunner

from pipeline.cli import app

ROOT = Path(__file__).resolve().parents[2]
CONFIGS = sorted((ROOT / "configs").glob("*.cfg"))
runner = CliRunner()


@pytest.fixture(scope="module")
def corpora(tmp_path_factory) -> dict[str, dict[str, str]]:
    """train/dev DocBins of the gold, for a ner config and for the spancat one."""
    out = {}
    for kind in ("ner", "spancat"):
        folder = tmp_path_factory.mktemp(kind)
        args = ["corpus", "--out", str(folder), "--config", str(ROOT / "configs" / f"{kind}.cfg")]
        res = runner.invoke(app, [*args, "--no-include-authored"])
        assert res.exit_code == 0, res.output
        out[kind] = {
            "paths.train": str(folder / "train.spacy"),
            "paths.dev": str(folder / "dev.spacy"),
        }
    return out


def test_there_are_four_configs() -> None:
    assert [c.name for c in CONFIGS] == ["ner.cfg", "ner_fast.cfg", "ner_small.cfg", "spancat.cfg"]


@pytest.mark.parametrize("config", CONFIGS, ids=lambda c: c.name)
def test_debug_config_and_debug_data_pass(config: Path, corpora) -> None:
    overrides = corpora["spancat" if config.name == "spancat.cfg" else "ner"]
    debug_config(config, overrides=overrides)  # exits 1 on an invalid block
    try:
        debug_data(config, config_overrides=overrides, silent=True, no_format=True)
    except SystemExit as exc:  # spaCy exits 1 when a check fails
        pytest.fail(f"spacy debug data {config.name} found errors (exit {exc.code})")
