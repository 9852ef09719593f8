"""Worker processes: the model (and jieba's user dictionary) is loaded once per
process by the pool initializer; a worker that dies costs one error row."""

from __future__ import annotations

import multiprocessing as mp
import os
import shutil
from concurrent.futures import ProcessPoolExecutor

from pipeline.batch.local import run_local
from pipeline.batch.plan import make_plan
from pipeline.batch.worker import init_worker, probe_tokenizer, process_item

from .conftest import SAMPLE

# domain-dictionary terms that jieba's own dictionary splits (三公 经费, 结转 结余)
TERMS = ["三公经费", "结转结余", "资金执行率"]


def test_pool_workers_load_the_jieba_user_dictionary():
    with ProcessPoolExecutor(
        max_workers=2,
        mp_context=mp.get_context("spawn"),
        initializer=init_worker,
        initargs=("rules",),
    ) as pool:
        probes = [pool.submit(probe_tokenizer, TERMS, "rules").result() for _ in range(4)]
    assert all(p["pid"] != os.getpid() for p in probes)
    for p in probes:
        assert p["tokens"] == {t: [t] for t in TERMS}
        assert "perf_facts_quantities" in p["pipes"]


def crash_on_b(item, model, limits):
    """A task whose worker process dies on one document (as a segfault would)."""
    if os.path.basename(item.path) == "b.txt":
        os._exit(1)
    return process_item(item, model, limits)


def test_a_dying_worker_costs_one_error_row(tmp_path):
    for name, src in (("a.txt", "000"), ("b.txt", "001"), ("c.txt", "002"), ("d.txt", "003")):
        shutil.copy(next(SAMPLE.glob(f"{src}_*.txt")), tmp_path / name)
    plan = make_plan([tmp_path])
    results = list(run_local(plan.items, model="rules", workers=2, task=crash_on_b))
    by_name = {os.path.basename(r.path): r for r in results}
    assert sorted(by_name) == ["a.txt", "b.txt", "c.txt", "d.txt"]
    assert by_name["b.txt"].error.stage == "worker"
    assert by_name["b.txt"].error.error_type == "WorkerDied"
    assert all(by_name[n].ok for n in ("a.txt", "c.txt", "d.txt"))


def test_a_result_carries_the_documents_cpu_time():
    item = make_plan([next(SAMPLE.glob("000_*.txt"))]).items[0]
    res = process_item(item, "rules")
    assert res.ok
    assert 0 < res.cpu_seconds < res.seconds + 1.0
