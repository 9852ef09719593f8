from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from pipeline.annotations.doccano import (
    doccano_to_record,
    read_doccano,
    record_to_doccano,
    record_to_doccano_relation,
    write_doccano,
)
from pipeline.annotations.import_notes import DroppedError
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
        for shape in ("label", "relation"):
            dc = write_doccano(load_records(path), tmp_path / f"{path.stem}.{shape}.jsonl", shape)
            out = dump_records(read_doccano(dc), tmp_path / path.name)
            assert out.read_bytes() == path.read_bytes(), (path.name, shape)


# ------------------------------------------------------------ the relation shape


def test_relation_shape_export_format(records, tmp_path):
    line = record_to_doccano_relation(records[3], first_entity_id=7)
    assert list(line)[:3] == ["text", "entities", "relations"]
    assert line["entities"] == [
        {"id": 7, "start_offset": 0, "end_offset": 11, "label": "INDICATOR"},
        {"id": 8, "start_offset": 13, "end_offset": 16, "label": "PERCENT"},
        {"id": 9, "start_offset": 19, "end_offset": 23, "label": "INDICATOR"},
        {"id": 10, "start_offset": 23, "end_offset": 27, "label": "COUNT"},
    ]
    assert line["relations"] == [
        {"from_id": 8, "to_id": 7, "type": "MEASURES"},
        {"from_id": 10, "to_id": 9, "type": "MEASURES"},
    ]
    assert line["roles"] == [[13, 16, "target"], [23, 27, "score"]]
    assert line["record_id"] == "t01_sample#p0003" and "label" not in line
    assert "measures" not in line  # the links are the relations
    # entity ids run on across the file
    path = write_doccano(records, tmp_path / "rel.jsonl", "relation")
    ids = [e["id"] for raw in path.read_text().splitlines() for e in json.loads(raw)["entities"]]
    assert ids == list(range(1, 13))
    with pytest.raises(ValueError, match="unknown doccano shape"):
        write_doccano(records, tmp_path / "x.jsonl", "spans")
    broken = clone_record(records[3])
    broken.relations.append(Relation("s9", "s1"))
    with pytest.raises(RecordError, match="names no span"):
        record_to_doccano_relation(broken)


def clone_record(record):
    return doccano_to_record(record_to_doccano(record))


def _as_doccano_exports(line, first_db_id=500):
    """What doccano's export makes of our line: its own example id, database ids
    for entities and relations, a Comments column, entities in any order."""
    db = {e["id"]: first_db_id + n for n, e in enumerate(line["entities"])}
    out = {"id": 42, **line, "Comments": []}
    out["entities"] = [{**e, "id": db[e["id"]]} for e in reversed(line["entities"])]
    out["relations"] = [
        {"id": 9 + n, "from_id": db[r["from_id"]], "to_id": db[r["to_id"]], "type": r["type"]}
        for n, r in enumerate(line["relations"])
    ]
    return out


def test_relation_shape_round_trip_is_exact(records):
    for rec in records:
        line = json.loads(json.dumps(record_to_doccano_relation(rec), ensure_ascii=False))
        notes = []
        back = doccano_to_record(_as_doccano_exports(line), notes=notes)
        assert dumps_record(back) == dumps_record(rec)
        assert [n.kind for n in notes] == []


def test_a_plain_relation_project_line():
    """A line doccano wrote with no metadata of ours: text order, default roles."""
    line = {
        "id": 3,
        "text": "共发展党员190人，占比 95%",
        "entities": [
            {"id": 31, "start_offset": 13, "end_offset": 16, "label": "PERCENT"},
            {"id": 30, "start_offset": 5, "end_offset": 9, "label": "COUNT"},
            {"id": 29, "start_offset": 1, "end_offset": 5, "label": "INDICATOR"},
        ],
        "relations": [{"id": 4, "from_id": 30, "to_id": 29, "type": "MEASURES"}],
        "doc": "d9",
    }
    notes = []
    rec = doccano_to_record(line, lineno=2, notes=notes)
    assert rec.id == "d9#d0002"
    assert [(s.id, s.label, s.role) for s in rec.spans] == [
        ("s1", "INDICATOR", None),
        ("s2", "COUNT", "value"),
        ("s3", "PERCENT", "value"),
    ]
    assert rec.relations == [Relation("s2", "s1")]
    assert [n.kind for n in notes] == ["defaulted", "defaulted"]


def test_shapes_are_told_apart_or_refused():
    with pytest.raises(RecordError, match="neither 'label' nor 'entities'"):
        doccano_to_record({"text": "x", "doc": "d", "spans": []})
    with pytest.raises(RecordError, match="not both"):
        doccano_to_record({"text": "x", "doc": "d", "label": [[0, 1, "COUNT"]], "entities": []})
    with pytest.raises(RecordError, match="share an id"):
        entity = {"id": 1, "start_offset": 0, "end_offset": 1, "label": "COUNT"}
        doccano_to_record({"text": "x", "doc": "d", "entities": [entity, entity]})


