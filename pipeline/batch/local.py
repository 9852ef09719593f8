"""Run the per-document job on a pool of local processes.

Streaming: at most ``window`` documents are in flight at once (submitted but
not yet handed back), so memory stays flat however large the corpus is;
results come back in completion order.

A worker process that dies (segfault in a parser, the kernel's OOM killer)
breaks the pool. The documents in flight are then re-run one at a time in a
fresh pool: the one that kills its worker alone becomes an error row with stage
``worker``, the others are processed normally.
"""

from __future__ import annotations

import multiprocessing as mp
import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool

from pipeline.batch.lifeline import POLL_S
from pipeline.batch.plan import WorkItem, doc_id_for
from pipeline.batch.worker import ItemResult, Limits, init_worker, process_item
from pipeline.schema import ErrorRow


def default_workers() -> int:
    """All cores this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # macOS, Windows
        return max(1, os.cpu_count() or 1)


def crashed_result(item: WorkItem, message: str, error_type: str = "WorkerDied") -> ItemResult:
    return ItemResult(
        path=item.path,
        content_hash=item.content_hash,
        doc_id=doc_id_for(item.path, item.content_hash),
        chars=0,
        result=None,
        error=ErrorRow(
            file=item.path,
            doc_id=doc_id_for(item.path, item.content_hash),
            stage="worker",
            error_type=error_type,
            message=message,
        ),
        seconds=0.0,
        pid=0,
        max_rss=0,
    )


def _pool(workers: int, model: str | None) -> ProcessPoolExecutor:
    # spawn: a clean interpreter per worker, the same on Linux, macOS and Windows;
    # each one loads the model (and jieba's user dictionary) in init_worker.
    return ProcessPoolExecutor(
        max_workers=workers,
        mp_context=mp.get_context("spawn"),
        initializer=init_worker,
        initargs=(model, os.getpid()),
    )


def _terminate(pool: ProcessPoolExecutor) -> None:
    """Stop the workers now, documents in flight included (they are not
    committed, so a resume processes them again)."""
    procs = list((getattr(pool, "_processes", None) or {}).values())  # no public API for this
    for proc in procs:
        proc.terminate()
    # Items still queued for the dead workers sit in a pipe nobody reads: the
    # queue's feeder thread would block on it forever and, joined at exit, hang
    # the process after the run was committed (seen under load after SIGINT).
    call_queue = getattr(pool, "_call_queue", None)
    if call_queue is not None:
        call_queue.cancel_join_thread()
    pool.shutdown(wait=False, cancel_futures=True)
    for proc in procs:
        proc.join(timeout=5)


def run_local(
    items: Iterable[WorkItem],
    model: str | None = None,
    limits: Limits | None = None,
    workers: int | None = None,
    window: int | None = None,
    task: Callable[..., ItemResult] = process_item,
    stop: Callable[[], bool] | None = None,
    tick: Callable[[], None] | None = None,
) -> Iterator[ItemResult]:
    """Process ``items`` on ``workers`` processes, yielding results as they finish.

    ``task(item, model, limits)`` is the per-document job (tests swap it).
    ``stop()`` turning true (a signal) ends the run: the workers are terminated
    and the generator returns. ``tick()`` is called every poll interval while
    documents run (the writer commits finished ones on time)."""
    limits = limits or Limits()
    workers = workers or default_workers()
    window = window or workers * 4
    source = iter(items)
    suspects: deque[WorkItem] = deque()  # in flight when a worker died
    pool = _pool(workers, model)
    pending: dict[Future, WorkItem] = {}
    try:
        while True:
            # Suspects run alone, so a crash while one runs names the culprit.
            isolating = bool(suspects) or _isolating(pending)
            while len(pending) < (1 if isolating else window):
                if suspects:
                    item = suspects.popleft()
                    fut = pool.submit(task, item, model, limits)
                    fut.suspect = True  # type: ignore[attr-defined]
                else:
                    item = next(source, None)
                    if item is None:
                        break
                    fut = pool.submit(task, item, model, limits)
                    fut.suspect = False  # type: ignore[attr-defined]
                pending[fut] = item
                if fut.suspect:  # type: ignore[attr-defined]
                    break
            if not pending:
                return
            # a timeout, so that a stop request is seen while documents run
            finished, _ = wait(pending, timeout=POLL_S, return_when=FIRST_COMPLETED)
            if stop is not None and stop():
                _terminate(pool)
                return
            if tick is not None:
                tick()
            broken: list[tuple[Future, WorkItem]] = []
            for fut in finished:
                item = pending.pop(fut)
                try:
                    result = fut.result()
                except BrokenProcessPool:
                    broken.append((fut, item))
                    continue
                except Exception as exc:  # noqa: BLE001 - e.g. a result that cannot be pickled
                    result = crashed_result(item, str(exc), type(exc).__name__)
                yield result
            if broken:
                # every future still pending is failing too; collect them all
                for fut, item in list(pending.items()):
                    broken.append((fut, item))
                pending.clear()
                pool.shutdown(wait=False, cancel_futures=True)
                pool = _pool(workers, model)
                for fut, item in broken:
                    if getattr(fut, "suspect", False):
                        yield crashed_result(
                            item, "the worker process died while processing this document"
                        )
                    else:
                        suspects.append(item)
    except GeneratorExit:  # the consumer stopped early: do not wait for the documents in flight
        _terminate(pool)
        raise
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _isolating(pending: dict[Future, WorkItem]) -> bool:
    return any(getattr(f, "suspect", False) for f in pending)
