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
import sys
import time
import traceback
from dataclasses import dataclass, field
from pathlib import Path

from pipeline.batch.plan import UNREADABLE, WorkItem, doc_id_for
from pipeline.schema import ErrorRow
from pipeline.settings import CompositionSettings

# Documents larger than this many characters become an error row "too large"
# instead of being tagged: a 50 MB text file would take many minutes and
# gigabytes of memory in one worker. Real reports are 5k–100k characters.
DEFAULT_MAX_CHARS = 2_000_000
# Files larger than this are not even read (a PDF of scanned pages can be huge).
DEFAULT_MAX_BYTES = 256 * 1024 * 1024

_TXT = frozenset({".txt", ".text"})
_PIPELINES: dict[str, object] = {}


@dataclass(frozen=True, slots=True)
class Limits:
    """What every document's job is given: size caps, and the composition
    settings of the fact assembler (``pipeline.facts.process_document``)."""

    max_chars: int = DEFAULT_MAX_CHARS  # 0: no limit
    max_bytes: int = DEFAULT_MAX_BYTES  # 0: no limit
    composition: CompositionSettings = field(default_factory=CompositionSettings)  # None: the pipeline's


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


def _key(model: str | None) -> str:
    return "" if model is None else str(model)


def get_pipeline(model: str | None = None):
    """The process's pipeline for ``model``, loaded on first use and cached."""
    key = _key(model)
    nlp = _PIPELINES.get(key)
    if nlp is None:
        from pipeline.loading import load_pipeline

        nlp = load_pipeline(model)
        _PIPELINES[key] = nlp
    return nlp


def set_pipeline(nlp, model: str | None = None) -> None:
    """Use an already loaded pipeline (the in-process Python API)."""
    _PIPELINES[_key(model)] = nlp


def init_worker(model: str | None = None) -> None:
    """Pool initializer: load the model once, before the first document."""
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


def process_item(
    item: WorkItem, model: str | None = None, limits: Limits | None = None
) -> ItemResult:
    """Read, tag and assemble one document; never raises for a bad document."""
    from pipeline.ingest import IngestError, read_document

    limits = limits or Limits()
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
    return done(result=result)


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
