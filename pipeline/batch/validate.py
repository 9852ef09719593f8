"""Checks of a batch run's options, done before any worker starts.

A mistyped option must not turn every document into an error row (a model
path that does not load made every worker die, and the failures were committed
as if they were the documents'). Each check raises ``UsageError`` with one line
that names the option; the command prints it and exits 2.
"""

from __future__ import annotations

import os
import socket
from pathlib import Path
from urllib.parse import urlparse

from pipeline.batch.writer import FORMATS, output_format, stored_format


class UsageError(ValueError):
    """An option of the run cannot work; the message is one line naming it."""


def check_model(model: str | Path | None) -> None:
    """``model`` is 'rules', a directory that loads as a spaCy pipeline, or None
    with the shipped models installed (pipeline.shipped)."""
    if model is None:
        from pipeline.shipped import SHIPPED_MODELS, ModelNotFoundError, require_model

        try:
            for name in SHIPPED_MODELS:
                require_model(name)
        except ModelNotFoundError as exc:
            raise UsageError(f"--model not given and {exc}") from None
        return
    if str(model) == "rules":
        return
    path = Path(model)
    if not path.exists():
        raise UsageError(f"--model {model}: no such directory (a spaCy pipeline or 'rules')")
    if not (path / "config.cfg").is_file():
        raise UsageError(f"--model {model}: not a spaCy pipeline (no config.cfg)")
    from pipeline.loading import load_pipeline

    try:
        load_pipeline(path)
    except Exception as exc:  # noqa: BLE001 - whatever spaCy raises, the model is unusable
        first = (str(exc).strip().splitlines() or [type(exc).__name__])[0]
        raise UsageError(f"--model {model}: does not load: {type(exc).__name__}: {first}") from None


def check_numbers(
    *,
    workers: int | None = None,
    max_chars: int = 0,
    part_docs: int = 1,
    timeout_s: float = 0.0,
) -> None:
    if workers is not None and workers < 1:
        raise UsageError(f"--workers {workers}: must be 1 or more")
    if max_chars < 0:
        raise UsageError(f"--max-chars {max_chars}: must be 0 (no limit) or more")
    if part_docs < 1:
        raise UsageError(f"--part-docs {part_docs}: must be 1 or more")
    if timeout_s < 0:
        raise UsageError(f"--timeout {timeout_s:g}: must be 0 (no limit) or more")


def _writable_dir(path: Path) -> bool:
    return os.access(path, os.W_OK | os.X_OK)


def _nearest_existing(path: Path) -> Path:
    path = path.absolute()
    while not path.exists() and path != path.parent:
        path = path.parent
    return path


def check_out(out: str | Path, fmt: str, new_run: bool = False) -> None:
    """``out`` is (or can become) a writable folder of format ``fmt`` (any format
    with ``new_run``: the output there moves aside)."""
    if fmt not in FORMATS:
        raise UsageError(f"--format {fmt}: must be one of {', '.join(FORMATS)}")
    out = Path(out)
    if out.exists() and not out.is_dir():
        raise UsageError(f"--out {out}: exists and is not a folder")
    base = _nearest_existing(out)
    if not base.is_dir() or not _writable_dir(base):
        raise UsageError(f"--out {out}: cannot write in {base}")
    existing = output_format(out) if out.is_dir() and not new_run else None
    if existing is not None and existing != stored_format(fmt):
        raise UsageError(
            f"--out {out}: holds {existing} output; resume it with --format {existing} "
            "or write to another --out"
        )


def check_duckdb(db_file: str | Path | None) -> None:
    if db_file is None:
        return
    db_file = Path(db_file)
    if db_file.is_dir():
        raise UsageError(f"--duckdb {db_file}: is a folder (name a database file)")
    base = _nearest_existing(db_file.parent)
    if not base.is_dir() or not _writable_dir(base):
        raise UsageError(f"--duckdb {db_file}: cannot write in {base}")


def check_dask(address: object | None, timeout_s: float = 5.0) -> None:
    """A string address must be reachable now (not after the run has started)."""
    if address is None or not isinstance(address, str):
        return
    if address == "local" or address.startswith("local:"):
        n = address.split(":", 1)[1] if ":" in address else "1"
        if not n.isdigit() or int(n) < 1:
            raise UsageError(f"--dask {address}: local:N needs N of 1 or more")
        return
    if address.endswith(".json"):
        if not Path(address).is_file():
            raise UsageError(f"--dask {address}: no such scheduler file")
        return
    url = urlparse(address if "://" in address else f"tcp://{address}")
    try:
        host, port = url.hostname, url.port
    except ValueError:
        host, port = None, None
    if not host or not port:
        raise UsageError(
            f"--dask {address}: not an address (tcp://host:port, a .json file, local:N)"
        )
    try:
        with socket.create_connection((host, port), timeout=timeout_s):
            pass
    except OSError as exc:
        raise UsageError(f"--dask {address}: cannot connect ({exc.strerror or exc})") from None