# ------------------------------------------------------------ what an import drops


def test_moved_spans_drop_their_role_and_link_loudly(records):
    line = record_to_doccano(records[3])  # 95% target, 100分 score; two links
    # in doccano the annotator widens 95% to 95%以 and the indicator 自评得分 to 评得分
    line["label"] = [[0, 11, "INDICATOR"], [13, 17, "PERCENT"], [20, 23, "INDICATOR"],
                     [23, 27, "COUNT"]]  # fmt: skip
    notes = []
    rec = doccano_to_record(line, 5, notes, "f.jsonl:5")
    assert [(s.text, s.role) for s in rec.spans if s.role] == [
        ("95%以", "value"),
        ("100分", "score"),
    ]
    assert rec.relations == []
    dropped = [str(n) for n in notes if n.dropped]
    assert dropped == [
        "f.jsonl:5: role 'target' at 13-16 matches no span; s2 overlap(s) it (moved or resized?)",
        "f.jsonl:5: MEASURES 13-16 -> 0-11 matches no pair of spans (moved or resized?)",
        "f.jsonl:5: MEASURES 23-27 -> 19-23 matches no pair of spans (moved or resized?)",
    ]
    with pytest.raises(DroppedError, match="3 annotation"):
        doccano_to_record(line, 5)  # no list to report to: a drop is an error


def test_deleted_spans_take_their_role_and_link_with_a_warning(records):
    line = record_to_doccano(records[3])
    line["label"] = [[0, 11, "INDICATOR"], [19, 23, "INDICATOR"], [23, 27, "COUNT"]]
    notes = []
    rec = doccano_to_record(line, notes=notes)
    assert [s.id for s in rec.spans] == ["s1", "s3", "s4"]  # ids kept from span_ids
    assert rec.relations == [Relation("s4", "s3")]
    assert [(n.kind, n.message) for n in notes] == [
        ("warning", "role 'target' at 13-16 left out: its span was deleted"),
        ("warning", "MEASURES 13-16 -> 0-11 left out: one of its spans was deleted"),
    ]
    assert doccano_to_record(line) == rec  # warnings alone are no error


def test_relation_to_a_missing_entity_is_dropped(records):
    line = _as_doccano_exports(record_to_doccano_relation(records[3]))
    line["relations"].append({"id": 99, "from_id": 501, "to_id": 777, "type": "MEASURES"})
    notes = []
    rec = doccano_to_record(line, notes=notes)
    assert rec.relations == records[3].relations
    assert [(n.kind, n.message) for n in notes] == [
        ("dropped", "relation 501->777 MEASURES: no such entity on this line")
    ]


def test_cli_relation_shape_and_drops(records, make_records, tmp_path):
    gold = tmp_path / "gold"
    dump_records(records, gold / "t01_sample.jsonl")
    dump_records(make_records(doc="t02_other"), gold / "t02_other.jsonl")
    out = tmp_path / "doccano.jsonl"
    args = ["annotate", "export-doccano", str(gold), "--out", str(out), "--shape", "relation"]
    result = runner.invoke(app, args)
    assert result.exit_code == 0 and "8 lines (relation shape)" in result.output
    lines = [json.loads(x) for x in out.read_text(encoding="utf-8").splitlines()]
    assert all("entities" in x and "label" not in x for x in lines)
    out.write_text(
        "".join(json.dumps(_as_doccano_exports(x), ensure_ascii=False) + "\n" for x in lines),
        encoding="utf-8",
    )
    back = tmp_path / "back"
    result = runner.invoke(app, ["annotate", "import-doccano", str(out), "--out", str(back)])
    assert result.exit_code == 0, result.output
    for name in ("t01_sample.jsonl", "t02_other.jsonl"):
        assert (back / name).read_bytes() == (gold / name).read_bytes()

    # a quantity resized in doccano: its role would be lost, so nothing is written
    lines[3]["entities"][1]["end_offset"] = 17
    lines[2]["entities"].append({"id": 900, "start_offset": 0, "end_offset": 4, "label": "COUNT"})
    out.write_text("".join(json.dumps(x, ensure_ascii=False) + "\n" for x in lines), "utf-8")
    again = tmp_path / "again"
    result = runner.invoke(app, ["annotate", "import-doccano", str(out), "--out", str(again)])
    assert result.exit_code == 1 and not again.exists()
    assert (
        "dropped: " in result.output and "doccano.jsonl:4: role 'target' at 13-16" in result.output
    )
    assert "note: 2 value(s) filled in" in result.output
    assert "1 annotation(s) would be dropped" in result.output
    result = runner.invoke(
        app, ["annotate", "import-doccano", str(out), "--out", str(again), "--allow-drops"]
    )
    assert result.exit_code == 0 and "writing without 1 dropped" in result.output
    (rec,) = [r for r in load_records(again / "t01_sample.jsonl") if r.id.endswith("p0003")]
    assert rec.spans[1].text == "95%以" and rec.spans[1].role == "value"
    assert rec.relations == records[3].relations  # relations follow the entity ids
