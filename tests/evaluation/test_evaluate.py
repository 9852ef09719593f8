"""pipeline.predict: predictions as records, scored against gold by absolute offsets."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from pipeline.annotations.records import load_records
from pipeline.cli import app
from pipeline.loading import rules_pipeline
from pipeline.predict import evaluate, predict_records, restrict_to_gold, score
from pipeline.resources.vocabulary import QUANTITY_LABELS

from .conftest import DOC, QUANTITIES, SOURCE, build_records, write_jsonl

runner = CliRunner()
# the gold here has quantities only; the rules' cue-based INDICATORs are scored elsewhere


@pytest.fixture(scope="module")
def rules():
    return rules_pipeline()


def test_rules_perfect_on_quantity_gold(eval_dir: Path, rules) -> None:
    gold = load_records(eval_dir / "gold.jsonl")
    result = evaluate(rules, gold, eval_dir / "src", labels=QUANTITY_LABELS)
    assert result.documents == [DOC]
    assert result.missing_sources == []
    for label in ("MONEY", "COUNT", "PERCENT", "ALL"):
        assert result.spans[label].f1 == 1.0, label
    assert result.spans["ALL"].support == 7
    assert result.role_accuracy == 1.0 and result.role_support == 7


def test_wrong_gold_lowers_scores(eval_dir: Path, rules) -> None:
    wrong = {k: list(v) for k, v in QUANTITIES.items()}
    wrong[1][2] = ("总资产的 3.74%", "PERCENT")  # boundary the rules do not produce
    wrong[2][1] = ("15期", "MONEY")  # wrong label
    del wrong[3]  # paragraph 3 spans missing from gold: predictions there are fps
    gold = build_records(wrong)
    result = evaluate(rules, gold, eval_dir / "src", labels=QUANTITY_LABELS)
    assert result.spans["ALL"].tp == 3  # 169.57 万元, 6.34 万元, 190人
    assert result.spans["ALL"].fp == 4  # 3.74%, 15期 as COUNT, 95%, 100分
    assert result.spans["ALL"].fn == 2  # 总资产的 3.74%, 15期 as MONEY
    assert result.spans["ALL"].f1 < 1.0
    assert result.spans["MONEY"].f1 < 1.0


def test_missing_source_is_reported(tmp_path: Path, rules) -> None:
    gold = build_records(QUANTITIES)
    result = evaluate(rules, gold, tmp_path)
    assert result.documents == []
    assert result.missing_sources == [str(tmp_path / f"{DOC}.txt")]


def test_predictions_outside_gold_text_are_ignored(eval_dir: Path, rules) -> None:
    gold = [r for r in build_records(QUANTITIES) if r.meta.offset < SOURCE.index("共发展")]
    from pipeline.ingest import read_document

    pred = predict_records(rules, read_document(eval_dir / "src" / f"{DOC}.txt"))
    kept = restrict_to_gold(gold, pred)
    assert score(gold, kept, QUANTITY_LABELS)["ALL"].f1 == 1.0
    # without the restriction: the quantities of paragraphs 2 and 3
    assert score(gold, pred, QUANTITY_LABELS)["ALL"].fp == 4


def test_bom_source_keeps_file_offsets(tmp_path: Path, rules) -> None:
    from pipeline.annotations.validate import validate_paths
    from pipeline.ingest import read_document

    path = tmp_path / "bom.txt"
    path.write_bytes("\ufeff".encode() + SOURCE.encode("utf-8"))
    records = predict_records(rules, read_document(path))
    write_jsonl(tmp_path / "pred.jsonl", records)
    report = validate_paths([tmp_path / "pred.jsonl"], tmp_path)
    assert report.ok, [str(p) for p in report.problems]
    assert records[0].meta.offset == SOURCE.index("某") + 1


def test_cli_evaluate_json_and_table(eval_dir: Path) -> None:
    args = [
        "evaluate",
        str(eval_dir / "gold.jsonl"),
        "--source",
        str(eval_dir / "src"),
        "--model",
        "rules",
    ]
    res = runner.invoke(app, [*args, "--json"])
    assert res.exit_code == 0, res.output
    data = json.loads(res.stdout)
    for label in QUANTITY_LABELS:
        assert data["spans"][label]["f1"] == 1.0, label
    # the rules' cue-based indicators are predictions the quantity-only gold lacks
    assert data["spans"]["INDICATOR"]["fp"] > 0 and data["spans"]["ALL"]["f1"] < 1.0
    assert data["spans"]["COUNT"]["support"] == 3
    assert data["roles"]["support"] == 7
    assert data["roles"]["accuracy"] == 1.0
    assert data["relations"]["support"] == 0 and data["relations"]["fp"] > 0
    res = runner.invoke(app, args)
    assert res.exit_code == 0, res.output
    assert "PERCENT" in res.stdout and "ALL" in res.stdout


def test_cli_evaluate_errors(eval_dir: Path, tmp_path: Path) -> None:
    res = runner.invoke(app, ["evaluate", str(tmp_path / "nope.jsonl"), "--model", "rules"])
    assert res.exit_code == 2
    empty = tmp_path / "nosrc"
    empty.mkdir()
    res = runner.invoke(
        app, ["evaluate", str(eval_dir / "gold.jsonl"), "--source", str(empty), "--model", "rules"]
    )
    assert res.exit_code == 2


def test_cli_evaluate_split_reads_splits_file_and_searches_sources(
    eval_dir: Path, tmp_path: Path
) -> None:
    from pipeline.annotations.records import load_records

    records = load_records(eval_dir / "gold.jsonl")
    docs = sorted({r.doc for r in records})
    splits = tmp_path / "splits.json"
    splits.write_text(
        json.dumps({"sources": [str(eval_dir / "gold.jsonl")], "train": [], "dev": docs}),
        encoding="utf-8",
    )
    empty = tmp_path / "first"
    empty.mkdir()
    base = ["evaluate", "--split", "dev", "--splits", str(splits), "--model", "rules", "--json"]
    # the first folder lacks the sources, the second has them: searched in order
    res = runner.invoke(app, [*base, "--source", str(empty), "--source", str(eval_dir / "src")])
    assert res.exit_code == 0, res.output
    data = json.loads(res.stdout)
    assert data["split"] == "dev" and data["spans"]["COUNT"]["support"] == 3
    res = runner.invoke(app, [*base, "--source", str(eval_dir / "src"), "--split", "train"])
    assert res.exit_code == 2
    both = runner.invoke(app, ["evaluate", str(eval_dir / "gold.jsonl"), "--split", "dev"])
    assert both.exit_code == 2 and "not both" in " ".join(both.output.split())
    bad = runner.invoke(app, ["evaluate", "--split", "holdout", "--splits", str(splits)])
    assert bad.exit_code == 2 and "no split part 'holdout'" in " ".join(bad.output.split())
