"""Streaming, crash-safe output: one part file per table per batch of documents.

Layout of an output directory::

    OUT/documents/part-<run>-<n>.parquet     (or .jsonl with --format jsonl)
    OUT/facts/…  OUT/indicators/…  OUT/entities/…  OUT/flags/…  OUT/errors/…
    OUT/_manifest/part-<run>-<n>.json        the commit record of that part
    OUT/runs/<run>.parquet                   the run's row of the runs table (provenance)
    OUT/_runs/<run>.json                     summary of each run (duplicates, counts)

Writing a part:

1. every table's rows go to a hidden temporary file ``.part-….tmp`` in its folder;
2. the manifest (the part's document hashes and file names) is written to a
   temporary name and ``os.replace``-d into ``_manifest/`` — this is the commit;
3. the temporary table files are ``os.replace``-d to their final names.

A SIGKILL before step 2 leaves only hidden temporary files, which no reader
matches and the next run deletes: those documents are not done and are processed
again. A SIGKILL during step 3 leaves a committed manifest whose renames the next
open finishes (``recover``). So at any moment every visible row belongs to a
committed document, and a committed document is never processed again: no
corrupt and no duplicated rows.
"""

from __future__ import annotations

import json
import os
import time
import uuid
from collections.abc import Iterable, Iterator
from dataclasses import fields
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from pipeline.facts.indicators import indicator_rows
from pipeline.schema import OUTPUT_TABLES, RUNS_TABLE, SCHEMAS, TABLES

MANIFEST = "_manifest"
RUNS = "_runs"
# How the parts are stored: --format csv and xlsx store Parquet parts and
# export whole tables after each run (pipeline.batch.export).
FORMATS = ("parquet", "jsonl", "csv", "xlsx")
_STORED = {"jsonl": "jsonl"}
_TMP = ".tmp"


def stored_format(fmt: str) -> str:
    """The format the parts of an output written with ``--format fmt`` are in."""
    return _STORED.get(fmt, "parquet")


class OutputError(Exception):
    """The output directory cannot be used (e.g. written with another format)."""


def _columns(name: str) -> list[str]:
    return [f.name for f in fields(OUTPUT_TABLES[name])]


_COLUMNS = {name: _columns(name) for name in OUTPUT_TABLES}


def _as_dict(name: str, row) -> dict:
    return {c: getattr(row, c) for c in _COLUMNS[name]}


def _fsync_write(path: Path, data: bytes) -> None:
    with open(path, "wb") as fh:
        fh.write(data)
        fh.flush()
        os.fsync(fh.fileno())


def document_rows(result) -> dict[str, list[dict]]:
    """The rows of every table but errors for one ``DocumentResult``."""
    return {
        "documents": [_as_dict("documents", result.document)],
        "facts": [_as_dict("facts", x) for x in result.facts],
        "indicators": [_as_dict("indicators", x) for x in indicator_rows(result.facts)],
        "entities": [_as_dict("entities", x) for x in result.entities],
        "flags": [_as_dict("flags", x) for x in result.flags],
    }


def _write_table(path: Path, name: str, rows: list[dict], fmt: str) -> None:
    if fmt == "parquet":
        table = pa.Table.from_pylist(rows, schema=SCHEMAS[name])
        pq.write_table(table, path, compression="zstd")
        with open(path, "rb") as fh:
            os.fsync(fh.fileno())
    else:
        lines = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows)
        _fsync_write(path, lines.encode("utf-8"))


def _manifests(out: Path) -> list[Path]:
    d = out / MANIFEST
    return sorted(p for p in d.glob("part-*.json")) if d.is_dir() else []


