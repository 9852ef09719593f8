"""pipeline/training/train.py through ``perf-facts train`` (small, end to end)."""

from __future__ import annotations

from pathlib import Path

import spacy
from typer.testing import CliRunner

from pipeline.cli import app
from pipeline.resources.vocabulary import LABELS

runner = CliRunner()


def test_train_saves_a_loadable_hybrid_pipeline(tmp_path: Path) -> None:
    """A few steps on the smallest gold document: checks the plumbing, not quality."""
    out = tmp_path / "model"
    res = runner.invoke(
        app,
        [
            "train",
            "--output",
            str(out),
            "--train-docs",
            "003",
            "--no-include-authored",
            "--max-steps",
            "4",
            "--seed",
            "0",
        ],
    )
    assert res.exit_code == 0, res.output
    nlp = spacy.load(out)  # the rule component is found through its entry point
    assert nlp.pipe_names == ["tok2vec", "ner", "perf_facts_quantities", "perf_facts_composition"]
    assert set(nlp.get_pipe("ner").labels) == {"INDICATOR", "ACHIEVEMENT"}
    assert nlp.get_pipe("perf_facts_quantities").overwrite_ents is True
    meta = nlp.meta["perf_facts"]
    assert meta["seed"] == 0 and meta["max_steps"] == 4 and not meta["include_authored"]
    doc = nlp("年末总资产 169.57 万元，占总资产的 3.74%。")
    assert {("169.57 万元", "MONEY"), ("3.74%", "PERCENT")} <= {
        (e.text, e.label_) for e in doc.ents
    }
    assert all(e.label_ in LABELS for e in doc.ents)


def test_train_rejects_unknown_document(tmp_path: Path) -> None:
    res = runner.invoke(
        app, ["train", "--output", str(tmp_path / "m"), "--train-docs", "zzz", "--max-steps", "1"]
    )
    assert res.exit_code == 2
    assert not (tmp_path / "m").exists()


def test_train_refuses_to_replace_a_non_model_directory(tmp_path: Path) -> None:
    out = tmp_path / "notes"
    out.mkdir()
    (out / "keep.txt").write_text("x", encoding="utf-8")
    res = runner.invoke(app, ["train", "--output", str(out), "--max-steps", "1"])
    assert res.exit_code == 2
    assert (out / "keep.txt").exists()


def test_train_split_excludes_gold_options(tmp_path) -> None:
    from typer.testing import CliRunner

    from pipeline.cli import app

    res = CliRunner().invoke(app, ["train", "--split", "train", "--gold", str(tmp_path)])
    assert res.exit_code == 2 and "--split names the training documents" in res.output
    res = CliRunner().invoke(
        app, ["train", "--split", "nope", "--output", str(tmp_path / "m"), "--max-steps", "1"]
    )
    assert res.exit_code == 2 and "no split part 'nope'" in res.output
