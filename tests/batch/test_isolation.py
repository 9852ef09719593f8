"""Per-document isolation: bad inputs become error rows and the batch goes on."""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from types import SimpleNamespace

import pytest
from typer.testing import CliRunner

from pipeline.batch import Limits, extract_to_frames, read_output
from pipeline.batch.plan import WorkItem, file_hash
from pipeline.batch.worker import process_item, set_pipeline
from pipeline.cli import app

from .conftest import SAMPLE

runner = CliRunner()


def _bad_folder(folder: Path) -> Path:
    folder.mkdir()
    shutil.copy(SAMPLE / "001_d47c8fa28c385bab.txt", folder / "good.txt")
    (folder / "gbk.txt").write_bytes("项目支出272.95万元，完成率98.5%。\n".encode("gbk"))
    (folder / "empty.txt").write_bytes(b"")
    (folder / "random.pdf").write_bytes(os.urandom(4096))
    # a PDF header, then a truncated body: parses as a PDF, fails inside
    (folder / "corrupt.pdf").write_bytes(
        b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n2 0 obj\n<< /Ty"
    )
    return folder


def test_bad_inputs_are_error_rows_and_the_batch_completes(tmp_path):
    src = _bad_folder(tmp_path / "in")
    out = tmp_path / "out"
    result = runner.invoke(
        app, ["extract", str(src), "--out", str(out), "--model", "rules", "--workers", "1"]
    )
    assert result.exit_code == 3, result.output
    frames = read_output(out)
    docs = {Path(f).name for f in frames["documents"]["file"]}
    assert docs == {"good.txt", "gbk.txt"}  # GBK text is a correct result
    errors = frames["errors"].set_index(frames["errors"]["file"].map(lambda f: Path(f).name))
    assert set(errors.index) == {"empty.txt", "random.pdf", "corrupt.pdf"}
    assert (errors["stage"] == "read").all()
    assert errors.loc["empty.txt", "error_type"] == "EmptyFileError"
    assert errors.loc["random.pdf", "error_type"] == "CorruptPdfError"
    assert errors["message"].str.len().gt(0).all()
    assert errors["doc_id"].notna().all()
    gbk = frames["facts"][frames["facts"]["doc_id"].str.startswith("gbk-")]
    assert set(gbk["text"]) == {"272.95万元", "98.5%"}
    assert "documents failed" in result.stderr and "2" in result.stderr


def test_all_good_exits_zero_and_resume_keeps_exit_3_for_earlier_failures(tmp_path):
    src = _bad_folder(tmp_path / "in")
    out = tmp_path / "out"
    good = runner.invoke(
        app, ["extract", str(src / "good.txt"), "--out", str(out), "--model", "rules", "-q"]
    )
    assert good.exit_code == 0, good.output
    first = runner.invoke(app, ["extract", str(src), "--out", str(out), "--model", "rules", "-q"])
    assert first.exit_code == 3
    again = runner.invoke(app, ["extract", str(src), "--out", str(out), "--model", "rules", "-q"])
    assert again.exit_code == 3  # nothing re-run, but the output still holds failures
    assert len(read_output(out)["errors"]) == 3  # and no duplicated error rows


class _Exploding:
    """A stand-in pipeline whose tagging fails."""

    pipe_names: tuple[str, ...] = ()
    component_names: tuple[str, ...] = ()
    vocab = SimpleNamespace(in_memory_zone=False)  # no caller's zone open

    def memory_zone(self):
        raise RuntimeError("model exploded")


def test_tagging_failure_is_an_error_row_with_stage_tag(tmp_path):
    path = tmp_path / "r.txt"
    path.write_text("项目支出272.95万元。\n", encoding="utf-8")
    set_pipeline(_Exploding(), "exploding")
    item = WorkItem(str(path), file_hash(path), path.stat().st_size)
    res = process_item(item, "exploding")
    assert res.result is None
    assert res.error.stage == "tag"
    assert res.error.error_type == "RuntimeError" and "exploded" in res.error.message
    assert res.error.doc_id == res.doc_id and res.doc_id.startswith("r-")


def test_fifty_megabyte_text_file_is_a_too_large_error_row(tmp_path):
    """The documented per-document limit (--max-chars, default 2,000,000
    characters) turns a 50 MB text file into an error row instead of minutes of
    tagging; the rest of the batch is processed."""
    big = tmp_path / "in" / "big.txt"
    big.parent.mkdir()
    line = "项目支出272.95万元，完成率98.5%，共发展党员190人。\n".encode()
    big.write_bytes(line * (50 * 1024 * 1024 // len(line) + 1))
    assert big.stat().st_size >= 50 * 1024 * 1024
    shutil.copy(SAMPLE / "003_6048b5b0586a559f.txt", big.parent / "ok.txt")
    frames = extract_to_frames([big.parent], model="rules")
    assert len(frames["documents"]) == 1
    (err,) = frames["errors"].itertuples()
    assert Path(err.file).name == "big.txt"
    assert err.stage == "read" and err.error_type == "TooLargeError"
    assert err.message.startswith("too large")


def test_character_limit_applies_after_reading(tmp_path):
    path = tmp_path / "r.txt"
    shutil.copy(SAMPLE / "003_6048b5b0586a559f.txt", path)
    item = WorkItem(str(path), file_hash(path), path.stat().st_size)
    # 18,674 bytes can hold more than 5,000 characters, so the file is read first
    res = process_item(item, "rules", Limits(max_chars=5000))
    assert res.error.error_type == "TooLargeError"
    assert "characters > limit 5,000" in res.error.message
    assert process_item(item, "rules", Limits(max_chars=0)).ok


@pytest.mark.parametrize("fmt", ["parquet", "jsonl"])
def test_unsupported_file_named_explicitly_is_an_error_row(tmp_path, fmt):
    legacy = tmp_path / "report.doc"
    legacy.write_bytes(b"\xd0\xcf\x11\xe0 legacy word")
    good = tmp_path / "good.txt"
    shutil.copy(SAMPLE / "003_6048b5b0586a559f.txt", good)
    out = tmp_path / "out"
    args = ["extract", str(legacy), str(good), "--out", str(out), "--model", "rules"]
    result = runner.invoke(app, [*args, "--format", fmt, "-q"])
    assert result.exit_code == 3
    frames = read_output(out)
    assert frames["errors"]["error_type"].tolist() == ["UnsupportedFormatError"]
    assert len(frames["documents"]) == 1
    suffix = ".parquet" if fmt == "parquet" else ".jsonl"
    assert {p.suffix for p in (out / "facts").iterdir()} == {suffix}
