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
from pipeline.annotations.ls_predictions import PredictionSource, gold_source
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
    task = records_to_tasks(records[1:2], annotations=False, predictions=gold_source())[0]
    assert task["predictions"][0]["model_version"] == "gold"
    assert task["predictions"][0]["score"] == 1.0
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
    source = predictor_for("rules")
    assert source.model_version == "rules/quantities"
    task = records_to_tasks(records[1:2], annotations=False, predictions=source)
    pred = task[0]["predictions"][0]
    assert pred["model_version"] == "rules/quantities"
    labelled = [i for i in pred["result"] if i["type"] == "labels"]
    assert ("169.57 万元", ["MONEY"]) in [
        (i["value"]["text"], i["value"]["labels"]) for i in labelled
    ]
    roles = [i for i in pred["result"] if i["type"] == "choices"]
    assert roles and all(r["value"]["choices"] == ["value"] for r in roles)
    # a rule either matches or not: every region scores 1.0, and the task its least sure
    assert [i["score"] for i in labelled] == [1.0] * len(labelled) and pred["score"] == 1.0
    # the placeholder role is no prediction: its choice carries no score
    assert all("score" not in r for r in roles)
    assert predictor_for("none") is None
    with pytest.raises(ValueError, match="unknown predictions source"):
        predictor_for("model")


def test_prediction_scores_come_from_the_source(records):
    # a source with per-span confidences: the task's score is its least sure region
    by_label = {"INDICATOR": 0.4, "MONEY": 0.9, "PERCENT": 0.7}
    source = PredictionSource("test/scored", lambda r: r, lambda s: by_label[s.label])
    (task,) = records_to_tasks(records[1:2], annotations=False, predictions=source)
    pred = task["predictions"][0]
    assert list(pred) == ["model_version", "score", "result"]
    assert pred["model_version"] == "test/scored" and pred["score"] == 0.4
    scored = {i["id"]: i["score"] for i in pred["result"] if i["type"] == "labels"}
    assert scored == {"s1": 0.4, "s2": 0.9, "s3": 0.4, "s4": 0.9, "s5": 0.7}
    assert all("score" not in i for i in pred["result"] if i["type"] != "labels")
    # a task where the source draws nothing: 1.0, and annotations never carry a score
    (empty,) = records_to_tasks(records[0:1], predictions=source)
    assert empty["predictions"][0]["score"] == 1.0 and empty["predictions"][0]["result"] == []
    (both,) = records_to_tasks(records[1:2], predictions=source)
    assert all("score" not in i for i in both["annotations"][0]["result"])
    # scores are dropped on the way back: the prediction reads as the record
    export = [{"id": 1, "data": task["data"], "annotations": [], **task}]
    (back,), notes = tasks_to_records(export, use_predictions=True)
    assert back == records[1] and notes == []


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
        tasks = records_to_tasks(gold, predictions=gold_source())
        back, _ = tasks_to_records(_through_json(tasks))
        out = dump_records(back, tmp_path / path.name)
        assert out.read_bytes() == path.read_bytes(), path.name


# ------------------------------------------------------------ one task per document


def _astral_document() -> list[Record]:
    """Two records of one document, astral characters in both."""
    first = _astral_record()
    text = "𠀁自评得分 93分"
    spans = [
        Span("s1", 1, 5, "INDICATOR", text[1:5]),
        Span("s2", 6, 9, "COUNT", text[6:9], "score"),
    ]
    meta = Meta("t03_astral", 40, "t03_astral.txt")
    second = Record("t03_astral#p0003", text, meta, spans, [Relation("s2", "s1")])
    return [first, second]


