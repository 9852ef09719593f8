from __future__ import annotations

import json

import pytest

from pipeline.annotations.records import (
    Record,
    RecordError,
    dump_by_document,
    dump_records,
    dumps_record,
    expand_paths,
    load_records,
    read_jsonl,
)


def test_dict_round_trip_keeps_key_order_and_unknown_keys(records):
    d = records[1].to_dict()
    d["meta"]["page"] = 3
    d["note"] = "kept"
    again = Record.from_dict(json.loads(json.dumps(d))).to_dict()
    assert again == d
    assert list(again) == ["id", "text", "meta", "spans", "relations", "note"]
    assert list(again["meta"]) == ["doc", "offset", "source", "page"]
    assert list(again["spans"][1]) == ["id", "start", "end", "label", "text", "role"]
    assert "role" not in again["spans"][0]
    assert again["relations"][0] == {"from": "s2", "to": "s1", "label": "MEASURES"}


def test_dump_is_utf8_not_escaped(records, tmp_path):
    path = dump_records(records, tmp_path / "x.jsonl")
    raw = path.read_text(encoding="utf-8")
    assert "年末总资产" in raw and "\\u" not in raw
    assert raw.count("\n") == len(records)
    assert load_records(path) == records


def test_load_directory_and_files(records, tmp_path):
    dump_records(records[:2], tmp_path / "a.jsonl")
    dump_records(records[2:], tmp_path / "b.jsonl")
    (tmp_path / "notes.md").write_text("not records")
    assert load_records(tmp_path) == records
    assert load_records(tmp_path / "b.jsonl", tmp_path / "a.jsonl") == records[2:] + records[:2]
    assert [p.name for p in expand_paths([tmp_path])] == ["a.jsonl", "b.jsonl"]
    with pytest.raises(FileNotFoundError):
        expand_paths([tmp_path / "missing.jsonl"])


def test_bad_lines_are_reported_with_line_numbers(records, tmp_path):
    path = tmp_path / "bad.jsonl"
    good = dumps_record(records[0])
    path.write_text(
        "\n".join([good, "{not json", json.dumps({"id": "x", "text": "t"}), ""]),
        encoding="utf-8",
    )
    located, errors = read_jsonl([path])
    assert len(located) == 1
    assert [(e.line, e.message.split(":")[0]) for e in errors] == [
        (2, "not JSON"),
        (3, "record x"),
    ]
    assert "missing key 'meta'" in errors[1].message
    with pytest.raises(RecordError, match="bad.jsonl:2"):
        load_records(path)


def test_types_are_checked():
    base = {"id": "d#p0", "text": "ab", "meta": {"doc": "d", "offset": True}}
    with pytest.raises(RecordError, match="'offset' must be an integer"):
        Record.from_dict(base)
    base["meta"]["offset"] = 0
    base["spans"] = [{"id": "s1", "start": "0", "end": 1, "label": "COUNT", "text": "a"}]
    with pytest.raises(RecordError, match="'start' must be int"):
        Record.from_dict(base)


def test_dump_by_document(records, make_records, tmp_path):
    other = make_records(doc="t02_other")
    files = dump_by_document(records + other, tmp_path)
    assert sorted(p.name for p in files) == ["t01_sample.jsonl", "t02_other.jsonl"]
    assert load_records(tmp_path / "t02_other.jsonl") == other


def test_pass_a_files_load_and_dump_byte_identical(pass_a, tmp_path):
    if not pass_a:
        pytest.skip("annotations/work/passA not present")
    for path in pass_a:
        out = dump_records(load_records(path), tmp_path / path.name)
        assert out.read_bytes() == path.read_bytes(), path.name
