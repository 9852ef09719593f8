"""The per-document job, run in worker processes (local pool or Dask workers).

The tagging pipeline is loaded once per process: by ``init_worker`` (the pool
initializer), by the Dask ``ModelPlugin``, or on first use by ``get_pipeline``.
Loading it builds the project tokenizer, which loads the jieba user dictionary
(``pipeline/resources/domain_dict.txt``) in that process — the dictionary is
not part of spaCy's serialisation, so every worker must do this itself.

Every failure of one document becomes an ``ErrorRow`` with the stage it failed
in (``read``, ``tag``, ``assemble``) and the batch goes on.
"""

from __future__ import annotations

import os
import resource
import signal
import sys
import threading
import time
import traceback
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from pipeline.batch.plan import UNREADABLE, WorkItem, doc_id_for
from pipeline.bounds import bound_result
from pipeline.schema import ErrorRow
from pipeline.settings import CompositionSettings

# Documents larger than this many characters become an error row "too large"
# instead of being tagged: a 50 MB text file would take many minutes and
# gigabytes of memory in one worker. Real reports are 5k–100k characters.
DEFAULT_MAX_CHARS = 2_000_000
# Files larger than this are not even read (a PDF of scanned pages can be huge).
DEFAULT_MAX_BYTES = 256 * 1024 * 1024

# A document still running after this many seconds becomes an error row
# ``DocumentTimeout`` (retried on resume): a hang must not hold a worker forever.
# Real reports take well under a second a worker.
DEFAULT_TIMEOUT_S = 600.0

_TXT = frozenset({".txt", ".text"})
_PIPELINES: dict[str, object] = {}


@dataclass(frozen=True, slots=True)
class Limits:
    """What every document's job is given: size caps, and the composition
    settings of the fact assembler (``pipeline.facts.process_document``)."""

    max_chars: int = DEFAULT_MAX_CHARS  # 0: no limit
    max_bytes: int = DEFAULT_MAX_BYTES  # 0: no limit
    composition: CompositionSettings = field(
        default_factory=CompositionSettings
    )  # None: the pipeline's
    timeout_s: float = DEFAULT_TIMEOUT_S  # per document, reading to assembly; 0: none


@dataclass(slots=True)
class ItemResult:
    """What a worker sends back for one document."""

    path: str
    content_hash: str
    doc_id: str | None
    chars: int
    result: object | None  # pipeline.facts.DocumentResult when ok
    error: ErrorRow | None
    seconds: float
    pid: int
    max_rss: int  # peak resident set size of the worker process so far, bytes

    @property
    def ok(self) -> bool:
        return self.error is None


class TooLargeError(Exception):
    """The document exceeds the per-document size limit."""


class DocumentTimeout(TimeoutError):
    """The document took longer than ``Limits.timeout_s``."""


class ModelLoadError(Exception):
    """The tagging pipeline could not be loaded (a path that is no spaCy pipeline)."""


# Failures that are not a property of the document: the worker died, the model
# could not be loaded, memory ran out, the time limit struck. Such a document is
# processed again on resume; any other failure (corrupt, encrypted, undecodable,
# too large, a tagging bug on this text) stays failed.
TRANSIENT_STAGES = frozenset({"worker"})
TRANSIENT_TYPES = frozenset(
    {"DocumentTimeout", "MemoryError", "ModelLoadError", "BrokenProcessPool", "KilledWorker"}
)


def is_transient(error: ErrorRow) -> bool:
    """True when ``error`` is no fault of the document (see TRANSIENT_TYPES)."""
    return error.stage in TRANSIENT_STAGES or error.error_type in TRANSIENT_TYPES


def _key(model: str | None) -> str:
    return "" if model is None else str(model)


def get_pipeline(model: str | None = None):
    """The process's pipeline for ``model``, loaded on first use and cached."""
    key = _key(model)
    nlp = _PIPELINES.get(key)
    if nlp is None:
        from pipeline.loading import load_pipeline

        try:
            nlp = load_pipeline(model)
        except Exception as exc:
            raise ModelLoadError(f"cannot load model {model}: {type(exc).__name__}: {exc}") from exc
        _PIPELINES[key] = nlp
    return nlp


def set_pipeline(nlp, model: str | None = None) -> None:
    """Use an already loaded pipeline (the in-process Python API)."""
    _PIPELINES[_key(model)] = nlp


def init_worker(model: str | None = None, parent_pid: int | None = None) -> None:
    """Pool initializer: exit with the parent (``lifeline.watch_parent``), then
    load the model once, before the first document."""
    if parent_pid is not None:
        from pipeline.batch.lifeline import watch_parent

        watch_parent(parent_pid)
    get_pipeline(model)


