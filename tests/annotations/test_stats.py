from __future__ import annotations

import json

from typer.testing import CliRunner

from pipeline.annotations.records import dump_records
from pipeline.annotations.stats import compute_stats
from pipeline.cli import app

runner = CliRunner()


def test_counts(records, make_records):
    st = compute_stats(records + make_records(doc="t02_other")).to_dict()
    assert st["records"] == 8 and st["spans"] == 24
    assert st["labels"] == {
        "MONEY": 4,
        "COUNT": 4,
        "PERCENT": 4,
        "INDICATOR": 10,
        "ACHIEVEMENT": 2,
    }
    assert st["roles"]["MONEY"] == {"value": 4, "target": 0, "weight": 0, "score": 0}
    assert st["roles"]["PERCENT"] == {"value": 2, "target": 2, "weight": 0, "score": 0}
    assert st["roles_total"] == {"value": 8, "target": 2, "weight": 0, "score": 2}
    assert st["relations"] == {"MEASURES": 10}
    assert st["quantities"] == 12 and st["quantities_linked"] == 10
    assert st["documents"]["t01_sample"] == {
        "records": 4,
        "records_with_spans": 3,
        "spans": 12,
        "labels": {"MONEY": 2, "COUNT": 2, "PERCENT": 2, "INDICATOR": 5, "ACHIEVEMENT": 1},
        "relations": 5,
    }


def test_cli_json_and_table(records, tmp_path):
    path = dump_records(records, tmp_path / "g.jsonl")
    result = runner.invoke(app, ["annotate", "stats", str(path), "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["labels"]["INDICATOR"] == 5
    result = runner.invoke(app, ["annotate", "stats", str(tmp_path)])
    assert result.exit_code == 0, result.output
    for word in ("t01_sample", "ACHIEVEMENT", "Roles of quantities", "MEASURES", "5 of 6"):
        assert word in result.output
