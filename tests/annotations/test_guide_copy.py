"""docs/annotation-guide.md is the guide the repository cites; the shared copy must not drift.

The annotation guide also lives outside the repository, as ``ANNOTATION_GUIDE.md`` in the
``shared`` folder beside the checkout. The repository keeps its own copy and every file points
there, so a checkout without the shared folder still has the contract it follows.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
GUIDE = ROOT / "docs" / "annotation-guide.md"
SHARED_NAME = "ANNOTATION_GUIDE.md"
# Written in two parts so that this file does not match its own search.
SHARED_PATH = "shared/" + SHARED_NAME
TEXT_SUFFIXES = {
    ".py", ".md", ".txt", ".json", ".jsonl", ".tsv", ".cfg", ".toml", ".xml",
    ".sh", ".ipynb", ".ann", ".yaml", ".yml", ".ini", ".html",
}  # fmt: skip
SKIPPED_DIRS = {".git", ".venv", "venv", "__pycache__", ".pytest_cache", ".ruff_cache"}


def _shared_copy() -> Path | None:
    """The shared guide: PERF_FACTS_SHARED_GUIDE, else ../shared beside the checkout
    (or beside the folder that holds it, for a git worktree)."""
    override = os.environ.get("PERF_FACTS_SHARED_GUIDE")
    candidates = [Path(override)] if override else []
    candidates += [
        ROOT.parent / "shared" / SHARED_NAME,
        ROOT.parent.parent / "shared" / SHARED_NAME,
    ]
    return next((p for p in candidates if p.is_file()), None)


def _text_files(root: Path):
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = [d for d in dirnames if d not in SKIPPED_DIRS]
        for name in filenames:
            path = Path(dirpath) / name
            if path.suffix in TEXT_SUFFIXES:
                yield path


def test_repository_guide_equals_shared_copy():
    shared = _shared_copy()
    if shared is None:
        pytest.skip(f"no shared {SHARED_NAME} beside this checkout to compare with")
    assert GUIDE.read_text(encoding="utf-8") == shared.read_text(encoding="utf-8"), (
        f"{GUIDE.relative_to(ROOT)} differs from {shared}: copy the newer one over the other"
    )


def test_no_file_refers_to_the_shared_guide():
    offenders = [
        str(path.relative_to(ROOT))
        for path in _text_files(ROOT)
        if SHARED_PATH in path.read_text(encoding="utf-8", errors="ignore")
    ]
    assert offenders == [], f"point these at docs/annotation-guide.md instead: {offenders}"


def test_search_finds_a_reference(tmp_path):
    """The scan above can fail: a planted reference is found."""
    (tmp_path / "notes.md").write_text(f"per ../{SHARED_PATH}\n", encoding="utf-8")
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "x.md").write_text(SHARED_PATH, encoding="utf-8")
    found = [p.name for p in _text_files(tmp_path) if SHARED_PATH in p.read_text(encoding="utf-8")]
    assert found == ["notes.md"]