def test_document_task_format():
    first, second = _astral_document()
    (task,) = records_to_tasks([first, second], predictions=gold_source(), per_document=True)
    data = task["data"]
    assert data["text"] == first.text + "\n\n" + second.text
    assert data["doc"] == "t03_astral" and data["id"] == "2 paragraphs"
    start2 = len(first.text) + 2
    assert data["paragraphs"] == [
        {"id": first.id, "offset": 5, "start": 0, "end": len(first.text),
         "meta_extra": {"page": 2}, "record_extra": {"note": "x"}},
        {"id": second.id, "offset": 40, "start": start2, "end": start2 + len(second.text),
         "source": "t03_astral.txt"},
    ]  # fmt: skip
    result = task["annotations"][0]["result"]
    ids = [i.get("id") for i in result if i["type"] == "labels"]
    assert ids == ["p0_s1", "p0_s2", "p0_s3", "p0_s4", "p1_s1", "p1_s2"]
    count = next(i for i in result if i.get("id") == "p1_s2" and i["type"] == "labels")
    # UTF-16: two astral characters in the first paragraph and one in the second
    # move the region by 3 units beyond its code-point offset
    assert count["value"]["start"] == start2 + 6 + 3 and count["value"]["text"] == "93分"
    assert result[-1] == {
        "from_id": "p1_s2", "to_id": "p1_s1", "type": "relation", "direction": "right",
        "labels": ["MEASURES"],
    }  # fmt: skip
    pred = task["predictions"][0]
    assert pred["score"] == 1.0 and [i["id"] for i in pred["result"] if "score" in i] == ids


def test_document_round_trip_is_exact(records, make_records):
    gold = [*records, *make_records(doc="t02_other"), *_astral_document()]
    tasks = records_to_tasks(gold, per_document=True)
    assert [t["data"]["doc"] for t in tasks] == ["t01_sample", "t02_other", "t03_astral"]
    export = [_ls_export_like(t, n, t["annotations"]) for n, t in enumerate(tasks, 1)]
    back, notes = tasks_to_records(_through_json(export))
    assert notes == []
    assert [dumps_record(r) for r in back] == [dumps_record(r) for r in gold]
    # the same through predictions, for annotators who start from them
    tasks = records_to_tasks(gold, annotations=False, predictions=gold_source(), per_document=True)
    back, _ = tasks_to_records(_through_json(tasks), use_predictions=True)
    assert [dumps_record(r) for r in back] == [dumps_record(r) for r in gold]
    # records of one document that are not next to each other still make one task
    mixed = [gold[0], gold[5], gold[1]]
    assert len(records_to_tasks(mixed, per_document=True)) == 2


def test_document_regions_drawn_in_the_ui_find_their_paragraph():
    first, second = _astral_document()
    (task,) = records_to_tasks([first, second], per_document=True)
    result = task["annotations"][0]["result"]
    for item in result:  # the UI's random ids, also on the second paragraph's relation
        if item.get("id") in ("p1_s1", "p1_s2"):
            item["id"] = {"p1_s1": "Zq9", "p1_s2": "Ab3"}[item["id"]]
        if item["type"] == "relation" and item["from_id"] == "p1_s2":
            item["from_id"], item["to_id"] = "Ab3", "Zq9"
    (a, b), notes = tasks_to_records([_ls_export_like(task, 1, [{"result": result}])])
    assert notes == [] and a == first
    assert [(s.id, s.text, s.role) for s in b.spans] == [
        ("s1", "自评得分", None),
        ("s2", "93分", "score"),
    ]
    assert b.relations == [Relation("s2", "s1")]


def test_document_import_reports_what_it_drops():
    first, second = _astral_document()
    (task,) = records_to_tasks([first, second], per_document=True)
    result = task["annotations"][0]["result"]
    text = task["data"]["text"]
    end16 = len(text.encode("utf-16-le")) // 2
    across = {
        "id": "Xs1", "from_name": "label", "to_name": "text", "type": "labels",
        "value": {"start": end16 - 12, "end": end16 - 2, "labels": ["INDICATOR"]},
    }  # fmt: skip
    link = {"from_id": "p1_s2", "to_id": "p0_s1", "type": "relation", "labels": ["MEASURES"]}
    orphan = {"id": "Xs1", "from_name": "role", "to_name": "text", "type": "choices",
              "value": {"choices": ["target"]}}  # fmt: skip
    result += [across, link, orphan]
    (a, b), notes = tasks_to_records([_ls_export_like(task, 1, [{"result": result}])])
    assert (a, b) == (first, second)  # all the rest is kept
    assert [n.kind for n in notes] == ["dropped"] * 3
    msgs = [n.message for n in notes]
    assert "is not inside one paragraph" in msgs[0]
    assert msgs[1] == "relation p1_s2->p0_s1 joins paragraphs 1 and 0"
    assert "role ['target'] for region Xs1" in msgs[2]


