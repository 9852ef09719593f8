"""Cue policies and tagging strategies are registered functions that a
pipeline's config selects (perf_facts_composition); settings only override."""

from __future__ import annotations

import pytest
import spacy

from pipeline.facts import assemble, process_document
from pipeline.facts.composition import (
    COMPONENT,
    cue_policies,
    cue_policy,
    merge,
    pipeline_settings,
)
from pipeline.ingest import read_text_document
from pipeline.loading import rules_pipeline
from pipeline.schema import EntityRow
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
    assert set(cue_policies.get_all()) == {"cues_first", "merge", "tagged_first", "fallback", "off"}
    assert set(tagging_strategies.get_all()) == {"gaps", "quantified", "all"}
    assert cue_policy("merge") is merge
    assert tagging_strategies.get("all") is tag_everywhere


def test_rules_pipeline_carries_the_default_settings():
    nlp = rules_pipeline()
    assert pipeline_settings(nlp) == CompositionSettings("cues_first", "gaps")
    # last: it assembles each Doc's facts (pipeline/doc_facts.py, tests/test_doc_facts.py)
    assert nlp.pipe_names[-1] == COMPONENT


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


def test_merge_cues_where_the_tagger_found_nothing(entity) -> None:
    text = "干部参训覆盖率达到96%，发放补贴383406元，培训质量较好。\n"
    doc = read_text_document(text, "t.txt")
    ents = [
        entity(doc, "INDICATOR", "干部参训覆盖率"),
        entity(doc, "PERCENT", "96%"),
        entity(doc, "MONEY", "383406元"),
        entity(doc, "INDICATOR", "培训质量"),  # measured by no quantity
    ]
    merged = assemble(doc, ents, cues="merge")
    assert [(f.text, f.indicator) for f in merged.facts] == [
        ("96%", "干部参训覆盖率"),
        ("383406元", "发放补贴"),  # guide: the verb that moved the money stays
    ]
    kept = [e.text for e in merged.entities if e.label == "INDICATOR"]
    # the tagged span and the cue reading a fact links to; 培训质量 goes
    assert kept == ["干部参训覆盖率", "发放补贴"]
    old = assemble(doc, ents, cues="fallback")
    # without cues a clause with no INDICATOR inherits the sentence's previous one
    assert [(f.text, f.indicator) for f in old.facts] == [
        ("96%", "干部参训覆盖率"),
        ("383406元", "干部参训覆盖率"),
    ]
    assert [e.text for e in old.entities if e.label == "INDICATOR"] == [
        "干部参训覆盖率",
        "培训质量",
    ]
    with pytest.raises(ValueError):
        assemble(doc, ents, cues="always")  # type: ignore[arg-type]


def test_tagged_first_keeps_unmeasured_tagged_indicators(entity) -> None:
    text = "干部参训覆盖率达到96%，发放补贴383406元，培训质量较好。\n"
    doc = read_text_document(text, "t.txt")
    ents = [
        entity(doc, "INDICATOR", "干部参训覆盖率"),
        entity(doc, "PERCENT", "96%"),
        entity(doc, "MONEY", "383406元"),
        entity(doc, "INDICATOR", "培训质量"),  # measured by no quantity
    ]
    result = assemble(doc, ents, cues="tagged_first")
    # the facts are merge's: the tagged name in its clause, the cue reading elsewhere
    assert result.facts == assemble(doc, ents, cues="merge").facts
    kept = [e.text for e in result.entities if e.label == "INDICATOR"]
    assert kept == ["干部参训覆盖率", "发放补贴", "培训质量"]


def test_tagged_indicator_wins_in_its_clause(entity) -> None:
    text = "共发展党员190人。\n"
    doc = read_text_document(text, "t.txt")
    ents = [entity(doc, "INDICATOR", "党员"), entity(doc, "COUNT", "190人")]
    facts = assemble(doc, ents, cues="merge").facts
    assert [(f.text, f.indicator) for f in facts] == [("190人", "党员")]


def test_cues_first_prefers_the_cue_reading(entity) -> None:
    text = "干部学员实际参训覆盖率达到95%以上。\n"
    doc = read_text_document(text, "t.txt")
    ents = [entity(doc, "INDICATOR", "参训覆盖率"), entity(doc, "PERCENT", "95%")]
    assert [f.indicator for f in assemble(doc, ents, cues="merge").facts] == ["参训覆盖率"]
    first = assemble(doc, ents, cues="cues_first")
    assert [f.indicator for f in first.facts] == ["干部学员实际参训覆盖率"]
    # the cue reading is the entity; the tagged 参训覆盖率, now unmeasured, is gone
    assert [e.text for e in first.entities if e.label == "INDICATOR"] == ["干部学员实际参训覆盖率"]


def test_tagged_indicator_cells_without_quantities_stay() -> None:
    text = "培训人数\n≥600人\n"
    doc = read_text_document(text, "t.txt")
    ents = [
        EntityRow(doc.id, "INDICATOR", "培训人数", 0, 4, 0),
        EntityRow(doc.id, "COUNT", "600人", 6, 10, 1),
    ]
    result = assemble(doc, ents, cues="merge")
    assert [e.text for e in result.entities if e.label == "INDICATOR"] == ["培训人数"]
