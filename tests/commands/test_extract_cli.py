"""`perf-facts extract` as a user runs it: help, real reports, bad files."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from typer.testing import CliRunner

from pipeline.cli import app

SAMPLE = Path(__file__).resolve().parents[2] / "corpus" / "sample"
runner = CliRunner()


def test_help_lists_commands():
    result = runner.invoke(app, ["--help"])
    assert result.exit_code == 0
    assert "extract" in result.output and "annotate" in result.output


def test_extract_help_explains_inputs_and_exit_codes():
    result = runner.invoke(app, ["extract", "--help"])
    assert result.exit_code == 0
    assert "folders" in result.output and "3" in result.output


def test_extract_json_offsets_point_into_the_source(tmp_path):
    src = tmp_path / "r.txt"
    text = "年末总资产 169.57 万元，其中流动资产 6.34 万元，占总资产的 3.74%。\n共发展党员190人。\n"
    src.write_text(text, encoding="utf-8")
    result = runner.invoke(app, ["extract", str(src), "--model", "rules", "--json"])
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in result.stdout.splitlines() if line.startswith("{")]
    found = {(r["label"], r["text"]) for r in rows}
    assert {("MONEY", "169.57 万元"), ("PERCENT", "3.74%"), ("COUNT", "190人")} <= found
    for r in rows:
        assert text[r["start"] : r["end"]] == r["text"]


def test_bad_file_is_reported_and_the_batch_completes(tmp_path):
    shutil.copy(SAMPLE / "001_d47c8fa28c385bab.txt", tmp_path / "good.txt")
    (tmp_path / "broken.pdf").write_bytes(b"\x00\x01 not a pdf at all \xff" * 20)
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "gbk.txt").write_bytes("项目支出272.95万元。".encode("gbk"))
    result = runner.invoke(app, ["extract", str(tmp_path), "--model", "rules", "--json"])
    assert result.exit_code == 3
    rows = [json.loads(line) for line in result.stdout.splitlines() if line.startswith("{")]
    files = {Path(r["file"]).name for r in rows}
    assert files == {"good.txt", "gbk.txt"}
    assert "broken.pdf" in result.stderr and "empty.txt" in result.stderr
    assert "2 document(s) ok, 2 failed" in result.stderr


def test_missing_input_is_a_clear_error(tmp_path):
    result = runner.invoke(app, ["extract", str(tmp_path / "nope")])
    assert result.exit_code == 2
    assert "no such file" in result.stderr


def test_extract_out_writes_tables_and_prints_a_summary(tmp_path):
    out = tmp_path / "out"
    result = runner.invoke(
        app,
        [
            "extract",
            str(SAMPLE / "001_d47c8fa28c385bab.txt"),
            "--out",
            str(out),
            "--model",
            "rules",
            "--workers",
            "1",
        ],
    )
    assert result.exit_code == 0, result.output
    assert "documents ok" in result.stderr and "facts / entities / flags" in result.stderr
    for table in ("documents", "facts", "entities", "flags", "errors"):
        assert len(list((out / table).glob("part-*.parquet"))) == 1
    assert not result.stdout.strip()  # tables go to --out, not to stdout


def test_extract_log_json_is_one_object_per_line(tmp_path):
    (tmp_path / "empty.txt").write_bytes(b"")
    result = runner.invoke(
        app,
        [
            "extract",
            str(tmp_path),
            "--out",
            str(tmp_path / "out"),
            "--model",
            "rules",
            "--workers",
            "1",
            "--log-json",
        ],
    )
    assert result.exit_code == 3
    events = [json.loads(line) for line in result.stderr.splitlines()]
    assert [e["event"] for e in events] == [
        "plan",
        "loading_model",
        "model_ready",
        "error",
        "summary",
    ]
    assert events[3]["stage"] == "read" and events[-1]["failed"] == 1


def test_duckdb_without_out_is_a_usage_error(tmp_path):
    result = runner.invoke(app, ["extract", str(SAMPLE), "--duckdb", str(tmp_path / "x.db")])
    assert result.exit_code == 2
    assert "--out" in result.stderr


def _indicator_texts(result) -> set[str]:
    rows = [json.loads(line) for line in result.stdout.splitlines() if line.startswith("{")]
    return {r["text"] for r in rows if r["label"] == "INDICATOR"}


def test_extract_cues_option_reaches_the_fact_assembler(tmp_path):
    src = tmp_path / "r.txt"
    src.write_text("年末总资产 169.57 万元，共发展党员190人。\n", encoding="utf-8")
    default = runner.invoke(app, ["extract", str(src), "--model", "rules", "--json"])
    off = runner.invoke(app, ["extract", str(src), "--model", "rules", "--json", "--cues", "off"])
    assert default.exit_code == 0 and off.exit_code == 0, default.output + off.output
    assert "年末总资产" in _indicator_texts(default)  # named by the cues
    assert _indicator_texts(off) == set()
    bad = runner.invoke(app, ["extract", str(src), "--cues", "sometimes"])
    assert bad.exit_code == 2 and "--cues" in bad.output


def test_extract_out_passes_cues_to_the_workers(tmp_path):
    src = tmp_path / "in" / "r.txt"
    src.parent.mkdir()
    src.write_text("年末总资产 169.57 万元，共发展党员190人。\n", encoding="utf-8")
    counts = {}
    for mode in ("cues_first", "off"):
        out = tmp_path / mode
        res = runner.invoke(
            app,
            ["extract", str(src.parent), "--out", str(out), "--model", "rules", "--workers", "1"]
            + ["--format", "jsonl", "--cues", mode, "--quiet"],
        )
        assert res.exit_code == 0, res.output
        rows = [
            json.loads(line)
            for part in (out / "entities").glob("*.jsonl")
            for line in part.read_text(encoding="utf-8").splitlines()
        ]
        counts[mode] = sum(r["label"] == "INDICATOR" for r in rows)
    assert counts["cues_first"] > 0 and counts["off"] == 0
