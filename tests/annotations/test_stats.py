from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from pipeline.annotations.records import dump_records
from pipeline.annotations.stats import compute_stats, read_split_map
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
    assert st["documents"] == 2
    assert st["per_document"]["t01_sample"] == {
        "sector": "组织部",
        "layout": "dept_narrative",
        "split": "unassigned",
        "characters": sum(len(r.text) for r in records),
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
    for word in (
        "t01_sample",
        "ACHIEVEMENT",
        "Roles of quantities",
        "MEASURES",
        "5 of 6",
        "Sectors",
        "组织部",
        "Layouts",
        "Splits",
    ):
        assert word in result.output


def _with_meta(records, **meta):
    for r in records:
        r.meta.extra.update(meta)
    return records


def test_corpus_summary(records, make_records):
    synth = _with_meta(
        make_records(doc="syn_a"), synthetic=True, sector="林业", layout="ocr_noise", split="train"
    )
    authored = _with_meta(make_records(doc="au_b"), authored=True)
    chars = sum(len(r.text) for r in records)
    st = compute_stats(records + synth + authored, split_map={"t01_sample": "dev"}).to_dict()
    assert st["documents"] == 3 and st["characters"] == 3 * chars
    assert st["labels"]["INDICATOR"] == 15
    assert st["sectors"] == {
        "unknown": {"documents": 1, "characters": chars},
        "林业": {"documents": 1, "characters": chars},
        "组织部": {"documents": 1, "characters": chars},
    }
    assert st["layouts"]["ocr_noise"] == {"documents": 1, "characters": chars}
    assert st["layouts"]["dept_narrative"]["documents"] == 1
    assert st["splits"] == {"dev": 1, "train": 1, "unassigned": 1}
    # splits.json wins over a record's own meta.split
    moved = compute_stats(synth, split_map={"syn_a": "dev"}).to_dict()
    assert moved["splits"] == {"dev": 1}


def test_split_map(tmp_path):
    path = tmp_path / "splits.json"
    assert read_split_map(path) == {}
    path.write_text(
        json.dumps(
            {
                "version": 1,
                "train": ["a", "b"],
                "unseen-test": ["c"],
                "folds": [{"train": ["x"]}],
                "documents": {"a": {}},
            }
        ),
        encoding="utf-8",
    )
    assert read_split_map(path) == {"a": "train", "b": "train", "c": "unseen-test"}
    path.write_text("[", encoding="utf-8")
    with pytest.raises(ValueError, match="not JSON"):
        read_split_map(path)


def test_cli_summary_over_several_paths(records, make_records, tmp_path):
    a = dump_records(records, tmp_path / "a" / "g.jsonl")
    synth = _with_meta(make_records(doc="syn_a"), synthetic=True, sector="林业", layout="ocr_noise")
    b = dump_records(synth, tmp_path / "b.jsonl")
    splits = tmp_path / "splits.json"
    splits.write_text(json.dumps({"test": ["t01_sample"], "train": ["syn_a"]}), encoding="utf-8")
    result = runner.invoke(
        app, ["annotate", "stats", str(a.parent), str(b), "--json", "--splits", str(splits)]
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert list(data)[:6] == ["documents", "characters", "labels", "sectors", "layouts", "splits"]
    assert data["splits"] == {"test": 1, "train": 1}
    assert set(data["sectors"]) == {"组织部", "林业"}
    splits.write_text("{", encoding="utf-8")
    result = runner.invoke(app, ["annotate", "stats", str(b), "--splits", str(splits)])
    assert result.exit_code == 2 and "error:" in result.output
