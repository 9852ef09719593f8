"""Each notebook has a rendered copy under docs/notebooks/ (scripts/render_notebooks.py)
that shows its outputs and plots, and the copy is of the notebook as it is now."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

nbformat = pytest.importorskip("nbformat", reason="install the dev extra: pip install -e '.[dev]'")

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
RENDERED = ROOT / "docs" / "notebooks"
RERUN = "rerun: .venv/bin/python scripts/render_notebooks.py"


def _rendered(path: Path) -> str:
    md = RENDERED / f"{path.stem}.md"
    assert md.is_file(), f"no rendered copy of {path.name}; {RERUN}"
    return md.read_text(encoding="utf-8")


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_rendered_copy_is_of_the_notebook_as_it_is(path):
    text = _rendered(path)
    nb = nbformat.read(path, as_version=4)
    for cell in nb.cells:
        source = cell.source.strip()
        if source:
            assert source in text, f"{path.name} changed since it was rendered; {RERUN}"
    assert "Traceback (most recent call last)" not in text, f"{path.name} failed when rendered"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_rendered_images_exist(path):
    images = re.findall(r"!\[[^\]]*\]\(([^)]+\.png)\)", _rendered(path))
    for image in images:
        assert (RENDERED / image).is_file(), image
    if path.name.startswith("02"):
        assert len(images) >= 4, "the budget, rate, score and share-met plots"
