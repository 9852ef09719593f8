"""`perf-facts show` over a folder or an output folder: a page per document
and an index page that links to each, with filters by flag and label."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from pipeline.batch import extract_folder, read_output
from pipeline.cli import app

SAMPLE = Path(__file__).resolve().parents[2] / "corpus" / "sample"
runner = CliRunner()


@pytest.fixture(scope="module")
def reports(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("in")
    for p in sorted(SAMPLE.glob("*.txt")):
        shutil.copy(p, folder / p.name)
    return folder


@pytest.fixture(scope="module")
def out(reports, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("out") / "out"
    extract_folder([reports], out, workers=1, model="rules")
    return out


def _rows(index: str) -> list[str]:
    return re.findall(r"<tr data-flags=.*?</tr>", index, flags=re.DOTALL)


def test_index_over_an_output_folder(out, tmp_path):
    pages = tmp_path / "pages"
    result = runner.invoke(app, ["show", str(out), "--html", str(pages)])
    assert result.exit_code == 0, result.output
    index = (pages / "index.html").read_text(encoding="utf-8")
    frames = read_output(out)
    rows = _rows(index)
    assert len(rows) == len(frames["documents"]) == 4
    for doc in frames["documents"].itertuples():
        (row,) = [r for r in rows if f'href="{doc.doc_id}.html"' in r]
        assert doc.department in row
        page = (pages / f"{doc.doc_id}.html").read_text(encoding="utf-8")
        # the page is drawn from the output's rows: every fact of the document
        assert page.count('<tr id="fact') == doc.n_facts
        checks = set(frames["flags"].check[frames["flags"].doc_id == doc.doc_id])
        assert re.search(r'data-flags=" ([^"]*) "', row).group(1).split() == sorted(checks)
    # filters: every check and every label is an option, and the sorting script is there
    for check in set(frames["flags"].check):
        assert f'<option value="{check}">' in index
    for label in set(frames["entities"].label):
        assert f'<option value="{label}">' in index
    assert 'addEventListener("click"' in index


def test_a_changed_source_gets_a_row_without_a_page(reports, out, tmp_path):
    moved = tmp_path / "out"
    shutil.copytree(out, moved)
    victim = min(reports.glob("*.txt"))
    original = victim.read_bytes()
    try:
        victim.write_bytes(original + "补充一行。\n".encode())
        pages = tmp_path / "pages"
        assert runner.invoke(app, ["show", str(moved), "--html", str(pages)]).exit_code == 0
    finally:
        victim.write_bytes(original)
    index = (pages / "index.html").read_text(encoding="utf-8")
    (row,) = [r for r in _rows(index) if victim.name in r]
    assert "source file changed" in row and "href=" not in row
    assert len(list(pages.glob("*.html"))) == 4  # three pages and the index


def test_index_over_a_folder_of_reports(reports, tmp_path):
    pages = tmp_path / "pages"
    result = runner.invoke(app, ["show", str(reports), "--html", str(pages), "--model", "rules"])
    assert result.exit_code == 0, result.output
    index = (pages / "index.html").read_text(encoding="utf-8")
    links = re.findall(r'href="([^"]+\.html)"', index)
    assert len(links) == 4 and all((pages / link).is_file() for link in links)


def test_pages_of_a_folder_need_a_folder(reports, tmp_path):
    page = tmp_path / "page.html"
    page.write_text("x")
    result = runner.invoke(app, ["show", str(reports), "--html", str(page)])
    assert result.exit_code == 2 and "folder" in result.stderr
