"""Tests mirror the package: each module of pipeline/facts and pipeline/training,
and pipeline/tagging.py and pipeline/predict.py, has a test module named after it."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.structure.code_shape import PIPELINE

TESTS = PIPELINE.parent / "tests"


def _mirrored(package: str) -> list[tuple[Path, Path]]:
    return [
        (module, TESTS / package / f"test_{module.stem}.py")
        for module in sorted((PIPELINE / package).glob("*.py"))
        if module.name != "__init__.py"
    ]


PAIRS = [
    *_mirrored("facts"),
    *_mirrored("training"),
    (PIPELINE / "tagging.py", TESTS / "test_tagging.py"),
    (PIPELINE / "predict.py", TESTS / "test_predict.py"),
]


@pytest.mark.parametrize(("module", "test"), PAIRS, ids=lambda p: p.name)
def test_module_has_a_test_module(module: Path, test: Path) -> None:
    assert module.is_file()
    assert test.is_file(), (
        f"{module.relative_to(PIPELINE.parent)} has no {test.relative_to(TESTS.parent)}"
    )


def test_every_facts_module_is_paired() -> None:
    assert len(_mirrored("facts")) >= 10
