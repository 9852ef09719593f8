"""Agreement between two passes: identical passes agree fully; a changed span
and a dropped relation lower exactly the scores they should."""

from __future__ import annotations

import copy

from typer.testing import CliRunner

from pipeline.annotations.agreement import agreement
from pipeline.annotations.records import dump_records, load_records
from pipeline.cli import app


def test_identical_passes_agree(make_records, tmp_path):
    records = make_records()
    a = dump_records(records, tmp_path / "a.jsonl")
    result = agreement([a], [a])
    assert result["spans"]["ALL"]["f1"] == 1.0
    assert result["relations"]["f1"] == 1.0
    assert result["role_agreement"] == 1.0


def test_disagreement_is_counted_per_label(make_records, tmp_path):
    records = make_records()
    other = copy.deepcopy(records)
    target = next(r for r in other if any(s.label == "INDICATOR" for s in r.spans))
    ind = next(s for s in target.spans if s.label == "INDICATOR")
    ind.end -= 1
    ind.text = target.text[ind.start : ind.end]
    a = dump_records(records, tmp_path / "a.jsonl")
    b = dump_records(other, tmp_path / "b.jsonl")
    result = agreement([a], [b])
    assert result["spans"]["INDICATOR"]["tp"] == result["spans"]["INDICATOR"]["support"] - 1
    assert result["spans"]["INDICATOR"]["f1"] < 1.0
    assert result["spans"]["MONEY"]["f1"] == 1.0
    linked = sum(1 for r in target.relations if r.to_id == ind.id)
    assert result["relations"]["fn"] == linked


def test_agree_command_prints_a_table(make_records, tmp_path):
    a = dump_records(make_records(), tmp_path / "a.jsonl")
    out = CliRunner().invoke(app, ["annotate", "agree", str(a), str(a), "--json"])
    assert out.exit_code == 0, out.output
    assert '"role_agreement": 1.0' in out.output
    assert load_records(a)
