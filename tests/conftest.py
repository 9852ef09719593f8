"""Fixtures shared across the test packages."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="session")
def sample_paths() -> list[Path]:
    """The four sample reports (corpus/sample)."""
    return sorted((ROOT / "corpus" / "sample").glob("*.txt"))