def peak_rss() -> int:
    """Peak resident set size of this process, bytes.

    On Linux VmHWM of this process image: ``ru_maxrss`` would carry over the
    RSS of the parent that forked it before ``exec`` (spawned workers, Dask)."""
    try:
        with open("/proc/self/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return rss if sys.platform == "darwin" else rss * 1024  # Linux reports KiB


def _failed_stage(exc: BaseException) -> str:
    """'tag' when the exception came out of the tagging pipeline, else 'assemble'."""
    for frame, _ in traceback.walk_tb(exc.__traceback__):
        name = frame.f_code.co_filename.replace("\\", "/")
        if name.endswith("pipeline/tagging.py") or "/spacy/" in name or "/thinc/" in name:
            return "tag"
        if "/pipeline/tokenize/" in name or "/pipeline/quantities/" in name:
            return "tag"
    return "assemble"


def _message(exc: BaseException) -> str:
    text = str(exc) or type(exc).__name__
    return text if len(text) <= 2000 else text[:2000] + "…"


@contextmanager
def document_deadline(seconds: float) -> Iterator[None]:
    """Raise DocumentTimeout in this thread after ``seconds`` (SIGALRM: only in a
    process's main thread where the platform has it — pool workers on POSIX;
    elsewhere, e.g. Dask worker threads, no limit applies)."""
    usable = (
        seconds > 0
        and hasattr(signal, "setitimer")
        and threading.current_thread() is threading.main_thread()
    )
    if not usable:
        yield
        return

    def expire(signum, frame):
        raise DocumentTimeout(f"no result after {seconds:g} s (--timeout)")

    previous = signal.signal(signal.SIGALRM, expire)
    # repeating: a library that swallows the first DocumentTimeout (a broad
    # ``except Exception``) gets another one a second later
    signal.setitimer(signal.ITIMER_REAL, seconds, 1.0)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def process_item(
    item: WorkItem, model: str | None = None, limits: Limits | None = None
) -> ItemResult:
    """Read, tag and assemble one document within ``limits.timeout_s``; never
    raises for a bad document."""
    limits = limits or Limits()
    try:
        get_pipeline(model)  # loading the model is not the document's time
    except ModelLoadError as exc:
        return _failure(item, "tag", exc)
    try:
        with document_deadline(limits.timeout_s):
            return _process_item(item, model, limits)
    except DocumentTimeout as exc:  # struck between the stages' own handlers
        return _failure(item, "worker", exc)


def _failure(item: WorkItem, stage: str, exc: BaseException) -> ItemResult:
    unreadable = item.content_hash.startswith(UNREADABLE)
    doc_id = None if unreadable else doc_id_for(item.path, item.content_hash)
    return ItemResult(
        path=item.path,
        content_hash=item.content_hash,
        doc_id=doc_id,
        chars=0,
        result=None,
        error=ErrorRow(item.path, doc_id, stage, type(exc).__name__, _message(exc)),
        seconds=0.0,
        pid=os.getpid(),
        max_rss=peak_rss(),
    )


def _process_item(item: WorkItem, model: str | None, limits: Limits) -> ItemResult:
    from pipeline.ingest import IngestError, read_document

    t0 = time.perf_counter()
    unreadable = item.content_hash.startswith(UNREADABLE)
    doc_id = None if unreadable else doc_id_for(item.path, item.content_hash)
    chars = 0

    def done(result=None, stage: str = "", exc: BaseException | None = None) -> ItemResult:
        error = None
        if exc is not None:
            error = ErrorRow(
                file=item.path,
                doc_id=doc_id,
                stage=stage,
                error_type=type(exc).__name__,
                message=_message(exc),
            )
        return ItemResult(
            path=item.path,
            content_hash=item.content_hash,
            doc_id=doc_id,
            chars=chars,
            result=result,
            error=error,
            seconds=time.perf_counter() - t0,
            pid=os.getpid(),
            max_rss=peak_rss(),
        )

    # read
    try:
        suffix = Path(item.path).suffix.lower()
        if limits.max_bytes and item.size > limits.max_bytes:
            raise TooLargeError(
                f"too large: {item.size:,} bytes > limit {limits.max_bytes:,} (--max-bytes)"
            )
        # Any text encoding needs at most 4 bytes a character, so a .txt this big
        # is over the character limit without decoding it.
        if limits.max_chars and suffix in _TXT and item.size > 4 * limits.max_chars:
            raise TooLargeError(
                f"too large: {item.size:,} bytes is over {limits.max_chars:,} characters "
                "(--max-chars)"
            )
        document = read_document(item.path)
        chars = len(document.text)
        if limits.max_chars and chars > limits.max_chars:
            raise TooLargeError(
                f"too large: {chars:,} characters > limit {limits.max_chars:,} (--max-chars)"
            )
        raw = None if unreadable else Path(item.path).read_bytes()
    except IngestError as exc:
        return done(stage="read", exc=exc)
    except Exception as exc:  # noqa: BLE001 - one bad document must not stop the batch
        return done(stage="read", exc=exc)

    # tag + assemble
    try:
        from pipeline.facts import process_document

        nlp = get_pipeline(model)
        result = process_document(nlp, document, raw, limits.composition)
    except Exception as exc:  # noqa: BLE001
        return done(stage=_failed_stage(exc), exc=exc)
    # The file could change between hashing and reading; the planned hash is the
    # key the manifest records, so the row carries it too.
    result.document.content_hash = item.content_hash
    return done(result=bound_result(result))


def probe_tokenizer(words: list[str], model: str | None = None) -> dict:
    """Diagnostics for tests and `--log-json`: how this process's pipeline
    segments ``words`` (a domain-dictionary term stays one token only when the
    jieba user dictionary was loaded here)."""
    nlp = get_pipeline(model)
    return {
        "pid": os.getpid(),
        "pipes": list(nlp.pipe_names),
        "tokens": {w: [t.text for t in nlp.make_doc(w)] for w in words},
    }
