"""Hard stops: a SIGKILLed main process leaves no worker behind; SIGTERM and
Ctrl-C (SIGINT) commit the finished documents, exit 143 / 130 and say how to
resume, and the resumed run equals an uninterrupted one."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import psutil
import pytest

from pipeline.batch import read_output

from .conftest import N_DOCS, assert_no_duplicates, assert_same_tables

CLI = [sys.executable, "-c", "from pipeline.cli import app; app()", "extract"]


def _committed(out: Path) -> int:
    d = out / "_manifest"
    if not d.is_dir():
        return 0
    return sum(len(json.loads(p.read_text())["documents"]) for p in d.glob("part-*.json"))


def _start(corpus: Path, out: Path) -> subprocess.Popen:
    return subprocess.Popen(
        [
            *CLI,
            str(corpus),
            "--out",
            str(out),
            "--model",
            "rules",
            "--workers",
            "2",
            "--part-docs",
            "1",
            "-q",
        ],
        start_new_session=True,  # only so the cleanup below can reach strays; kills go to the PID
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )


def _wait_for(proc: subprocess.Popen, out: Path, docs: int) -> list[psutil.Process]:
    """Wait until ``docs`` documents are committed; the worker processes then."""
    deadline = time.monotonic() + 300
    while _committed(out) < docs:
        assert proc.poll() is None, proc.stderr.read()
        assert time.monotonic() < deadline, "no progress"
        time.sleep(0.05)
    workers = psutil.Process(proc.pid).children(recursive=True)
    assert workers, "expected worker processes"
    return workers


def _alive(procs: list[psutil.Process]) -> list[psutil.Process]:
    return [p for p in procs if p.is_running() and p.status() != psutil.STATUS_ZOMBIE]


def _cleanup(proc: subprocess.Popen) -> None:
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    proc.wait()


def test_sigkill_of_the_main_process_leaves_no_worker(corpus, tmp_path):
    out = tmp_path / "out"
    proc = _start(corpus, out)
    try:
        workers = _wait_for(proc, out, 2)
        os.kill(proc.pid, signal.SIGKILL)  # the main process alone, not its group
        proc.wait()
        _, alive = psutil.wait_procs(workers, timeout=10)
        alive = _alive(alive)
        assert not alive, f"orphaned workers: {[p.pid for p in alive]}"
    finally:
        _cleanup(proc)


@pytest.mark.parametrize(
    ("sig", "code"), [(signal.SIGTERM, 143), (signal.SIGINT, 130)], ids=["SIGTERM", "SIGINT"]
)
def test_signal_commits_finished_documents_and_resume_completes(
    corpus, reference, tmp_path, sig, code
):
    out = tmp_path / "out"
    proc = _start(corpus, out)
    try:
        workers = _wait_for(proc, out, 3)
        os.kill(proc.pid, sig)
        _, stderr = proc.communicate(timeout=60)
    finally:
        _cleanup(proc)
    assert proc.returncode == code, stderr
    assert "resume" in stderr and "Traceback" not in stderr
    _, alive = psutil.wait_procs(workers, timeout=10)
    assert not _alive(alive)
    done = _committed(out)
    assert 3 <= done < N_DOCS, "the signal must land mid-way"
    partial = read_output(out)
    assert_no_duplicates(partial)
    assert len(partial["documents"]) == done
    assert not [p for p in out.rglob(".*") if p.name.endswith(".tmp")]

    resumed = subprocess.run(
        [*CLI, str(corpus), "--out", str(out), "--model", "rules", "--workers", "2", "-q"],
        check=False,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert resumed.returncode == 0, resumed.stderr
    assert_same_tables(read_output(out), reference)
