from __future__ import annotations

import json
import xml.etree.ElementTree as ET

import pytest
from typer.testing import CliRunner

from pipeline.annotations.labelstudio import (
    LabelStudioError,
    from_utf16,
    labeling_config,
    predictor_for,
    records_to_tasks,
    tasks_to_records,
    to_utf16,
)
from pipeline.annotations.records import (
    Meta,
    Record,
    Relation,
    Span,
    dump_records,
    dumps_record,
    load_records,
)
from pipeline.cli import app
from pipeline.resources.vocabulary import LABELS, ROLES

runner = CliRunner()


def _astral_record() -> Record:
    # 𠀀 (U+20000) is one code point but two UTF-16 units in the browser
    text = "𠀀村累计投入𠀁资金 1,297.59万元，占比 95%"
    spans = [
        Span("s1", 8, 10, "INDICATOR", text[8:10]),
        Span("s2", 11, 20, "MONEY", text[11:20], "value"),
        Span("s3", 21, 23, "INDICATOR", text[21:23]),
        Span("s4", 24, 27, "PERCENT", text[24:27], "target"),
    ]
    meta = Meta("t03_astral", 5, None, {"page": 2})
    rels = [Relation("s2", "s1"), Relation("s4", "s3")]
    return Record("t03_astral#p0000", text, meta, spans, rels, {"note": "x"})


def _through_json(tasks):
    return json.loads(json.dumps(tasks, ensure_ascii=False))


def test_config_is_valid_xml_with_the_contract_names():
    root = ET.fromstring(labeling_config())
    labels = root.find(".//Labels")
    assert labels.get("name") == "label" and labels.get("toName") == "text"
    assert [x.get("value") for x in labels.findall("Label")] == list(LABELS)
    role = root.find(".//Choices[@name='role']")
    assert role.get("perRegion") == "true" and role.get("toName") == "text"
    assert [c.get("value") for c in role.findall("Choice")] == list(ROLES)
    assert root.find(".//Text").get("value") == "$text"
    assert [r.get("value") for r in root.findall(".//Relation")] == ["MEASURES"]


def test_task_format(records):
    task = records_to_tasks(records[1:2])[0]
    assert task["data"] == {
        "text": records[1].text,
        "doc": "t01_sample",
        "offset": 6,
        "source": "t01_sample.txt",
        "id": "t01_sample#p0001",
    }
    result = task["annotations"][0]["result"]
    assert result[1] == {
        "id": "s2",
        "from_name": "label",
        "to_name": "text",
        "type": "labels",
        "value": {"start": 6, "end": 15, "text": "169.57 万元", "labels": ["MONEY"]},
    }
    assert result[2] == {
        "id": "s2",
        "from_name": "role",
        "to_name": "text",
        "type": "choices",
        "value": {"start": 6, "end": 15, "text": "169.57 万元", "choices": ["value"]},
    }
    assert result[-1] == {
        "from_id": "s4",
        "to_id": "s3",
        "type": "relation",
        "direction": "right",
        "labels": ["MEASURES"],
    }
    assert "predictions" not in task


def test_round_trip_is_exact(records):
    gold = [*records, _astral_record()]
    back, notes = tasks_to_records(_through_json(records_to_tasks(gold)))
    assert notes == []
    assert [dumps_record(r) for r in back] == [dumps_record(r) for r in gold]


def test_utf16_offsets():
    rec = _astral_record()
    result = records_to_tasks([rec])[0]["annotations"][0]["result"]
    money = result[1]["value"]
    assert (money["start"], money["end"]) == (13, 22)  # two astral chars before it
    assert to_utf16(rec.text, 11) == 13 and from_utf16(rec.text, 13) == 11
    with pytest.raises(LabelStudioError, match="surrogate"):
        from_utf16(rec.text, 1)


def _ls_export_like(task, tid, annotations):
    """The shape of Label Studio's JSON export around our task."""
    return {"id": tid, "data": task["data"], "annotations": annotations, "predictions": []}


def test_import_picks_ground_truth_then_latest_and_skips_cancelled(records):
    task = records_to_tasks(records[1:2])[0]
    result = task["annotations"][0]["result"]
    older = {"result": result[:3], "updated_at": "2026-01-01T00:00:00Z"}
    newer = {"result": result, "updated_at": "2026-02-01T00:00:00Z"}
    cancelled = {"result": [], "was_cancelled": True, "updated_at": "2026-03-01T00:00:00Z"}
    export = [_ls_export_like(task, 7, [older, newer, cancelled])]
    (rec,), _ = tasks_to_records(export)
    assert len(rec.spans) == 5
    older["ground_truth"] = True
    (rec,), _ = tasks_to_records(export)
    assert [s.id for s in rec.spans] == ["s1", "s2"] and rec.relations == []


