"""extract_to_frames: in this process with a loaded nlp, or on worker
processes, with progress lines; the same tables either way."""

from __future__ import annotations

import shutil

import pytest

from pipeline.batch import extract_to_frames
from pipeline.loading import rules_pipeline

from .conftest import SAMPLE, assert_same_tables


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    folder = tmp_path_factory.mktemp("in")
    for p in sorted(SAMPLE.glob("*.txt"))[:3]:
        shutil.copy(p, folder / p.name)
    return folder


def test_workers_and_nlp_give_the_same_tables_with_progress(folder, capsys):
    here = extract_to_frames([folder], nlp=rules_pipeline(), progress=True)
    lines = [ln for ln in capsys.readouterr().err.splitlines() if ln.startswith("extract: ")]
    assert [ln.split()[1] for ln in lines] == ["1/3", "2/3", "3/3"]
    pooled = extract_to_frames([folder], model="rules", workers=2)
    assert capsys.readouterr().err == ""  # no progress unless asked
    assert set(here) == {"documents", "facts", "indicators", "entities", "flags", "errors"}
    assert len(here["indicators"]) > 0
    assert_same_tables(here, pooled)


def test_a_loaded_nlp_cannot_go_to_workers(folder):
    with pytest.raises(ValueError, match="model="):
        extract_to_frames([folder], nlp=rules_pipeline(), workers=2)
