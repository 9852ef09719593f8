"""Check gold records against docs/annotation-guide.md.

Each check yields a ``Problem`` (file, line, record id, message) instead of
stopping, so one run lists everything an annotator has to fix:

- the line is a record (JSON object with id, text, meta{doc, offset}, spans, relations);
- record ids are unique over all files checked;
- ``text`` is the source file's text at ``meta.offset`` and every span's text is
  ``source[offset + start : offset + end]`` (source file: ``meta.source`` or
  ``<meta.doc>.txt`` in the source directory);
- span offsets lie inside the text, ``start < end``, span ``text == text[start:end]``;
- labels are the five of the guide; span ids are unique; spans do not overlap;
- every quantity (MONEY, COUNT, PERCENT) has a role in value/target/weight/score,
  INDICATOR and ACHIEVEMENT have none;
- relations are ``MEASURES`` from a quantity to an INDICATOR of the same
  record, and a quantity has at most one.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path

from pipeline.annotations.records import Located, Record, expand_paths, read_jsonl
from pipeline.ingest.offsets import read_source
from pipeline.resources.vocabulary import (
    LABELS,
    NAME_LABELS,
    QUANTITY_LABELS,
    RELATION_LABELS,
    ROLES,
)

DEFAULT_SOURCE_DIR = Path("corpus/sample")


@dataclass(frozen=True, slots=True)
class Problem:
    path: str
    line: int
    record_id: str | None
    message: str

    def __str__(self) -> str:
        rid = self.record_id or "-"
        return f"{self.path}:{self.line}  {rid}  {self.message}"


@dataclass(slots=True)
class Report:
    files: int
    records: int
    spans: int
    relations: int
    problems: list[Problem]

    @property
    def ok(self) -> bool:
        return not self.problems

    def summary(self) -> str:
        what = (
            f"{self.records} records, {self.spans} spans, {self.relations} relations "
            f"in {self.files} file{'s' if self.files != 1 else ''}"
        )
        if self.ok:
            return f"OK: {what}"
        return f"{len(self.problems)} problem{'s' if len(self.problems) != 1 else ''}: {what}"


class SourceCache:
    def __init__(self, source_dir: Path | None) -> None:
        self.source_dir = source_dir
        self._texts: dict[Path, str | None] = {}

    def get(self, record: Record) -> tuple[Path | None, str | None]:
        if self.source_dir is None:
            return None, None
        path = self.source_dir / record.meta.source_name
        if path not in self._texts:
            self._texts[path] = read_source(path) if path.is_file() else None
        return path, self._texts[path]


def check_record(record: Record, source: str | None = None) -> list[str]:
    """Problems of one record, as messages. ``source`` is the document text, or
    None to skip the source checks."""
    out: list[str] = []
    text = record.text
    off = record.meta.offset

    if not record.id.startswith(f"{record.meta.doc}#"):
        out.append(f"id does not start with meta.doc {record.meta.doc!r} + '#'")
    if off < 0:
        out.append(f"meta.offset {off} is negative")
    elif source is not None and source[off : off + len(text)] != text:
        got = source[off : off + min(len(text), 30)]
        out.append(f"text is not the source text at offset {off} (source has {got!r}…)")

    seen_ids: set[str] = set()
    good: list = []
    for s in record.spans:
        tag = f"span {s.id} [{s.start}:{s.end}] {s.label}"
        if s.id in seen_ids:
            out.append(f"duplicate span id {s.id!r}")
        seen_ids.add(s.id)
        if s.label not in LABELS:
            out.append(f"{tag}: unknown label {s.label!r} (allowed: {', '.join(LABELS)})")
        if not (0 <= s.start < s.end <= len(text)):
            out.append(f"{tag}: offsets outside the text (length {len(text)}) or empty")
            continue
        if text[s.start : s.end] != s.text:
            out.append(f"{tag}: span text {s.text!r} != text[start:end] {text[s.start : s.end]!r}")
        elif source is not None and off >= 0:
            got = source[off + s.start : off + s.end]
            if got != s.text:
                out.append(f"{tag}: source[offset+start:offset+end] is {got!r}, not {s.text!r}")
        if s.label in QUANTITY_LABELS:
            if s.role is None:
                out.append(f"{tag}: quantity has no role (one of {', '.join(ROLES)})")
            elif s.role not in ROLES:
                out.append(f"{tag}: unknown role {s.role!r} (allowed: {', '.join(ROLES)})")
        elif s.label in NAME_LABELS and s.role is not None:
            out.append(f"{tag}: {s.label} must have no role (has {s.role!r})")
        good.append(s)

    ordered = sorted(good, key=lambda s: (s.start, s.end))
    for a, b in pairwise(ordered):
        if b.start < a.end:
            out.append(
                f"spans overlap: {a.id} [{a.start}:{a.end}] {a.text!r} and "
                f"{b.id} [{b.start}:{b.end}] {b.text!r}"
            )

    by_id = {s.id: s for s in record.spans}
    measured: dict[str, str] = {}
    seen_rel: set[tuple[str, str, str]] = set()
    for r in record.relations:
        tag = f"relation {r.from_id}->{r.to_id}"
        key = (r.from_id, r.to_id, r.label)
        if key in seen_rel:
            out.append(f"{tag}: duplicate relation")
            continue
        seen_rel.add(key)
        if r.label not in RELATION_LABELS:
            out.append(f"{tag}: unknown relation label {r.label!r} (allowed: MEASURES)")
        src, dst = by_id.get(r.from_id), by_id.get(r.to_id)
        if src is None:
            out.append(f"{tag}: 'from' span {r.from_id!r} is not in this record")
        elif src.label not in QUANTITY_LABELS:
            out.append(f"{tag}: 'from' must be a quantity (MONEY/COUNT/PERCENT), is {src.label}")
        if dst is None:
            out.append(f"{tag}: 'to' span {r.to_id!r} is not in this record")
        elif dst.label != "INDICATOR":
            out.append(f"{tag}: 'to' must be an INDICATOR, is {dst.label}")
        if r.from_id in measured:
            out.append(
                f"{tag}: quantity {r.from_id} already MEASURES {measured[r.from_id]} "
                "(at most one per quantity)"
            )
        else:
            measured[r.from_id] = r.to_id
    return out


def validate_located(
    located: Iterable[Located], source_dir: Path | None = DEFAULT_SOURCE_DIR
) -> list[Problem]:
    problems: list[Problem] = []
    sources = SourceCache(source_dir)
    first_seen: dict[str, tuple[Path, int]] = {}
    missing_reported: set[Path] = set()
    for loc in located:
        rec = loc.record
        where = (str(loc.path), loc.line, rec.id)
        if rec.id in first_seen:
            p, line = first_seen[rec.id]
            problems.append(Problem(*where, f"duplicate record id (first at {p}:{line})"))
        else:
            first_seen[rec.id] = (loc.path, loc.line)
        src_path, source = sources.get(rec)
        if src_path is not None and source is None and src_path not in missing_reported:
            missing_reported.add(src_path)
            problems.append(Problem(*where, f"source file not found: {src_path}"))
        for msg in check_record(rec, source):
            problems.append(Problem(*where, msg))
    return problems


def validate_paths(
    paths: Iterable[str | Path], source_dir: Path | None = DEFAULT_SOURCE_DIR
) -> Report:
    paths = list(paths)
    located, errors = read_jsonl(paths)
    problems = [Problem(str(e.path), e.line, None, e.message) for e in errors]
    problems += validate_located(located, source_dir)
    problems.sort(key=lambda p: (p.path, p.line))
    return Report(
        files=len(expand_paths(paths)),
        records=len(located),
        spans=sum(len(loc.record.spans) for loc in located),
        relations=sum(len(loc.record.relations) for loc in located),
        problems=problems,
    )
