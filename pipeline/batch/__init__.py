"""Batch extraction over large corpora (docs/batch.md).

For notebooks::

    from pipeline.batch import extract_to_frames, extract_folder, read_output

    frames = extract_to_frames(["corpus/sample"])          # in this process
    frames["facts"].head()

    summary = extract_folder(["reports/"], "out/", workers=4)  # parallel, resumable
    frames = read_output("out/")

The command ``perf-facts extract INPUT… --out DIR`` is a shell over
``extract_folder``.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

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
    "read_output",
    "read_table",
]


def extract_to_frames(
    paths: Iterable[str | Path],
    nlp=None,
    *,
    model: str | Path | None = None,
    limits: Limits | None = None,
) -> dict:
    """Extract ``paths`` (files, folders, globs) in this process; no output files.

    Returns the five tables as pandas DataFrames: documents, facts, entities,
    flags, errors. ``nlp``: an already loaded pipeline (else ``model`` is loaded,
    see ``pipeline.loading.load_pipeline``). Duplicate files are processed once.
    """
    import pyarrow as pa

    from pipeline.batch.writer import _as_dict

    limits = limits or Limits()
    key = None if model is None else str(model)
    if nlp is not None:
        set_pipeline(nlp, key)
    rows: dict[str, list[dict]] = {name: [] for name in TABLES}
    plan = make_plan(paths)
    item: WorkItem
    for item in plan.items:
        res = process_item(item, key, limits)
        if res.error is not None:
            rows["errors"].append(_as_dict("errors", res.error))
            continue
        r = res.result
        rows["documents"].append(_as_dict("documents", r.document))
        for name, xs in (("facts", r.facts), ("entities", r.entities), ("flags", r.flags)):
            rows[name].extend(_as_dict(name, x) for x in xs)
    return {
        name: pa.Table.from_pylist(rows[name], schema=SCHEMAS[name]).to_pandas() for name in TABLES
    }


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
) -> BatchSummary:
    """Extract ``inputs`` into tables under ``out`` with ``workers`` processes (or the
    Dask cluster ``dask``: an address, ``"local:N"``, or a Client); resumable —
    documents already in ``out`` are skipped. ``duckdb``: also build that database."""
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
    )
    if duckdb is not None:
        from pipeline.batch.duckdb_out import build_duckdb

        build_duckdb(out, duckdb)
        summary.duckdb = str(duckdb)
    return summary
