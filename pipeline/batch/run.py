"""One batch run: plan → local pool or Dask → part writer → summary."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path

from pipeline.batch.lifeline import StopSignals, exit_status
from pipeline.batch.plan import Plan, make_plan
from pipeline.batch.provenance import (
    RunRecord,
    RunSettings,
    check_settings,
    move_previous,
    run_settings,
)
from pipeline.batch.validate import (
    UsageError,
    check_dask,
    check_duckdb,
    check_model,
    check_numbers,
    check_out,
)
from pipeline.batch.worker import ItemResult, Limits
from pipeline.batch.writer import PartWriter, done_hashes, retry_hashes
from pipeline.ingest.discover import discover
from pipeline.schema import ErrorRow

MAX_ERRORS_KEPT = 50  # in the summary; the errors table has them all
# A part is committed at least this often: a kill loses at most this much work.
PART_SECONDS = 30.0


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
    retried: int = 0  # processed again: their earlier failure was not their fault
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
    export: str | None = None  # the CSV folder or XLSX file of --format csv / xlsx
    interrupted: int | None = None  # the signal (SIGTERM, SIGINT) that stopped the run early

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
        """128 + signal when a signal stopped the run (130 Ctrl-C, 143 SIGTERM);
        else 3 when any input document has an error row (this run or an earlier one)."""
        if self.interrupted is not None:
            return exit_status(self.interrupted)
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


def check_run(
    out: str | Path,
    *,
    model: str | Path | None = None,
    workers: int | None = None,
    dask: object | None = None,
    fmt: str = "parquet",
    limits: Limits | None = None,
    part_docs: int = 256,
    duckdb: str | Path | None = None,
    new_run: bool = False,
) -> RunSettings:
    """Every option of a run, checked; raises ``validate.UsageError`` (one line),
    also for an ``out`` written with other settings unless ``new_run``
    (``provenance.check_settings``). Returns the run's settings."""
    limits = limits or Limits()
    check_numbers(
        workers=workers, max_chars=limits.max_chars, part_docs=part_docs, timeout_s=limits.timeout_s
    )
    check_out(out, fmt, new_run)
    check_duckdb(duckdb)
    check_dask(dask)
    check_model(model)
    settings = run_settings(model, limits.composition)
    check_settings(out, settings, new_run)
    return settings


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
    part_seconds: float = PART_SECONDS,
    on_plan: Callable[[Plan], None] | None = None,
    on_result: Callable[[ItemResult], None] | None = None,
    paths: list[Path] | None = None,
    new_run: bool = False,
) -> BatchSummary:
    """Extract every input document into the tables under ``out``; resumable.

    Every option is checked before anything is written or any worker starts:
    ``validate.UsageError`` for an option that cannot work (including inputs
    that hold no report file, and an ``out`` written with other settings unless
    ``new_run``, which moves that output to ``out/_previous/``),
    FileNotFoundError when an input matches nothing.
    """
    from pipeline.batch.local import default_workers

    limits = limits or Limits()
    t0 = time.perf_counter()
    settings = check_run(
        out,
        model=model,
        workers=workers,
        dask=dask,
        fmt=fmt,
        limits=limits,
        part_docs=part_docs,
        new_run=new_run,
    )
    files = paths if paths is not None else discover(inputs)
    if not files:
        raise UsageError("no .txt/.docx/.pdf/.html files found in the inputs")
    if new_run:
        move_previous(out)
    try:
        writer = PartWriter(out, fmt=fmt, part_docs=part_docs, part_seconds=part_seconds)
    except OSError as exc:  # e.g. a folder the checks could not foresee (root, /proc)
        raise UsageError(f"--out {out}: cannot write: {exc.strerror or exc}") from None
    plan = make_plan(inputs, done_hashes(out), paths=files, retry=retry_hashes(out))
    summary = _new_summary(out, fmt, dask, workers or default_workers(), plan)
    record = RunRecord(out, writer.run_id, fmt, settings)
    record.start(plan, limits, summary)
    if on_plan is not None:
        on_plan(plan)
    with StopSignals() as stop:
        _consume(
            plan,
            writer,
            summary,
            stop,
            dask=dask,
            model=_model_arg(model),
            limits=limits,
            workers=summary.workers,
            on_result=on_result,
        )
        writer.flush()  # inside: a signal now only sets the flag, the commit completes
    summary.interrupted = stop.signum
    summary.parts = writer.parts_written
    summary.seconds = time.perf_counter() - t0
    if dask is not None:
        summary.workers = len(summary.worker_peak_rss) or summary.workers
    record.finish(summary)
    writer.write_run_summary(summary.to_dict())
    summary.export = _export(out, fmt)
    return summary


def _new_summary(out: str | Path, fmt: str, dask: object | None, workers: int, plan: Plan):
    return BatchSummary(
        out=str(out),
        format=fmt,
        backend="dask" if dask is not None else "local",
        workers=workers,
        inputs=len(plan.items) + len(plan.duplicates) + plan.already_done,
        duplicates=len(plan.duplicates),
        already_done=plan.already_done,
        already_failed=plan.already_failed,
        retried=plan.retrying,
        to_process=len(plan.items),
        duplicate_files=plan.duplicates,
    )


def _export(out: str | Path, fmt: str) -> str | None:
    """The CSV / XLSX export of the whole output (``export.export_tables``)."""
    from pipeline.batch.export import export_tables

    path = export_tables(out, fmt)
    return None if path is None else str(path)


def _consume(
    plan: Plan,
    writer: PartWriter,
    summary: BatchSummary,
    stop: StopSignals,
    *,
    dask: object | None,
    model: str | None,
    limits: Limits,
    workers: int,
    on_result: Callable[[ItemResult], None] | None,
) -> None:
    """Run the plan's documents and feed the results to ``writer`` and ``summary``
    until done or until ``stop`` (a signal) — finished documents are kept."""
    from pipeline.batch.local import run_local

    if not plan.items:
        return
    if dask is not None:
        from pipeline.batch.dask import run_dask

        results: Iterator[ItemResult] = run_dask(plan.items, dask, model=model, limits=limits)
    else:
        results = run_local(
            plan.items,
            model=model,
            limits=limits,
            workers=workers,
            stop=lambda: bool(stop),
            tick=writer.flush_if_due,
        )
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
        if stop:
            results.close()  # ends the backend: workers stopped, nothing more submitted
            return