def test_paragraph_import_marks_drops(records):
    task = records_to_tasks(records[1:2])[0]
    result = task["annotations"][0]["result"]
    result[0]["value"]["labels"] = []
    result.append(
        {"id": "zz", "from_name": "role", "type": "choices", "value": {"choices": ["score"]}}
    )
    _, notes = tasks_to_records([_ls_export_like(task, 1, [{"result": result}])])
    assert [(n.kind, n.message) for n in notes] == [
        ("dropped", "region s1 has labels []; dropped the region"),
        ("dropped", "role for unknown region zz ignored"),
    ]


def test_cli_per_document_round_trip_and_drops(records, make_records, tmp_path):
    gold_dir = tmp_path / "gold"
    dump_records(records, gold_dir / "t01_sample.jsonl")
    dump_records(make_records(doc="t02_other"), gold_dir / "t02_other.jsonl")
    dump_records(_astral_document(), gold_dir / "t03_astral.jsonl")
    tasks = tmp_path / "tasks.json"
    args = ["annotate", "export-ls", str(gold_dir), "--out", str(tasks), "--per-document"]
    result = runner.invoke(app, [*args, "--predictions", "rules"])
    assert result.exit_code == 0, result.output
    assert "3 document tasks (annotations: gold, predictions: rules)" in result.output
    exported = json.loads(tasks.read_text(encoding="utf-8"))
    export_file = tmp_path / "export.json"
    ls_export = [{"id": i + 1, **t} for i, t in enumerate(exported)]
    export_file.write_text(json.dumps(ls_export, ensure_ascii=False), encoding="utf-8")
    out = tmp_path / "back"
    result = runner.invoke(app, ["annotate", "import-ls", str(export_file), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert "wrote 10 records to 3 files" in result.output
    for path in sorted(gold_dir.glob("*.jsonl")):
        assert (out / path.name).read_bytes() == path.read_bytes(), path.name

    # a link between two paragraphs: nothing written without --allow-drops
    ls_export[2]["annotations"][0]["result"].append(
        {"from_id": "p1_s2", "to_id": "p0_s1", "type": "relation", "labels": ["MEASURES"]}
    )
    export_file.write_text(json.dumps(ls_export, ensure_ascii=False), encoding="utf-8")
    again = tmp_path / "again"
    result = runner.invoke(app, ["annotate", "import-ls", str(export_file), "--out", str(again)])
    assert result.exit_code == 1 and not again.exists()
    assert "dropped: task 3: relation p1_s2->p0_s1 joins paragraphs 1 and 0" in result.output
    assert "1 annotation(s) would be dropped" in result.output
    result = runner.invoke(
        app, ["annotate", "import-ls", str(export_file), "--out", str(again), "--allow-drops"]
    )
    assert result.exit_code == 0 and "writing without 1 dropped" in result.output
    assert (again / "t03_astral.jsonl").read_bytes() == (gold_dir / "t03_astral.jsonl").read_bytes()


def test_pass_a_round_trip_per_document(pass_a, tmp_path):
    if not pass_a:
        pytest.skip("annotations/work/passA not present")
    for path in pass_a:
        tasks = records_to_tasks(load_records(path), per_document=True)
        assert len(tasks) == 1
        back, notes = tasks_to_records(_through_json(tasks))
        assert notes == []
        out = dump_records(back, tmp_path / path.name)
        assert out.read_bytes() == path.read_bytes(), path.name
