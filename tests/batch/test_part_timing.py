"""Finished documents are committed within ``part_seconds`` even while the
next result is slow to come (a kill then loses at most that much work)."""

from __future__ import annotations

import time

from pipeline.batch.local import run_local
from pipeline.batch.plan import make_plan
from pipeline.batch.run import PART_SECONDS
from pipeline.batch.writer import PartWriter, done_hashes

from .conftest import SAMPLE
from .test_resume import _Result


def test_buffered_documents_are_committed_when_due_without_a_new_result(tmp_path):
    out = tmp_path / "out"
    w = PartWriter(out, part_docs=256, part_seconds=1.0)
    w.add(_Result(1))
    w.flush_if_due()
    assert done_hashes(out) == {}  # not yet due
    time.sleep(1.2)
    w.flush_if_due()  # what the run loop calls while documents run
    assert len(done_hashes(out)) == 1


def test_parts_are_committed_at_least_every_30_seconds():
    assert PART_SECONDS <= 30
    assert PartWriter.__init__.__defaults__[-1] <= 30


def test_the_local_pool_ticks_while_documents_run(tmp_path):
    ticks: list[float] = []
    items = make_plan([next(SAMPLE.glob("*.txt"))]).items
    results = list(run_local(items, model="rules", workers=1, tick=lambda: ticks.append(1)))
    assert len(results) == 1 and results[0].ok
    assert ticks, "tick() must be called while the worker loads and runs"
