"""Cue policies and tagging strategies are registered functions that a
pipeline's config selects (perf_facts_composition); settings only override."""

from __future__ import annotations

import pytest
import spacy

from pipeline.facts import process_document
from pipeline.facts.composition import (
    COMPONENT,
    cue_policies,
    cue_policy,
    merge,
    pipeline_settings,
)
from pipeline.ingest import read_text_document
from pipeline.loading import rules_pipeline
from pipeline.settings import CompositionSettings
from pipeline.tagging import tag_everywhere, tagging_strategies
from pipeline.tokenize import make_nlp

TEXT = "年末总资产 169.57 万元，占比 3.74%。\n参训覆盖率达到 95%。\n"


def _with_config(cues: str, where: str):
    nlp = make_nlp()
    nlp.add_pipe("perf_facts_quantities")
    nlp.add_pipe(
        COMPONENT,
        config={
            "cue_policy": {"@misc": "perf_facts.cue_policy.v1", "name": cues},
            "tagger_gate": {"@misc": "perf_facts.tagger_gate.v1", "where": where},
        },
    )
    nlp.disable_pipe(COMPONENT)
    return nlp


def test_registries_hold_every_choice():
    assert set(cue_policies.get_all()) == {"cues_first", "merge", "fallback", "off"}
    assert set(tagging_strategies.get_all()) == {"gaps", "all"}
    assert cue_policy("merge") is merge
    assert tagging_strategies.get("all") is tag_everywhere


def test_rules_pipeline_carries_the_default_settings():
    nlp = rules_pipeline()
    assert pipeline_settings(nlp) == CompositionSettings("cues_first", "gaps")
    assert COMPONENT not in nlp.pipe_names  # settings only: never runs on a Doc


def test_config_survives_save_and_spacy_load(tmp_path):
    _with_config("merge", "all").to_disk(tmp_path / "p")
    loaded = spacy.load(tmp_path / "p")
    assert pipeline_settings(loaded) == CompositionSettings("merge", "all")


def test_config_choice_equals_the_same_choice_as_override():
    doc = read_text_document(TEXT, "t.txt")
    by_config = process_document(_with_config("off", "gaps"), doc)
    by_override = process_document(rules_pipeline(), doc, settings=CompositionSettings(cues="off"))
    default = process_document(rules_pipeline(), doc)
    assert by_config == by_override
    assert [f.indicator for f in by_config.facts] != [f.indicator for f in default.facts]


def test_override_wins_over_config():
    nlp = _with_config("off", "gaps")
    settings = CompositionSettings(cues="cues_first").over(pipeline_settings(nlp))
    assert settings == CompositionSettings("cues_first", "gaps")


def test_unknown_names_are_rejected():
    with pytest.raises(ValueError, match="cues must be one of"):
        _with_config("always", "gaps")
    with pytest.raises(ValueError):
        _with_config("merge", "everywhere")
