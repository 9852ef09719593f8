"""pipeline/training/ensemble.py: spancat and NER joined into one pipeline."""

from __future__ import annotations

from pathlib import Path

import spacy

from pipeline.training.spans import FACTORY
from pipeline.training.train import ROOT

SPANCAT_CONFIG = ROOT / "configs" / "spancat.cfg"


def test_ensemble_joins_spancat_and_ner(tmp_path: Path) -> None:
    from pipeline.training.ensemble import main as ensemble
    from pipeline.training.train import train_pipeline

    common = {"train_docs": ["003"], "include_authored": False, "max_steps": 2}
    train_pipeline(tmp_path / "sc", config=SPANCAT_CONFIG, workdir=tmp_path / "w1", **common)
    train_pipeline(tmp_path / "ner", workdir=tmp_path / "w2", **common)
    assert ensemble([str(tmp_path / "sc"), str(tmp_path / "ner"), str(tmp_path / "ens")]) == 0
    nlp = spacy.load(tmp_path / "ens")
    assert nlp.pipe_names == [
        "tok2vec",
        "spancat",
        "ner",
        FACTORY,
        "perf_facts_quantities",
        "perf_facts_composition",
    ]
    assert nlp.get_pipe_config(FACTORY)["drop_labels"] == ["INDICATOR"]
    # the NER carries its own tok2vec: spancat's tok2vec feeds spancat only
    assert nlp.get_pipe("tok2vec").listening_components == ["spancat"]
    doc = nlp("年末总资产 169.57 万元。")
    assert ("169.57 万元", "MONEY") in {(e.text, e.label_) for e in doc.ents}
