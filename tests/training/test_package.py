"""pipeline/training/package.py: an earlier pipeline brought up to the current
assembly (composition enabled and last, its config kept), weights unchanged."""

from __future__ import annotations

import spacy

from pipeline.facts.composition import pipeline_settings
from pipeline.loading import rules_pipeline
from pipeline.settings import COMPONENT, CompositionSettings
from pipeline.training.package import main, reassemble, with_composition_last


def _old_style(tmp_path):
    """A pipeline saved the way they were before: composition disabled, not last."""
    nlp = rules_pipeline()
    nlp.remove_pipe(COMPONENT)
    nlp.add_pipe(
        COMPONENT,
        first=True,
        config={"cue_policy": {"@misc": "perf_facts.cue_policy.v1", "name": "merge"}},
    )
    nlp.disable_pipe(COMPONENT)
    path = tmp_path / "old"
    nlp.to_disk(path)
    return path


def test_reassemble_enables_the_composition_last_and_keeps_its_config(tmp_path) -> None:
    path = _old_style(tmp_path)
    assert COMPONENT not in spacy.load(path).pipe_names
    before = {p.name: p.read_bytes() for p in (path / "tokenizer").rglob("*") if p.is_file()}
    assert reassemble(path) == path
    nlp = spacy.load(path)
    assert nlp.pipe_names == ["perf_facts_quantities", COMPONENT]
    assert pipeline_settings(nlp) == CompositionSettings("merge", "gaps")
    assert nlp.meta["name"] == "perf_facts_zh"
    assert {
        p.name: p.read_bytes() for p in (path / "tokenizer").rglob("*") if p.is_file()
    } == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["old"]  # no temporary left
    assert nlp("资金169.57万元。")._.facts


def test_with_composition_last_adds_the_default_when_missing() -> None:
    nlp = rules_pipeline()
    nlp.remove_pipe(COMPONENT)
    assert with_composition_last(nlp).pipe_names[-1] == COMPONENT
    assert pipeline_settings(nlp) == CompositionSettings("cues_first", "gaps")


def test_main_usage(tmp_path, capsys) -> None:
    assert main(["--help"]) == 2
    assert main([str(tmp_path)]) == 2
    assert "no spaCy pipeline" in capsys.readouterr().err
