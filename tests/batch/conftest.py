"""Shared fixtures: a corpus of ~40 reports made from corpus/sample with small
edits, and the output of one uninterrupted single-worker run over it (the
reference the parallel, Dask and resumed runs must equal)."""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pytest

SAMPLE = Path(__file__).resolve().parents[2] / "corpus" / "sample"
N_DOCS = 40

# Sort keys per table: row order across parts is completion order.
KEYS = {
    "documents": ["doc_id"],
    "facts": ["fact_id"],
    "indicators": ["indicator_id"],
    "entities": ["doc_id", "start", "end", "label"],
    "flags": ["doc_id", "check", "message"],
    "errors": ["file"],
}


def _edit(text: str, i: int) -> str:
    """A small, content-changing edit: bump the first money amount, add a line."""
    text = re.sub(r"(\d+)\.(\d+)万元", lambda m: f"{int(m[1]) + i}.{m[2]}万元", text, count=1)
    return (
        text + f"\n补充说明：本报告为第{i + 1}份，涉及资金{10 + i}.5万元，完成率{90 + i % 10}%。\n"
    )


def build_corpus(folder: Path, n: int = N_DOCS) -> list[Path]:
    samples = sorted(SAMPLE.glob("*.txt"))
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(n):
        src = samples[i % len(samples)]
        path = folder / f"r{i:03d}_{src.stem[:3]}.txt"
        path.write_text(_edit(src.read_text(encoding="utf-8"), i), encoding="utf-8")
        paths.append(path)
    return paths


def normalised(frames: dict[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    """The document tables in a fixed row order; the runs table is left out (its
    rows differ from run to run by design: ids, times, counts)."""
    return {
        name: df.sort_values(KEYS[name], kind="stable").reset_index(drop=True)
        for name, df in frames.items()
        if name != "runs"
    }


def assert_same_tables(a: dict[str, pd.DataFrame], b: dict[str, pd.DataFrame]) -> None:
    a, b = normalised(a), normalised(b)
    assert a.keys() == b.keys()
    for name in a:
        pd.testing.assert_frame_equal(a[name], b[name], check_dtype=True, obj=name)


def assert_no_duplicates(frames: dict[str, pd.DataFrame]) -> None:
    assert not frames["documents"]["doc_id"].duplicated().any()
    assert not frames["documents"]["content_hash"].duplicated().any()
    assert not frames["facts"]["fact_id"].duplicated().any()
    assert not frames["entities"].duplicated(KEYS["entities"]).any()


@pytest.fixture(scope="session")
def corpus(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("corpus40")
    build_corpus(folder)
    return folder


@pytest.fixture(scope="session")
def reference(corpus, tmp_path_factory) -> dict[str, pd.DataFrame]:
    """One uninterrupted run, one worker, default part size."""
    from pipeline.batch import extract_folder, read_output

    out = tmp_path_factory.mktemp("reference")
    summary = extract_folder([corpus], out, workers=1, model="rules")
    assert summary.ok == N_DOCS and summary.failed == 0
    return read_output(out)
