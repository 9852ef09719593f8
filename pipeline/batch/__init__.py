"""Batch extraction over large corpora (docs/batch.md).

For notebooks::

    from pipeline.batch import extract_to_frames, extract_folder, read_output

    frames = extract_to_frames(["corpus/sample"])          # in this process
    frames["indicators"].head()                            # target against actual

    summary = extract_folder(["reports/"], "out/", workers=4)  # parallel, resumable
    frames = read_output("out/")

The command ``perf-facts extract INPUT… --out DIR`` is a shell over
``extract_folder``.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from pipeline.batch.export import read_export
from pipeline.batch.plan import WorkItem, make_plan
from pipeline.batch.run import BatchSummary, run_batch
from pipeline.batch.worker import (
    DEFAULT_MAX_BYTES,
    DEFAULT_MAX_CHARS,
    Limits,
    process_item,
    set_pipeline,
)
from pipeline.batch.writer import read_output, read_table
from pipeline.schema import SCHEMAS, TABLES

__all__ = [
    "DEFAULT_MAX_BYTES",
    "DEFAULT_MAX_CHARS",
    "BatchSummary",
    "Limits",
    "extract_folder",
    "extract_to_frames",
    "read_export",
    "read_output",
    "read_table",
]


def extract_to_frames(
    paths: Iterable[str | Path],
    nlp=None,
    *,
    model: str | Path | None = None,
    limits: Limits | None = None,
    workers: int = 1,
    progress: bool = False,
) -> dict:
    """Extract ``paths`` (files, folders, globs); no output files.

    Returns the tables as pandas DataFrames: documents, facts, indicators,
    entities, flags, errors. ``nlp``: an already loaded pipeline, used in this
    process (else ``model`` is loaded, see ``pipeline.loading.load_pipeline``).
    ``workers`` > 1: that many worker processes, each loading ``model`` (a
    loaded ``nlp`` cannot be sent to them: ValueError). ``progress``: a line on
    stderr every tenth of the documents, with the rate and the time left.
    Duplicate files are processed once.
    """
    import pyarrow as pa

    from pipeline.batch.progress import ProgressLines
    from pipeline.batch.writer import _as_dict, document_rows

    if workers > 1 and nlp is not None:
        raise ValueError("give model=, not nlp=, with workers > 1: each worker loads its own")
    limits = limits or Limits()
    key = None if model is None else str(model)
    if nlp is not None:
        set_pipeline(nlp, key)
    rows: dict[str, list[dict]] = {name: [] for name in TABLES}
    plan = make_plan(paths)
    lines = ProgressLines(len(plan.items)) if progress else None
    for res in _results(plan.items, key, limits, workers):
        if lines is not None:
            lines.update(res.chars, res.error is not None)
        if res.error is not None:
            rows["errors"].append(_as_dict("errors", res.error))
            continue
        for name, table_rows in document_rows(res.result).items():
            rows[name].extend(table_rows)
    return {
        name: pa.Table.from_pylist(rows[name], schema=SCHEMAS[name]).to_pandas() for name in TABLES
    }


def _results(items: list[WorkItem], model: str | None, limits: Limits, workers: int):
    """Each item's result, in this process or on ``workers`` processes."""
    if workers <= 1:
        return (process_item(item, model, limits) for item in items)
    from pipeline.batch.local import run_local

    return run_local(items, model=model, limits=limits, workers=workers)


def extract_folder(
    inputs: Iterable[str | Path] | str | Path,
    out: str | Path,
    *,
    workers: int | None = None,
    model: str | Path | None = None,
    dask: object | None = None,
    fmt: str = "parquet",
    duckdb: str | Path | None = None,
    limits: Limits | None = None,
    part_docs: int = 256,
    new_run: bool = False,
) -> BatchSummary:
    """Extract ``inputs`` into tables under ``out`` with ``workers`` processes (or the
    Dask cluster ``dask``: an address, ``"local:N"``, or a Client); resumable —
    documents already in ``out`` are skipped. ``duckdb``: also build that database.
    ``fmt``: parquet, jsonl, csv or xlsx (Parquet parts plus the export).

    An ``out`` written with another model or composition is refused
    (``validate.UsageError``) unless ``new_run``, which moves that output to
    ``out/_previous/`` and starts afresh."""
    from pipeline.batch.validate import check_duckdb

    limits = limits or Limits()
    if isinstance(inputs, str | Path):
        inputs = [inputs]
    check_duckdb(duckdb)
    summary = run_batch(
        list(inputs),
        out,
        model=model,
        workers=workers,
        dask=dask,
        fmt=fmt,
        limits=limits,
        part_docs=part_docs,
        new_run=new_run,
    )
    if duckdb is not None:
        from pipeline.batch.duckdb_out import build_duckdb

        build_duckdb(out, duckdb)
        summary.duckdb = str(duckdb)
    return summary
