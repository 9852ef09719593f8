"""One batch run: plan → local pool or Dask → part writer → summary."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field
from pathlib import Path

from pipeline.batch.plan import Plan, make_plan
from pipeline.batch.worker import ItemResult, Limits
from pipeline.batch.writer import PartWriter, done_hashes
from pipeline.schema import ErrorRow

MAX_ERRORS_KEPT = 50  # in the summary; the errors table has them all


@dataclass(slots=True)
class BatchSummary:
    out: str
    format: str
    backend: str  # "local" or "dask"
    workers: int
    inputs: int = 0  # files discovered
    duplicates: int = 0  # same bytes as another input: processed once
    already_done: int = 0  # skipped: in the output's manifest from an earlier run
    already_failed: int = 0  # of those, failed in the earlier run (rows in errors)
    to_process: int = 0
    ok: int = 0
    failed: int = 0
    chars: int = 0
    entities: int = 0
    facts: int = 0
    flags: int = 0
    seconds: float = 0.0
    parts: int = 0
    worker_peak_rss: dict[int, int] = field(default_factory=dict)  # pid → bytes
    errors: list[ErrorRow] = field(default_factory=list)
    duplicate_files: list[tuple[str, str]] = field(default_factory=list)
    duckdb: str | None = None

    @property
    def processed(self) -> int:
        return self.ok + self.failed

    @property
    def docs_per_s(self) -> float:
        return self.processed / self.seconds if self.seconds else 0.0

    @property
    def chars_per_s(self) -> float:
        return self.chars / self.seconds if self.seconds else 0.0

    @property
    def exit_code(self) -> int:
        """3 when any input document has an error row (this run or an earlier one)."""
        return 3 if self.failed or self.already_failed else 0

    def to_dict(self) -> dict:
        d = asdict(self)
        d["errors"] = [asdict(e) for e in self.errors]
        d["worker_peak_rss"] = {str(k): v for k, v in self.worker_peak_rss.items()}
        d.update(
            processed=self.processed,
            docs_per_s=round(self.docs_per_s, 2),
            chars_per_s=round(self.chars_per_s, 1),
            exit_code=self.exit_code,
        )
        return d


def _model_arg(model: str | Path | None) -> str | None:
    """Paths are made absolute so workers elsewhere (Dask) resolve the same model."""
    if model is None or str(model) == "rules":
        return None if model is None else "rules"
    return str(Path(model).resolve())


def run_batch(
    inputs: Iterable[str | Path],
    out: str | Path,
    *,
    model: str | Path | None = None,
    workers: int | None = None,
    dask: object | None = None,
    fmt: str = "parquet",
    limits: Limits | None = None,
    part_docs: int = 256,
    part_seconds: float = 60.0,
    on_plan: Callable[[Plan], None] | None = None,
    on_result: Callable[[ItemResult], None] | None = None,
    paths: list[Path] | None = None,
) -> BatchSummary:
    """Extract every input document into the tables under ``out``; resumable.

    Raises FileNotFoundError when an input matches nothing.
    """
    from pipeline.batch.local import default_workers, run_local

    limits = limits or Limits()
    t0 = time.perf_counter()
    writer = PartWriter(out, fmt=fmt, part_docs=part_docs, part_seconds=part_seconds)
    plan = make_plan(inputs, done_hashes(out), paths=paths)
    model_arg = _model_arg(model)
    nworkers = workers or default_workers()
    summary = BatchSummary(
        out=str(out),
        format=fmt,
        backend="dask" if dask is not None else "local",
        workers=nworkers,
        inputs=len(plan.items) + len(plan.duplicates) + plan.already_done,
        duplicates=len(plan.duplicates),
        already_done=plan.already_done,
        already_failed=plan.already_failed,
        to_process=len(plan.items),
        duplicate_files=plan.duplicates,
    )
    if on_plan is not None:
        on_plan(plan)
    if not plan.items:
        results: Iterable[ItemResult] = ()
    elif dask is not None:
        from pipeline.batch.dask import run_dask

        results = run_dask(plan.items, dask, model=model_arg, limits=limits)
    else:
        results = run_local(plan.items, model=model_arg, limits=limits, workers=nworkers)
    for res in results:
        writer.add(res)
        summary.chars += res.chars
        if res.pid:
            summary.worker_peak_rss[res.pid] = max(
                res.max_rss, summary.worker_peak_rss.get(res.pid, 0)
            )
        if res.error is None:
            summary.ok += 1
            summary.entities += len(res.result.entities)
            summary.facts += len(res.result.facts)
            summary.flags += len(res.result.flags)
        else:
            summary.failed += 1
            if len(summary.errors) < MAX_ERRORS_KEPT:
                summary.errors.append(res.error)
        if on_result is not None:
            on_result(res)
    writer.flush()
    summary.parts = writer.parts_written
    summary.seconds = time.perf_counter() - t0
    if dask is not None:
        summary.workers = len(summary.worker_peak_rss) or summary.workers
    writer.write_run_summary(summary.to_dict())
    return summary
