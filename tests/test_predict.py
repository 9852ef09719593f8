"""pipeline/predict.py through ``perf-facts annotate predict``: the pipeline's
findings as guide-format records (small, end to end)."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from pipeline.annotations.records import load_records
from pipeline.annotations.validate import validate_paths
from pipeline.cli import app

runner = CliRunner()

SOURCE = (
    "年末总资产 169.57 万元，占总资产的 3.74%。\n"
    "\n"
    "共发展党员190人，获评全国示范性老年友好型社区。\n"
    "没有数字的一段。\n"
)


def test_annotate_predict_writes_valid_records(tmp_path: Path) -> None:
    src = tmp_path / "rep_01.txt"
    src.write_text(SOURCE, encoding="utf-8")
    out = tmp_path / "out" / "pred.jsonl"
    res = runner.invoke(
        app, ["annotate", "predict", str(src), "--out", str(out), "--model", "rules"]
    )
    assert res.exit_code == 0, res.output
    report = validate_paths([out], tmp_path)
    assert report.ok, [str(p) for p in report.problems]
    records = load_records(out)
    assert len(records) == 3  # one per paragraph, empty ones included
    assert {r.meta.doc for r in records} == {"rep_01"}
    assert {r.meta.source for r in records} == {"rep_01.txt"}
    quantities = [(s.text, s.label, s.role) for r in records for s in r.spans if s.role]
    assert quantities == [
        ("169.57 万元", "MONEY", "value"),
        ("3.74%", "PERCENT", "value"),
        ("190人", "COUNT", "value"),
    ]
    links = {
        (r.span(rel.from_id).text, r.span(rel.to_id).text) for r in records for rel in r.relations
    }
    assert ("190人", "发展党员") in links
    for r in records:
        for s in r.spans:
            assert SOURCE[r.meta.offset + s.start : r.meta.offset + s.end] == s.text


def test_annotate_predict_skip_empty_and_bad_file(tmp_path: Path) -> None:
    src = tmp_path / "rep.txt"
    src.write_text(SOURCE, encoding="utf-8")
    out = tmp_path / "pred.jsonl"
    res = runner.invoke(
        app,
        [
            "annotate",
            "predict",
            str(src),
            str(tmp_path / "missing.txt"),
            "--out",
            str(out),
            "--model",
            "rules",
            "--skip-empty",
        ],
    )
    assert res.exit_code == 3  # one file failed, the other was written
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert len(records) == 2 and all(r["spans"] for r in records)
