"""--format csv and --format xlsx: whole tables for Excel, read back equal to
the Parquet output (a round trip through pipeline.batch.read_export)."""

from __future__ import annotations

import shutil

import pandas as pd
import pytest
from typer.testing import CliRunner

from pipeline.batch import export, read_export, read_output
from pipeline.batch.writer import OutputError
from pipeline.cli import app
from pipeline.schema import OUTPUT_TABLES

from .conftest import SAMPLE

runner = CliRunner()


@pytest.fixture(scope="module")
def inputs(tmp_path_factory):
    folder = tmp_path_factory.mktemp("in")
    for p in sorted(SAMPLE.glob("*.txt"))[1:3]:
        shutil.copy(p, folder / p.name)
    (folder / "empty.txt").write_bytes(b"")  # an error row too
    return folder


def _run(inputs, out, fmt):
    args = ["extract", str(inputs), "--out", str(out), "--model", "rules", "--workers", "1"]
    result = runner.invoke(app, [*args, "--format", fmt])
    assert result.exit_code == 3, result.output  # empty.txt failed
    return result


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_round_trip_equals_the_parquet_tables(inputs, tmp_path, fmt):
    out = tmp_path / "out"
    result = _run(inputs, out, fmt)
    target = out / (export.CSV_FOLDER if fmt == "csv" else export.XLSX_FILE)
    assert target.exists() and "export" in result.stderr
    frames, back = read_output(out), read_export(out)
    assert set(back) == set(OUTPUT_TABLES)
    assert len(frames["facts"]) > 50 and len(frames["errors"]) == 1
    for name in OUTPUT_TABLES:
        pd.testing.assert_frame_equal(back[name], frames[name], check_dtype=True, obj=name)


def test_csv_opens_in_excel_as_utf8(inputs, tmp_path):
    out = tmp_path / "out"
    _run(inputs, out, "csv")
    raw = (out / "csv" / "documents.csv").read_bytes()
    assert raw.startswith(export.BOM)
    assert "department" in raw.decode("utf-8-sig").splitlines()[0]


def test_resumed_run_exports_the_whole_folder(inputs, tmp_path):
    out = tmp_path / "out"
    first = tmp_path / "first"
    first.mkdir()
    shutil.copy(min(inputs.glob("0*.txt")), first)
    args = ["--out", str(out), "--model", "rules", "--workers", "1", "--format", "xlsx"]
    assert runner.invoke(app, ["extract", str(first), *args]).exit_code == 0
    _run(inputs, out, "xlsx")  # resumes: one new document, one failure
    back = read_export(out)
    assert len(back["documents"]) == 2 and len(back["runs"]) == 2


def test_cells_excel_refuses_are_cleaned_and_clipped():
    assert export._cell("a\x00b\x1fc") == "abc"
    long = export._cell("字" * (export.XLSX_MAX_CELL + 10))
    assert len(long) == export.XLSX_MAX_CELL and long.endswith("…")
    assert export._cell(1.5) == 1.5 and export._cell(None) is None


def test_a_table_larger_than_a_sheet_is_a_clear_error(inputs, tmp_path, monkeypatch):
    out = tmp_path / "out"
    _run(inputs, out, "parquet")
    monkeypatch.setattr(export, "XLSX_MAX_ROWS", 10)
    with pytest.raises(OutputError, match="more than an Excel sheet holds"):
        export.export_xlsx(out)
    assert not (out / export.XLSX_FILE).exists()
