from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from pipeline.annotations.records import dump_records
from pipeline.annotations.split import make_split, records_for
from pipeline.cli import app

runner = CliRunner()


@pytest.fixture
def four_docs(make_records):
    return [r for d in ("d0", "d1", "d2", "d3") for r in make_records(doc=d)]


def test_split_is_by_document_and_reproducible(four_docs):
    a = make_split(four_docs, seed=0)
    assert sorted(a["train"] + a["dev"] + a["test"]) == ["d0", "d1", "d2", "d3"]
    assert (len(a["train"]), len(a["dev"]), len(a["test"])) == (2, 1, 1)
    assert a == make_split(list(reversed(four_docs)), seed=0)  # input order irrelevant
    seeds = {tuple(make_split(four_docs, seed=s)["test"]) for s in range(10)}
    assert len(seeds) > 1  # the seed matters
    parts = [records_for(four_docs, a[k]) for k in ("train", "dev", "test")]
    assert sum(map(len, parts)) == len(four_docs)
    assert a["documents"]["d0"] == {"records": 4, "spans": 12, "quantities": 6}


def test_sizes_as_counts_and_errors(four_docs):
    s = make_split(four_docs, test_size=2, dev_size=0)
    assert (len(s["train"]), len(s["dev"]), len(s["test"])) == (2, 0, 2)
    with pytest.raises(ValueError, match="leave no training document"):
        make_split(four_docs, test_size=2, dev_size=2)
    with pytest.raises(ValueError, match="at least 2 documents"):
        make_split(records_for(four_docs, ["d0"]))


def test_leave_one_document_out(four_docs):
    folds = make_split(four_docs, loo=True)["folds"]
    assert [f["test"] for f in folds] == [["d0"], ["d1"], ["d2"], ["d3"]]
    for f in folds:
        assert sorted(f["train"] + f["test"]) == ["d0", "d1", "d2", "d3"]


def test_cli_writes_file(four_docs, tmp_path):
    src = dump_records(four_docs, tmp_path / "gold.jsonl")
    out = tmp_path / "splits.json"
    args = ["annotate", "split", str(src), "--out", str(out), "--seed", "3", "--loo"]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    assert "train 2, dev 1, test 1 documents, 4 LOO folds" in result.output
    first = out.read_text(encoding="utf-8")
    data = json.loads(first)
    assert data["version"] == 1 and data["seed"] == 3 and data["unit"] == "document"
    assert data["method"] == "GroupShuffleSplit" and len(data["folds"]) == 4
    runner.invoke(app, args)
    assert out.read_text(encoding="utf-8") == first
    bad = runner.invoke(app, ["annotate", "split", str(src), "--out", str(out), "--test-size", "4"])
    assert bad.exit_code == 2 and "error:" in bad.output


def test_unseen_documents_are_held_out_as_given(four_docs, make_records):
    unseen = [r for d in ("u0", "u1") for r in make_records(doc=d)]
    s = make_split(four_docs, unseen=unseen, seed=0)
    assert s["unseen-test"] == ["u0", "u1"]
    assert not {"u0", "u1"} & set(s["train"] + s["dev"] + s["test"])
    assert set(s["documents"]) == {"d0", "d1", "d2", "d3", "u0", "u1"}
    with pytest.raises(ValueError, match="both held out and in the pool"):
        make_split(four_docs, unseen=records_for(four_docs, ["d0"]))


def test_cli_unseen_option(four_docs, make_records, tmp_path):
    src = dump_records(four_docs, tmp_path / "gold.jsonl")
    held = dump_records(make_records(doc="u0"), tmp_path / "unseen.jsonl")
    out = tmp_path / "splits.json"
    args = ["annotate", "split", str(src), "--unseen", str(held), "--out", str(out)]
    result = runner.invoke(app, args + ["--test-size", "0"])
    assert result.exit_code == 0, result.output
    assert "unseen-test 1" in result.output
    assert json.loads(out.read_text(encoding="utf-8"))["unseen-test"] == ["u0"]


def test_train_only_documents_stay_in_train_and_leave_the_rest_alone(four_docs, make_records):
    extra = [r for d in ("s0", "s1", "s2", "s3") for r in make_records(doc=d)]
    plain = make_split(four_docs + extra, seed=0, test_size=2, dev_size=2)
    kept = make_split(
        four_docs + extra,
        seed=0,
        test_size=2,
        dev_size=2,
        train_only=extra,
        train_only_sources=["synthetic"],
    )
    synthetic = {"s0", "s1", "s2", "s3"}
    assert synthetic <= set(kept["train"])
    assert not synthetic & set(kept["dev"] + kept["test"])
    # the other documents keep the part the draw gave them
    for part in ("dev", "test"):
        assert kept[part] == [d for d in plain[part] if d not in synthetic]
    assert kept["train_only"] == ["synthetic"]
    assert "train_only" not in plain


def test_split_records_reads_one_part(four_docs, tmp_path):
    from pipeline.annotations.corpus import SplitError, split_records

    src = dump_records(four_docs, tmp_path / "gold.jsonl")
    s = make_split(four_docs, seed=0, test_size=1, dev_size=1, sources=[str(src)])
    path = tmp_path / "splits.json"
    path.write_text(json.dumps(s), encoding="utf-8")
    assert {r.doc for r in split_records("dev", path)} == set(s["dev"])
    assert {r.doc for r in split_records("train", path)} == set(s["train"])
    with pytest.raises(SplitError, match="no split part 'unseen-test'"):
        split_records("unseen-test", path)
    with pytest.raises(SplitError, match="no such splits file"):
        split_records("dev", tmp_path / "missing.json")


def test_project_splits_keep_synthetic_tables_in_train():
    from pipeline.annotations.corpus import SPLITS_FILE, read_splits

    data = read_splits(SPLITS_FILE)
    assert data["train_only"] == ["annotations/synthetic"]
    assert not [d for d in data["dev"] + data["unseen-test"] if d.startswith("syn")]
