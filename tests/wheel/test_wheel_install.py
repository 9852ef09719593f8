"""The wheel and sdist carry the models and give the checkout's output
(scripts/check_wheel_install.py, which .ci/run runs after the suite), and the
displaCy colour entry point."""

from __future__ import annotations

import os
import tomllib
from importlib import import_module
from pathlib import Path

import pytest
from spacy import displacy
from spacy.util import registry

from pipeline.loading import rules_pipeline
from pipeline.resources.vocabulary import LABELS
from scripts import check_wheel_install as check

ROOT = Path(__file__).resolve().parents[2]


def _entry_points(group: str) -> dict[str, str]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    return project["entry-points"][group]


def test_table_differences_are_reported() -> None:
    row = {"doc_id": "a", "text": "5人", "value": 5.0}
    same = {"facts": [row]}
    assert check.differences(same, {"facts": [dict(row)]}) == []
    (line,) = check.differences(same, {"facts": [{**row, "value": 6.0}]})
    assert line.startswith("facts: 1 vs 1 rows") and "6.0" in line
    assert check.differences(same, {"facts": []})


def test_manifest_ships_every_model() -> None:
    from pipeline.shipped import SHIPPED_MODELS

    manifest = (ROOT / "MANIFEST.in").read_text(encoding="utf-8")
    assert all(f"graft models/{name}" in manifest for name in SHIPPED_MODELS)


def test_entry_points_name_what_the_model_config_uses() -> None:
    config = (ROOT / "models" / "perf_facts_zh" / "config.cfg").read_text(encoding="utf-8")
    for group in ("spacy_factories", "spacy_misc"):
        for target in _entry_points(group).values():
            module, attr = target.split(":")
            assert callable(getattr(import_module(module), attr)), target
    used = {"perf_facts_composition", "perf_facts_quantities", "perf_facts.cue_policy.v1"}
    assert all(name in config for name in used)
    assert used <= set(_entry_points("spacy_factories")) | set(_entry_points("spacy_misc"))


def test_displacy_colours_entry_point(monkeypatch) -> None:
    (target,) = _entry_points("spacy_displacy_colors").values()
    module, attr = target.split(":")
    colours = getattr(import_module(module), attr)
    assert set(LABELS) <= set(colours())
    # what an install's entry point gives displaCy (the check script sees the real one)
    monkeypatch.setattr(registry.displacy_colors, "get_all", lambda: {"perf_facts": colours})
    html = displacy.render(rules_pipeline()("资金169.57万元。"), style="ent")
    assert colours()["MONEY"] in html


@pytest.mark.skipif(
    os.environ.get("PERF_FACTS_WHEEL_CHECK") != "1",
    reason="builds and installs the wheel (about 2 min): .ci/run runs "
    "scripts/check_wheel_install.py; set PERF_FACTS_WHEEL_CHECK=1 to run it here",
)
def test_installed_wheel_gives_the_checkouts_output(capsys) -> None:
    assert check.main([]) == 0
    assert "installed package equals the checkout" in capsys.readouterr().out
