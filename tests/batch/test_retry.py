"""Resume retries the documents whose failure was not their own fault (a dead
worker, a model that did not load, memory, the time limit); a document's own
defect stays failed."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from pipeline.batch import Limits, extract_folder, read_output
from pipeline.batch.local import crashed_result
from pipeline.batch.plan import make_plan
from pipeline.batch.worker import DocumentTimeout, is_transient, process_item
from pipeline.batch.writer import MANIFEST, PartWriter
from pipeline.cli import app

from .conftest import SAMPLE, assert_same_tables

runner = CliRunner()


def _poisoned(src: Path, out: Path, *, old_manifests: bool) -> None:
    """What a run whose workers all died leaves: every document an error row
    "WorkerDied". ``old_manifests``: as written before manifests said which
    failures to retry (every failure "failed")."""
    writer = PartWriter(out, part_docs=2)
    for item in make_plan([src]).items:
        writer.add(crashed_result(item, "the worker process died while processing this document"))
    writer.flush()
    if old_manifests:
        for path in (out / MANIFEST).glob("part-*.json"):
            m = json.loads(path.read_text())
            m.pop("version")
            for d in m["documents"]:
                d["status"] = "failed"
            path.write_text(json.dumps(m))


@pytest.mark.parametrize("old_manifests", [False, True], ids=["new", "old-manifest"])
def test_rerun_after_worker_deaths_processes_every_document(tmp_path, old_manifests):
    src = tmp_path / "in"
    src.mkdir()
    for p in sorted(SAMPLE.glob("*.txt")):
        (src / p.name).write_bytes(p.read_bytes())
    (src / "empty.txt").write_bytes(b"")  # its own defect
    out = tmp_path / "out"
    _poisoned(src, out, old_manifests=old_manifests)
    assert len(read_output(out)["errors"]) == 5

    summary = extract_folder([src], out, workers=1, model="rules")
    assert summary.already_done == 0 and summary.to_process == 5 and summary.retried == 5
    assert summary.ok == 4 and summary.failed == 1
    frames = read_output(out)
    assert len(frames["documents"]) == 4
    # the stale WorkerDied rows are gone; the empty file's own error stays
    errors = frames["errors"]
    assert list(errors["error_type"]) == ["EmptyFileError"]

    clean = tmp_path / "clean"
    extract_folder([src], clean, workers=1, model="rules")
    assert_same_tables(frames, read_output(clean))

    # the empty file is not retried again: its failure is its own
    again = extract_folder([src], out, workers=1, model="rules")
    assert again.to_process == 0 and again.already_failed == 1 and again.exit_code == 3


def test_bad_model_writes_nothing_and_the_rerun_succeeds(tmp_path):
    out = tmp_path / "out"
    bad = runner.invoke(
        app, ["extract", str(SAMPLE), "--out", str(out), "--model", str(tmp_path / "nope")]
    )
    assert bad.exit_code == 2
    good = runner.invoke(
        app, ["extract", str(SAMPLE), "--out", str(out), "--model", "rules", "--workers", "1", "-q"]
    )
    assert good.exit_code == 0, good.output
    assert len(read_output(out)["documents"]) == len(list(SAMPLE.glob("*.txt")))


def test_timeout_is_a_transient_error_row(tmp_path, monkeypatch):
    import pipeline.facts

    def hang(*args, **kwargs):
        time.sleep(30)

    monkeypatch.setattr(pipeline.facts, "process_document", hang)
    item = make_plan([next(SAMPLE.glob("*.txt"))]).items[0]
    t0 = time.monotonic()
    res = process_item(item, "rules", Limits(timeout_s=0.5))
    assert time.monotonic() - t0 < 20
    assert res.error is not None and res.error.error_type == DocumentTimeout.__name__
    assert is_transient(res.error)


def test_own_defects_are_not_transient(tmp_path):
    for name, data in {"empty.txt": b"", "bad.pdf": b"%PDF-1.4\n garbage"}.items():
        (tmp_path / name).write_bytes(data)
    for item in make_plan([tmp_path]).items:
        res = process_item(item, "rules")
        assert res.error is not None and not is_transient(res.error), res.error


def test_a_done_document_stays_done_whatever_order_parts_sort_in(tmp_path):
    from pipeline.batch.writer import done_hashes

    from .test_resume import _Result

    out = tmp_path / "out"
    ok = _Result(1)
    first = PartWriter(out)
    first.run_id = "1-a"
    first.add(ok)
    first.flush()
    later = PartWriter(out)  # a transient failure that sorts after the success
    later.run_id = "2-b"
    item = make_plan([next(SAMPLE.glob("*.txt"))]).items[0]
    dead = crashed_result(item, "died")
    dead.content_hash, dead.doc_id = ok.content_hash, ok.doc_id
    dead.error.doc_id, dead.path, dead.error.file = ok.doc_id, ok.path, ok.path
    later.add(dead)
    later.flush()
    assert done_hashes(out) == {ok.content_hash: "ok"}
    assert read_output(out)["errors"].empty
