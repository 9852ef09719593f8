"""Same output whatever runs it: 1 or 2 local workers, a Dask LocalCluster;
duplicates processed once; DuckDB mirrors the Parquet tables."""

from __future__ import annotations

import shutil

import duckdb
import pytest
from typer.testing import CliRunner

from pipeline.batch import extract_folder, extract_to_frames, read_output
from pipeline.cli import app

from .conftest import N_DOCS, SAMPLE, assert_no_duplicates, assert_same_tables

runner = CliRunner()


def test_two_workers_equal_one(corpus, reference, tmp_path):
    summary = extract_folder([corpus], tmp_path / "out", workers=2, model="rules", part_docs=7)
    assert (summary.ok, summary.failed, summary.workers) == (N_DOCS, 0, 2)
    assert len(summary.worker_peak_rss) == 2  # both processes did work
    frames = read_output(tmp_path / "out")
    assert_no_duplicates(frames)
    assert_same_tables(frames, reference)


def test_dask_local_cluster_equals_local_run(corpus, reference, tmp_path):
    distributed = pytest.importorskip("distributed")
    from pipeline.batch.worker import probe_tokenizer

    with (
        distributed.LocalCluster(
            n_workers=2, processes=True, threads_per_worker=1, dashboard_address=None
        ) as cluster,
        distributed.Client(cluster) as client,
    ):
        summary = extract_folder([corpus], tmp_path / "out", dask=client, model="rules")
        # every Dask worker loaded the pipeline itself, jieba user dictionary included
        probes = client.run(probe_tokenizer, ["三公经费", "结转结余"], "rules")
    assert (summary.ok, summary.failed, summary.backend) == (N_DOCS, 0, "dask")
    assert len(probes) == 2
    for probe in probes.values():
        assert probe["tokens"] == {"三公经费": ["三公经费"], "结转结余": ["结转结余"]}
    frames = read_output(tmp_path / "out")
    assert_no_duplicates(frames)
    assert_same_tables(frames, reference)


def test_duplicate_inputs_are_processed_once(tmp_path):
    src = tmp_path / "in"
    (src / "sub").mkdir(parents=True)
    original = SAMPLE / "003_6048b5b0586a559f.txt"
    shutil.copy(original, src / "a.txt")
    shutil.copy(original, src / "sub" / "copy.txt")  # same bytes, other name
    shutil.copy(SAMPLE / "001_d47c8fa28c385bab.txt", src / "b.txt")
    out = tmp_path / "out"
    # the folder, a glob over it and a file inside it: all one set of documents
    result = runner.invoke(
        app,
        [
            "extract",
            str(src),
            str(src / "*.txt"),
            str(src / "a.txt"),
            "--out",
            str(out),
            "--model",
            "rules",
            "--workers",
            "1",
            "--log-json",
        ],
    )
    assert result.exit_code == 0, result.output
    assert '"event": "duplicate"' in result.stderr and "copy.txt" in result.stderr
    frames = read_output(out)
    assert sorted(frames["documents"]["doc_id"].str.split("-").str[0]) == ["a", "b"]
    assert_no_duplicates(frames)
    in_process = extract_to_frames([src], model="rules")
    assert len(in_process["documents"]) == 2


@pytest.mark.parametrize("fmt", ["parquet", "jsonl"])
def test_duckdb_tables_equal_the_output(tmp_path, fmt):
    src = tmp_path / "in"
    src.mkdir()
    for p in sorted(SAMPLE.glob("*.txt"))[:2]:
        shutil.copy(p, src / p.name)
    (src / "empty.txt").write_bytes(b"")
    out, db = tmp_path / "out", tmp_path / "facts.duckdb"
    args = ["extract", str(src), "--out", str(out), "--model", "rules", "--workers", "1"]
    result = runner.invoke(app, [*args, "--format", fmt, "--duckdb", str(db), "--part-docs", "1"])
    assert result.exit_code == 3, result.output
    frames = read_output(out)
    with duckdb.connect(str(db), read_only=True) as con:
        tables = {r[0] for r in con.execute("SHOW TABLES").fetchall()}
        assert tables == set(frames)
        from_db = {name: con.execute(f"SELECT * FROM {name}").df() for name in frames}
    assert len(from_db["errors"]) == 1 and len(from_db["documents"]) == 2
    assert len(from_db["flags"]) == len(frames["flags"])
    for name in frames:
        a = frames[name].sort_values(list(frames[name].columns[:3])).reset_index(drop=True)
        b = from_db[name].sort_values(list(frames[name].columns[:3])).reset_index(drop=True)
        assert list(a.columns) == list(b.columns), name
        assert len(a) == len(b), name
        assert (
            a.astype(object).where(a.notna(), None).equals(b.astype(object).where(b.notna(), None))
        ), name
