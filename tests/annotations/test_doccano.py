from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from pipeline.annotations.doccano import doccano_to_record, read_doccano, record_to_doccano
from pipeline.annotations.records import (
    RecordError,
    Relation,
    dump_records,
    dumps_record,
    load_records,
)
from pipeline.cli import app

runner = CliRunner()


def test_export_format(records):
    line = record_to_doccano(records[3])
    assert line["text"] == records[3].text
    assert line["label"] == [
        [0, 11, "INDICATOR"],
        [13, 16, "PERCENT"],
        [19, 23, "INDICATOR"],
        [23, 27, "COUNT"],
    ]
    assert line["record_id"] == "t01_sample#p0003"
    assert (line["doc"], line["offset"], line["source"]) == ("t01_sample", 85, "t01_sample.txt")
    assert line["roles"] == [[13, 16, "target"], [23, 27, "score"]]
    assert line["span_ids"] == [[0, 11, "s1"], [13, 16, "s2"], [19, 23, "s3"], [23, 27, "s4"]]
    assert line["measures"] == [[13, 16, 0, 11], [23, 27, 19, 23]]


def test_round_trip_is_exact_even_when_doccano_reorders(records, clone):
    for rec in records:
        line = json.loads(json.dumps(record_to_doccano(rec), ensure_ascii=False))
        line["id"] = 42  # doccano's own example id on its export
        line["label"] = list(reversed(line["label"]))
        assert dumps_record(doccano_to_record(line)) == dumps_record(rec)


def test_basic_doccano_lines_get_default_role_and_no_relations():
    line = {
        "id": 1,
        "text": "共发展党员190人，占比 95%",
        "label": [[13, 16, "PERCENT"], [1, 5, "INDICATOR"], [5, 9, "COUNT"]],
        "doc": "d9",
    }
    rec = doccano_to_record(line, lineno=7)
    assert rec.id == "d9#d0007" and rec.meta.offset == 0
    assert [(s.id, s.label, s.role) for s in rec.spans] == [
        ("s1", "INDICATOR", None),
        ("s2", "COUNT", "value"),
        ("s3", "PERCENT", "value"),
    ]
    assert rec.relations == []
    line["measures"] = [[5, 9, 1, 5]]
    line["record_id"] = "d9#p0003"
    rec = doccano_to_record(line)
    assert rec.id == "d9#p0003" and rec.relations == [Relation("s2", "s1")]
    with pytest.raises(RecordError, match="no 'doc'"):
        doccano_to_record({"text": "x", "label": []})
    with pytest.raises(RecordError, match="bad label entry"):
        doccano_to_record({"text": "x", "doc": "d", "label": [[0, 1]]})


def test_cli_round_trip(records, make_records, tmp_path):
    gold = tmp_path / "gold"
    dump_records(records, gold / "t01_sample.jsonl")
    dump_records(make_records(doc="t02_other"), gold / "t02_other.jsonl")
    out = tmp_path / "doccano.jsonl"
    result = runner.invoke(app, ["annotate", "export-doccano", str(gold), "--out", str(out)])
    assert result.exit_code == 0 and "8 lines" in result.output
    assert "年末总资产" in out.read_text(encoding="utf-8")
    back = tmp_path / "back"
    result = runner.invoke(app, ["annotate", "import-doccano", str(out), "--out", str(back)])
    assert result.exit_code == 0, result.output
    for name in ("t01_sample.jsonl", "t02_other.jsonl"):
        assert (back / name).read_bytes() == (gold / name).read_bytes()
    out.write_text('{"text": 1}\n', encoding="utf-8")
    result = runner.invoke(app, ["annotate", "import-doccano", str(out), "--out", str(back)])
    assert result.exit_code == 2 and "doccano.jsonl:1" in result.output


def test_pass_a_round_trip(pass_a, tmp_path):
    if not pass_a:
        pytest.skip("annotations/work/passA not present")
    for path in pass_a:
        from pipeline.annotations.doccano import write_doccano

        dc = write_doccano(load_records(path), tmp_path / f"{path.stem}.doccano.jsonl")
        out = dump_records(read_doccano(dc), tmp_path / path.name)
        assert out.read_bytes() == path.read_bytes(), path.name