def test_import_without_annotation_and_prediction_fallback(records):
    task = records_to_tasks(records[1:2], annotations=False, predict=lambda r: r)[0]
    assert task["predictions"][0]["model_version"] == "gold"
    export = [{"id": 3, "data": task["data"], "annotations": [], **task}]
    (rec,), _ = tasks_to_records(export)
    assert rec.spans == [] and rec.text == records[1].text
    (rec,), _ = tasks_to_records(export, use_predictions=True)
    assert rec == records[1]


def test_regions_drawn_in_the_ui_are_renumbered_and_roles_defaulted(records):
    task = records_to_tasks(records[2:3])[0]
    result = task["annotations"][0]["result"]
    ui_ids = {"s1": "Xy3_ab", "s2": "Q9-zz1", "s3": "a0"}
    for item in result:
        if "id" in item:
            item["id"] = ui_ids[item["id"]]
        else:
            item["from_id"], item["to_id"] = ui_ids[item["from_id"]], ui_ids[item["to_id"]]
    result[:] = [result[3], result[0], result[1], result[4]]  # achievement first, no role item
    export = [_ls_export_like(task, 1, [{"result": result}])]
    (rec,), _ = tasks_to_records(export)
    assert [(s.id, s.label, s.role) for s in rec.spans] == [
        ("s1", "INDICATOR", None),
        ("s2", "COUNT", None),
        ("s3", "ACHIEVEMENT", None),
    ]
    assert rec.relations == [Relation("s2", "s1")]
    (rec,), _ = tasks_to_records(export, default_role="value")
    assert rec.spans[1].role == "value"


def test_import_warns_and_fails_clearly(records):
    task = records_to_tasks(records[1:2])[0]
    result = task["annotations"][0]["result"]
    result[0]["value"]["text"] = "changed"
    result.append({"id": "t1", "from_name": "notes", "to_name": "text", "type": "textarea"})
    _, notes = tasks_to_records([_ls_export_like(task, 1, [{"result": result}])])
    msgs = [str(n) for n in notes]
    assert any("value.text 'changed'" in m for m in msgs)
    assert any("ignored result item notes/textarea" in m for m in msgs)
    with pytest.raises(LabelStudioError, match="data.doc missing"):
        tasks_to_records([{"id": 1, "data": {"text": "x", "id": "a", "offset": 0}}])
    with pytest.raises(LabelStudioError, match="JSON-MIN"):
        tasks_to_records({"text": "x"})


def test_rules_predictions_come_from_the_rule_layer(records):
    predict, version = predictor_for("rules")
    assert version == "rules"
    task = records_to_tasks(records[1:2], annotations=False, predict=predict, model_version=version)
    pred = task[0]["predictions"][0]
    assert pred["model_version"] == "rules"
    labelled = [i for i in pred["result"] if i["type"] == "labels"]
    assert ("169.57 万元", ["MONEY"]) in [
        (i["value"]["text"], i["value"]["labels"]) for i in labelled
    ]
    roles = [i["value"]["choices"] for i in pred["result"] if i["type"] == "choices"]
    assert roles and all(r == ["value"] for r in roles)


def test_cli_round_trip_and_config(records, make_records, tmp_path):
    gold_dir = tmp_path / "gold"
    dump_records(records, gold_dir / "t01_sample.jsonl")
    dump_records(make_records(doc="t02_other"), gold_dir / "t02_other.jsonl")
    tasks = tmp_path / "tasks.json"
    result = runner.invoke(
        app, ["annotate", "export-ls", str(gold_dir), "--out", str(tasks), "--predictions", "gold"]
    )
    assert result.exit_code == 0, result.output
    assert "8 tasks (annotations: gold, predictions: gold)" in result.output
    exported = json.loads(tasks.read_text(encoding="utf-8"))
    assert "年末总资产" in tasks.read_text(encoding="utf-8")
    # what Label Studio gives back: tasks with their own ids around our data
    ls_export = [{"id": i + 1, **t} for i, t in enumerate(exported)]
    export_file = tmp_path / "export.json"
    export_file.write_text(json.dumps(ls_export, ensure_ascii=False), encoding="utf-8")
    out = tmp_path / "back"
    result = runner.invoke(app, ["annotate", "import-ls", str(export_file), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert "wrote 8 records to 2 files" in result.output
    for name in ("t01_sample.jsonl", "t02_other.jsonl"):
        assert (out / name).read_bytes() == (gold_dir / name).read_bytes()

    result = runner.invoke(app, ["annotate", "ls-config"])
    assert result.exit_code == 0 and result.output == labeling_config()

    export_file.write_text("{not json", encoding="utf-8")
    result = runner.invoke(app, ["annotate", "import-ls", str(export_file), "--out", str(out)])
    assert result.exit_code == 2 and "error:" in result.output


def test_pass_a_round_trip(pass_a, tmp_path):
    if not pass_a:
        pytest.skip("annotations/work/passA not present")
    for path in pass_a:
        gold = load_records(path)
        back, _ = tasks_to_records(_through_json(records_to_tasks(gold, predict=lambda r: r)))
        out = dump_records(back, tmp_path / path.name)
        assert out.read_bytes() == path.read_bytes(), path.name
