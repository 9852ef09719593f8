"""The committed gold and authored data satisfy the guide, and the gold is
what the adjudication script builds from the two passes."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from pipeline.annotations.validate import validate_paths

ROOT = Path(__file__).resolve().parents[2]


def test_gold_validates_against_the_sample_reports():
    report = validate_paths([ROOT / "annotations" / "gold"], ROOT / "corpus" / "sample")
    assert report.problems == []
    assert report.files == 4 and report.records > 400


def test_authored_set_validates_and_is_marked_training_only():
    path = ROOT / "annotations" / "authored" / "authored.jsonl"
    report = validate_paths([path], ROOT / "annotations" / "authored" / "texts")
    assert report.problems == []
    metas = [json.loads(line)["meta"] for line in path.read_text(encoding="utf-8").splitlines()]
    assert all(m.get("authored") is True for m in metas)


def test_adjudication_reproduces_the_committed_gold(tmp_path):
    script = ROOT / "annotations" / "work" / "adjudicate.py"
    subprocess.run([sys.executable, str(script), str(tmp_path)], check=True, capture_output=True)
    committed = {p.name: p.read_bytes() for p in (ROOT / "annotations" / "gold").glob("*.jsonl")}
    rebuilt = {p.name: p.read_bytes() for p in tmp_path.glob("*.jsonl")}
    assert rebuilt == committed
