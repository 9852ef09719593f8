"""Resume after SIGKILL: a run killed mid-way and resumed equals an
uninterrupted run — same rows, none duplicated, none corrupt."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from pipeline.batch import read_output
from pipeline.batch.writer import MANIFEST, PartWriter, done_hashes, recover

from .conftest import N_DOCS, assert_no_duplicates, assert_same_tables

CLI = [sys.executable, "-c", "from pipeline.cli import app; app()", "extract"]


def _committed(out: Path) -> int:
    d = out / MANIFEST
    if not d.is_dir():
        return 0
    return sum(len(json.loads(p.read_text())["documents"]) for p in d.glob("part-*.json"))


def test_sigkill_mid_run_then_resume_equals_uninterrupted_run(corpus, reference, tmp_path):
    out = tmp_path / "out"
    args = [*CLI, str(corpus), "--out", str(out), "--model", "rules", "--part-docs", "2", "-q"]
    proc = subprocess.Popen(
        [*args, "--workers", "2"],
        start_new_session=True,  # its own process group: the kill takes the workers too
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    deadline = time.monotonic() + 300
    try:
        while _committed(out) < 6:
            assert proc.poll() is None, proc.stderr.read().decode()
            assert time.monotonic() < deadline, "no progress"
            time.sleep(0.02)
    finally:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
    done_at_kill = _committed(out)
    assert 6 <= done_at_kill < N_DOCS, "the kill must land mid-way"

    # what a killed run leaves is readable as it is: committed rows only
    partial = read_output(out)
    assert_no_duplicates(partial)
    assert len(partial["documents"]) == done_at_kill

    resumed = subprocess.run(
        [*args, "--workers", "2", "--log-json"],
        check=False,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert resumed.returncode == 0, resumed.stderr
    plan = json.loads(resumed.stderr.splitlines()[0])
    assert plan["event"] == "plan" and plan["already_done"] == done_at_kill
    assert plan["to_process"] == N_DOCS - done_at_kill

    final = read_output(out)
    assert_no_duplicates(final)
    assert_same_tables(final, reference)
    # no leftovers of the killed run
    assert not [p for p in out.rglob(".*") if p.name.endswith(".tmp")]


class _Result:
    """Enough of an ItemResult for the writer."""

    def __init__(self, n: int) -> None:
        from pipeline.facts import DocumentResult
        from pipeline.schema import DocumentRow, EntityRow

        doc_id = f"d{n}-{n:016x}"
        self.content_hash = f"{n:064x}"
        self.doc_id = doc_id
        self.path = f"/in/d{n}.txt"
        self.error = None
        self.result = DocumentResult(
            document=DocumentRow(doc_id, self.path, self.content_hash, "txt", 10),
            entities=[EntityRow(doc_id, "MONEY", "1万元", 0, 3, 0)],
        )


@pytest.mark.parametrize(
    ("fail_on_replace", "committed"),
    [(1, False), (2, True), (4, True), (6, True)],
    ids=["before-commit", "after-commit", "mid-publish", "last-publish"],
)
def test_kill_at_each_step_of_a_part_write(tmp_path, monkeypatch, fail_on_replace, committed):
    """Simulate a SIGKILL at the n-th os.replace of a part write: the first
    replace is the manifest commit, the next five publish the tables."""
    from pipeline.batch import writer

    out = tmp_path / "out"
    w = PartWriter(out, part_docs=100)
    w.add(_Result(1))
    w.flush()  # an earlier, complete part

    calls = {"n": 0}
    real_replace = os.replace

    def dying_replace(src, dst):
        calls["n"] += 1
        if calls["n"] == fail_on_replace:
            raise KeyboardInterrupt("killed")  # nothing after this point runs
        real_replace(src, dst)

    w.add(_Result(2))
    w.add(_Result(3))
    monkeypatch.setattr(writer.os, "replace", dying_replace)
    with pytest.raises(KeyboardInterrupt):
        w.flush()
    monkeypatch.setattr(writer.os, "replace", real_replace)

    # readers only ever see committed documents' rows
    seen = read_output(out)["entities"]["doc_id"].tolist()
    assert set(seen) <= {"d1-0000000000000001", "d2-0000000000000002", "d3-0000000000000003"}
    assert "d1-0000000000000001" in seen
    recover(out)  # what the next run does first
    frames = read_output(out)
    expected = 3 if committed else 1
    assert len(frames["documents"]) == expected == len(frames["entities"])
    assert len(done_hashes(out)) == expected
    assert not [p for p in out.rglob("*.tmp")]
