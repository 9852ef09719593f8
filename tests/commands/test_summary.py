"""`perf-facts summary OUT`: a row per document of an output folder."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from pipeline.batch import extract_folder, read_output
from pipeline.cli import app

SAMPLE = Path(__file__).resolve().parents[2] / "corpus" / "sample"
runner = CliRunner()


@pytest.fixture(scope="module")
def out(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("in")
    for p in sorted(SAMPLE.glob("*.txt")):
        shutil.copy(p, folder / p.name)
    (folder / "empty.txt").write_bytes(b"")
    out = tmp_path_factory.mktemp("out") / "out"
    extract_folder([folder], out, workers=1, model="rules")
    return out


def test_a_row_per_document_with_its_summary(out):
    result = runner.invoke(app, ["summary", str(out)], env={"COLUMNS": "250"})
    assert result.exit_code == 0, result.output
    documents = read_output(out)["documents"]
    lines = result.stdout.splitlines()
    header = next(line for line in lines if "department" in line)
    for name in ("year", "budget 万元", "spending 万元", "execution %", "score", "grade", "flags"):
        assert name in header
    for doc in documents.itertuples():
        (line,) = [ln for ln in lines if Path(doc.file).name in ln]
        assert doc.department in line and str(doc.year) in line
        budget = doc.budget_adjusted if doc.budget_adjusted == doc.budget_adjusted else None
        budget = budget if budget is not None else doc.budget_initial
        assert f"{budget / 10_000:,.2f}" in line
    flagged = read_output(out)["flags"]
    for doc_id, check in zip(flagged.doc_id, flagged.check, strict=True):
        file = documents.set_index("doc_id").file[doc_id]
        (line,) = [ln for ln in lines if Path(file).name in ln]
        assert check in line
    assert "4 document(s), 1 failed" in result.stdout
    assert "model rules" in result.stdout


def test_not_an_output_folder_is_exit_2(tmp_path):
    result = runner.invoke(app, ["summary", str(tmp_path)])
    assert result.exit_code == 2
    assert result.stderr.strip().startswith("error:") and len(result.stderr.splitlines()) == 1
