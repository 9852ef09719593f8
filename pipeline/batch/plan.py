"""What a batch run has to do: discover inputs, hash them, drop duplicates and
documents already done in the output directory.

The content hash (sha256 of the file bytes) is the key of everything: two files
with the same bytes are one document (the first path in sorted order is kept),
and a document whose hash is in the output's done-manifest is not processed
again on resume.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from pipeline.ingest.discover import discover

_CHUNK = 1 << 20


@dataclass(frozen=True, slots=True)
class WorkItem:
    """One document to process. Small and picklable: it is what travels to workers."""

    path: str
    content_hash: str
    size: int  # bytes on disk


@dataclass(slots=True)
class Plan:
    items: list[WorkItem] = field(default_factory=list)
    # (path skipped, path kept) for inputs whose bytes equal an earlier input's
    duplicates: list[tuple[str, str]] = field(default_factory=list)
    already_done: int = 0  # skipped because their hash is in the manifest
    already_failed: int = 0  # of those, documents that failed in an earlier run
    retrying: int = 0  # to process again: an earlier failure was not the document's fault
    input_hashes: list[str] = field(default_factory=list)  # every distinct input, done or not

    @property
    def total_bytes(self) -> int:
        return sum(i.size for i in self.items)


def file_hash(path: str | Path) -> str:
    """sha256 of the file bytes, read in 1 MiB chunks (memory stays flat)."""
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        while chunk := fh.read(_CHUNK):
            h.update(chunk)
    return h.hexdigest()


def doc_id_for(path: str | Path, content_hash: str) -> str:
    """The id ``pipeline.ingest.document.document_id`` gives the same file."""
    return f"{Path(path).stem}-{content_hash[:16]}"


# Key of a file that cannot even be read to hash it: the worker turns it into an
# error row (stage "read"), and the key keeps resume from retrying it.
UNREADABLE = "unreadable:"


def iter_items(paths: Iterable[str | Path]) -> Iterator[WorkItem]:
    for p in paths:
        try:
            yield WorkItem(path=str(p), content_hash=file_hash(p), size=Path(p).stat().st_size)
        except OSError:
            key = UNREADABLE + hashlib.sha256(str(p).encode("utf-8")).hexdigest()
            yield WorkItem(path=str(p), content_hash=key, size=0)


def make_plan(
    inputs: Iterable[str | Path],
    done: Mapping[str, str] | set[str] | frozenset[str] = frozenset(),
    *,
    paths: list[Path] | None = None,
    retry: set[str] | frozenset[str] = frozenset(),
) -> Plan:
    """Discover ``inputs`` (files, folders, globs), hash, de-duplicate, skip ``done``
    (hashes, or hash → "ok"/"failed" as ``writer.done_hashes`` returns); ``retry``:
    hashes of earlier transient failures, counted in ``Plan.retrying``.

    Raises FileNotFoundError for an input that matches nothing (as ``discover``).
    """
    files = paths if paths is not None else discover(inputs)
    plan = Plan()
    seen: dict[str, str] = {}
    for entry in iter_items(files):
        if entry.content_hash in seen:
            plan.duplicates.append((entry.path, seen[entry.content_hash]))
            continue
        seen[entry.content_hash] = entry.path
        plan.input_hashes.append(entry.content_hash)
        if entry.content_hash in done:
            plan.already_done += 1
            if isinstance(done, Mapping) and done[entry.content_hash] == "failed":
                plan.already_failed += 1
            continue
        plan.items.append(entry)
        plan.retrying += entry.content_hash in retry
    return plan