def _load_manifest(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def recover(out: str | Path) -> None:
    """Finish the renames of committed parts and delete uncommitted leftovers."""
    out = Path(out)
    for mpath in _manifests(out):
        m = _load_manifest(mpath)
        for name, fname in m["files"].items():
            final = out / name / fname
            tmp = out / name / f".{fname}{_TMP}"
            if not final.exists() and tmp.exists():
                os.replace(tmp, final)
    committed = {
        (name, fname)
        for mp in _manifests(out)
        for name, fname in _load_manifest(mp)["files"].items()
    }
    for name in [*TABLES, MANIFEST]:
        d = out / name
        if not d.is_dir():
            continue
        for p in d.iterdir():
            if p.name.startswith(".") and p.name.endswith(_TMP):
                p.unlink(missing_ok=True)
            elif (
                name != MANIFEST and p.name.startswith("part-") and (name, p.name) not in committed
            ):
                p.unlink(missing_ok=True)  # defensive: a part file no manifest lists


# Manifest statuses of a document. "retry": failed for a reason that is not the
# document's (``worker.is_transient``): processed again on resume, and its error
# row is hidden once a later part holds the document again.
OK, FAILED, RETRY = "ok", "failed", "retry"
# Manifests from before version 2 record every failure as "failed"; their
# error rows say which were transient.
MANIFEST_VERSION = 2


def _statuses(out: Path, mpath: Path, manifest: dict) -> list[tuple[dict, str]]:
    """(document entry, status) of one manifest, old manifests reclassified."""
    docs = manifest["documents"]
    if manifest.get("version", 1) >= MANIFEST_VERSION or all(d["status"] == OK for d in docs):
        return [(d, d["status"]) for d in docs]
    from pipeline.batch.worker import is_transient
    from pipeline.schema import ErrorRow

    path = out / "errors" / manifest["files"]["errors"]
    transient = set()
    if path.exists():
        for r in _read_part(path, "errors").to_pylist():
            if is_transient(ErrorRow(**r)):
                transient.add((r["file"], r["doc_id"]))
    return [
        (
            d,
            RETRY
            if d["status"] == FAILED and (d["file"], d["doc_id"]) in transient
            else d["status"],
        )
        for d in docs
    ]


def _history(out: Path) -> list[tuple[str, dict, str]]:
    """(errors file name, entry, status) of every committed document, oldest first."""
    rows = []
    for mpath in _manifests(out):
        m = _load_manifest(mpath)
        rows.extend((m["files"]["errors"], d, st) for d, st in _statuses(out, mpath, m))
    return rows


def _final(statuses: set[str]) -> str:
    """A document's status over all its attempts: done once any attempt ended
    "ok" (or else "failed"), whatever the order parts sort in; "retry" only when
    every attempt failed transiently."""
    for status in (OK, FAILED):
        if status in statuses:
            return status
    return RETRY


def _attempts(history: list[tuple[str, dict, str]]) -> dict[str, set[str]]:
    attempts: dict[str, set[str]] = {}
    for _, d, status in history:
        attempts.setdefault(d["hash"], set()).add(status)
    return attempts


def done_hashes(out: str | Path) -> dict[str, str]:
    """content hash → "ok" | "failed" for every document of ``out`` that is done;
    a document whose every attempt failed transiently ("retry") is not done."""
    finals = {h: _final(st) for h, st in _attempts(_history(Path(out))).items()}
    return {h: st for h, st in finals.items() if st != RETRY}


def retry_hashes(out: str | Path) -> set[str]:
    """Hashes of the documents of ``out`` whose every attempt failed transiently."""
    attempts = _attempts(_history(Path(out)))
    return {h for h, st in attempts.items() if _final(st) == RETRY}


def superseded_errors(out: str | Path) -> dict[str, set[tuple[str, str | None]]]:
    """errors file name → (file, doc_id) of its rows that another attempt replaced:
    transient failures of a document that is done, and all but the last
    transient failure of one that is not."""
    history = _history(Path(out))
    finals = {h: _final(st) for h, st in _attempts(history).items()}
    last_index = {d["hash"]: i for i, (_, d, _) in enumerate(history)}
    stale: dict[str, set[tuple[str, str | None]]] = {}
    for i, (fname, d, status) in enumerate(history):
        if status == RETRY and (finals[d["hash"]] != RETRY or last_index[d["hash"]] > i):
            stale.setdefault(fname, set()).add((d["file"], d["doc_id"]))
    return stale


def output_format(out: str | Path) -> str | None:
    """The format an existing output was written in, or None for a new one."""
    for mpath in _manifests(Path(out)):
        return _load_manifest(mpath).get("format", "parquet")
    return None


def committed_files(out: str | Path, name: str) -> list[Path]:
    out = Path(out)
    files = []
    for mpath in _manifests(out):
        fname = _load_manifest(mpath)["files"].get(name)
        if fname and (out / name / fname).exists():
            files.append(out / name / fname)
    return files


def run_files(out: str | Path) -> list[Path]:
    """The files of the runs table, one per run, oldest first."""
    d = Path(out) / RUNS_TABLE
    if not d.is_dir():
        return []
    return sorted(p for p in d.iterdir() if p.suffix in (".parquet", ".jsonl"))


def write_run_row(out: str | Path, row: dict, fmt: str) -> Path:
    """Write (or replace) one run's row of the runs table, atomically."""
    d = Path(out) / RUNS_TABLE
    d.mkdir(parents=True, exist_ok=True)
    stored = stored_format(fmt)
    path = d / f"{row['run_id']}.{stored}"
    tmp = d / f".{path.name}{_TMP}"
    _write_table(tmp, RUNS_TABLE, [row], stored)
    os.replace(tmp, path)
    return path


def read_table(out: str | Path, name: str) -> pa.Table:
    """One output table, from the committed parts only (the runs table: every
    run's row), with the schema of pipeline.schema."""
    schema = SCHEMAS[name]
    if name == RUNS_TABLE:
        parts = [_read_part(p, name) for p in run_files(out)]
        return pa.concat_tables(parts) if parts else schema.empty_table()
    stale = superseded_errors(out) if name == "errors" else {}
    parts = []
    for path in committed_files(out, name):
        table = _read_part(path, name)
        if path.name in stale:
            keep = [
                (f, d) not in stale[path.name]
                for f, d in zip(
                    table.column("file").to_pylist(),
                    table.column("doc_id").to_pylist(),
                    strict=True,
                )
            ]
            table = table.filter(pa.array(keep, type=pa.bool_()))
        parts.append(table)
    if not parts:
        return schema.empty_table()
    return pa.concat_tables(parts)


def table_parts(out: str | Path, name: str) -> Iterator[pa.Table]:
    """One output table piece by piece (a committed part at a time, so memory
    stays flat); errors and runs whole, as ``read_table`` gives them."""
    if name in ("errors", RUNS_TABLE):
        yield read_table(out, name)
        return
    for path in committed_files(out, name):
        yield _read_part(path, name)


def _read_part(path: Path, name: str) -> pa.Table:
    schema = SCHEMAS[name]
    if path.suffix == ".parquet":
        return pq.read_table(path, schema=schema)
    with open(path, encoding="utf-8") as fh:
        rows = [json.loads(line) for line in fh if line.strip()]
    return pa.Table.from_pylist(rows, schema=schema)


def read_output(out: str | Path) -> dict:
    """Every table (documents, facts, indicators, entities, flags, errors, runs)
    as pandas DataFrames."""
    return {name: read_table(out, name).to_pandas() for name in OUTPUT_TABLES}


def _status(error) -> str:
    from pipeline.batch.worker import is_transient

    if error is None:
        return OK
    return RETRY if is_transient(error) else FAILED


class PartWriter:
    """Buffers results and commits them as parts (every ``part_docs`` documents
    or ``part_seconds`` seconds, whichever comes first)."""

    def __init__(
        self,
        out: str | Path,
        fmt: str = "parquet",
        part_docs: int = 256,
        part_seconds: float = 30.0,
    ) -> None:
        if fmt not in FORMATS:
            raise OutputError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
        self.out = Path(out)
        fmt = stored_format(fmt)
        self.fmt = fmt
        self.part_docs = max(1, part_docs)
        self.part_seconds = part_seconds
        self.out.mkdir(parents=True, exist_ok=True)
        existing = output_format(self.out)
        if existing is not None and existing != fmt:
            raise OutputError(
                f"{self.out} holds {existing} output; resume it with --format {existing} "
                "or write to another --out"
            )
        recover(self.out)
        for name in [*TABLES, MANIFEST, RUNS]:
            (self.out / name).mkdir(exist_ok=True)
        self.run_id = time.strftime("%Y%m%d%H%M%S") + "-" + uuid.uuid4().hex[:6]
        self._seq = 0
        self._rows: dict[str, list[dict]] = {name: [] for name in TABLES}
        self._docs: list[dict] = []
        self._since = time.monotonic()
        self.parts_written = 0

    def add(self, item) -> None:
        """Buffer one ``worker.ItemResult``; commits a part when one is full."""
        if not self._docs:
            self._since = time.monotonic()  # the part's clock starts with its first document
        if item.error is None:
            for name, rows in document_rows(item.result).items():
                self._rows[name].extend(rows)
        else:
            self._rows["errors"].append(_as_dict("errors", item.error))
        self._docs.append(
            {
                "hash": item.content_hash,
                "doc_id": item.doc_id,
                "file": item.path,
                "status": _status(item.error),
            }
        )
        if len(self._docs) >= self.part_docs:
            self.flush()
        else:
            self.flush_if_due()

    def flush_if_due(self) -> None:
        """Commit the buffered documents when the oldest waited ``part_seconds``:
        called on every result and, while documents run, every poll interval,
        so a kill loses at most that much finished work."""
        if self._docs and time.monotonic() - self._since >= self.part_seconds:
            self.flush()

    def flush(self) -> None:
        if not self._docs:
            return
        part = f"part-{self.run_id}-{self._seq:05d}"
        ext = "parquet" if self.fmt == "parquet" else "jsonl"
        files = {name: f"{part}.{ext}" for name in TABLES}
        # 1. hidden temporary table files
        for name, fname in files.items():
            _write_table(self.out / name / f".{fname}{_TMP}", name, self._rows[name], self.fmt)
        # 2. commit: the manifest, atomically
        manifest = {
            "part": part,
            "version": MANIFEST_VERSION,
            "format": self.fmt,
            "files": files,
            "documents": self._docs,
            "rows": {name: len(rows) for name, rows in self._rows.items()},
            "written": time.strftime("%Y-%m-%dT%H:%M:%S"),
        }
        mtmp = self.out / MANIFEST / f".{part}.json{_TMP}"
        _fsync_write(mtmp, json.dumps(manifest, ensure_ascii=False, indent=1).encode("utf-8"))
        os.replace(mtmp, self.out / MANIFEST / f"{part}.json")
        # 3. publish the table files
        for name, fname in files.items():
            os.replace(self.out / name / f".{fname}{_TMP}", self.out / name / fname)
        self._seq += 1
        self.parts_written += 1
        self._rows = {name: [] for name in TABLES}
        self._docs = []
        self._since = time.monotonic()

    def write_run_summary(self, summary: dict) -> Path:
        path = self.out / RUNS / f"{self.run_id}.json"
        tmp = path.with_name(f".{path.name}{_TMP}")
        tmp.write_text(json.dumps(summary, ensure_ascii=False, indent=1), encoding="utf-8")
        os.replace(tmp, path)
        return path


def table_names() -> Iterable[str]:
    return TABLES.keys()
