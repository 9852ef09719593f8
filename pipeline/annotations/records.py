"""Gold annotation records as typed objects, and their JSONL form.

One record is one paragraph (docs/annotation-guide.md, "Records")::

    {"id": "<doc>#p0042", "text": "...",
     "meta": {"doc": "<doc>", "offset": 1234, "source": "<doc>.txt"},
     "spans": [{"id": "s1", "start": 0, "end": 5, "label": "INDICATOR", "text": "..."},
               {"id": "s2", "start": 6, "end": 15, "label": "MONEY", "text": "...",
                "role": "value"}],
     "relations": [{"from": "s2", "to": "s1", "label": "MEASURES"}]}

``Record.from_dict(d).to_dict() == d`` for every record written to the guide:
keys keep the guide's order and unknown keys (in the record or in ``meta``)
are carried along, so loading and dumping never changes a gold file.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pipeline.resources.vocabulary import QUANTITY_LABELS

_RECORD_KEYS = ("id", "text", "meta", "spans", "relations")
_META_KEYS = ("doc", "offset", "source")


class RecordError(ValueError):
    """A JSON object that cannot be read as a record (missing or mistyped keys)."""


def _optional_str(d: dict[str, Any], key: str, where: str) -> str | None:
    value = d.get(key)
    if value is not None and not isinstance(value, str):
        raise RecordError(f"{where}: {key!r} must be a string")
    return value


def _need(d: dict[str, Any], key: str, kind: type | tuple[type, ...], where: str) -> Any:
    if key not in d:
        raise RecordError(f"{where}: missing key {key!r}")
    value = d[key]
    # bool is an int subclass; offsets must be real integers
    if isinstance(value, bool) and kind in (int, (int,)):
        raise RecordError(f"{where}: {key!r} must be an integer, not {value!r}")
    if not isinstance(value, kind):
        name = kind.__name__ if isinstance(kind, type) else "/".join(k.__name__ for k in kind)
        raise RecordError(f"{where}: {key!r} must be {name}, not {type(value).__name__}")
    return value


@dataclass(slots=True)
class Span:
    id: str
    start: int
    end: int
    label: str
    text: str
    role: str | None = None  # required on MONEY/COUNT/PERCENT, absent on the others

    @property
    def is_quantity(self) -> bool:
        return self.label in QUANTITY_LABELS

    @classmethod
    def from_dict(cls, d: Any, where: str = "span") -> Span:
        if not isinstance(d, dict):
            raise RecordError(f"{where}: a span must be an object")
        role = _optional_str(d, "role", where)
        return cls(
            id=_need(d, "id", str, where),
            start=_need(d, "start", int, where),
            end=_need(d, "end", int, where),
            label=_need(d, "label", str, where),
            text=_need(d, "text", str, where),
            role=role,
        )

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {
            "id": self.id,
            "start": self.start,
            "end": self.end,
            "label": self.label,
            "text": self.text,
        }
        if self.role is not None:
            d["role"] = self.role
        return d


@dataclass(slots=True)
class Relation:
    from_id: str  # "from" in JSON: the quantity span
    to_id: str  # "to" in JSON: the INDICATOR span
    label: str = "MEASURES"

    @classmethod
    def from_dict(cls, d: Any, where: str = "relation") -> Relation:
        if not isinstance(d, dict):
            raise RecordError(f"{where}: a relation must be an object")
        return cls(
            from_id=_need(d, "from", str, where),
            to_id=_need(d, "to", str, where),
            label=_need(d, "label", str, where),
        )

    def to_dict(self) -> dict[str, Any]:
        return {"from": self.from_id, "to": self.to_id, "label": self.label}


@dataclass(slots=True)
class Meta:
    doc: str
    offset: int
    source: str | None = None  # file name of the source text; default "<doc>.txt"
    extra: dict[str, Any] = field(default_factory=dict)  # any other keys, kept verbatim

    @property
    def source_name(self) -> str:
        return self.source or f"{self.doc}.txt"

    @classmethod
    def from_dict(cls, d: Any, where: str = "meta") -> Meta:
        if not isinstance(d, dict):
            raise RecordError(f"{where}: 'meta' must be an object")
        source = _optional_str(d, "source", where)
        return cls(
            doc=_need(d, "doc", str, where),
            offset=_need(d, "offset", int, where),
            source=source,
            extra={k: v for k, v in d.items() if k not in _META_KEYS},
        )

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {"doc": self.doc, "offset": self.offset}
        if self.source is not None:
            d["source"] = self.source
        d.update(self.extra)
        return d


@dataclass(slots=True)
class Record:
    id: str
    text: str
    meta: Meta
    spans: list[Span] = field(default_factory=list)
    relations: list[Relation] = field(default_factory=list)
    extra: dict[str, Any] = field(default_factory=dict)  # unknown top-level keys, kept verbatim

    @property
    def doc(self) -> str:
        return self.meta.doc

    def span(self, span_id: str) -> Span | None:
        for s in self.spans:
            if s.id == span_id:
                return s
        return None

    def role_of(self, span_id: str) -> str | None:
        s = self.span(span_id)
        return s.role if s else None

    @classmethod
    def from_dict(cls, d: Any) -> Record:
        if not isinstance(d, dict):
            raise RecordError("a record must be a JSON object")
        rid = _need(d, "id", str, "record")
        where = f"record {rid}"
        spans = d.get("spans", [])
        relations = d.get("relations", [])
        if not isinstance(spans, list):
            raise RecordError(f"{where}: 'spans' must be a list")
        if not isinstance(relations, list):
            raise RecordError(f"{where}: 'relations' must be a list")
        return cls(
            id=rid,
            text=_need(d, "text", str, where),
            meta=Meta.from_dict(_need(d, "meta", dict, where), f"{where} meta"),
            spans=[Span.from_dict(s, f"{where} span #{i}") for i, s in enumerate(spans)],
            relations=[
                Relation.from_dict(r, f"{where} relation #{i}") for i, r in enumerate(relations)
            ],
            extra={k: v for k, v in d.items() if k not in _RECORD_KEYS},
        )

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {
            "id": self.id,
            "text": self.text,
            "meta": self.meta.to_dict(),
            "spans": [s.to_dict() for s in self.spans],
            "relations": [r.to_dict() for r in self.relations],
        }
        d.update(self.extra)
        return d


# ---------------------------------------------------------------- JSONL I/O


@dataclass(frozen=True, slots=True)
class Located:
    """A record with the file and line it was read from (for error messages)."""

    path: Path
    line: int
    record: Record


@dataclass(frozen=True, slots=True)
class LoadError:
    path: Path
    line: int
    message: str


def expand_paths(paths: Iterable[str | Path], pattern: str = "*.jsonl") -> list[Path]:
    """Files named, plus the ``*.jsonl`` files directly inside directories named
    (sorted, so the order does not depend on the file system)."""
    out: list[Path] = []
    for p in map(Path, paths):
        if p.is_dir():
            out.extend(sorted(q for q in p.glob(pattern) if q.is_file()))
        elif p.exists():
            out.append(p)
        else:
            raise FileNotFoundError(f"no such file or directory: {p}")
    return out


def read_jsonl(
    paths: Iterable[str | Path],
) -> tuple[list[Located], list[LoadError]]:
    """Read every record; lines that are not records become ``LoadError``s."""
    located: list[Located] = []
    errors: list[LoadError] = []
    for path in expand_paths(paths):
        with path.open(encoding="utf-8") as fh:
            for lineno, line in enumerate(fh, 1):
                if not line.strip():
                    continue
                try:
                    obj = json.loads(line)
                except json.JSONDecodeError as exc:
                    errors.append(LoadError(path, lineno, f"not JSON: {exc.msg}"))
                    continue
                try:
                    located.append(Located(path, lineno, Record.from_dict(obj)))
                except RecordError as exc:
                    errors.append(LoadError(path, lineno, str(exc)))
    return located, errors


def load_records(*paths: str | Path) -> list[Record]:
    """Records from JSONL files and directories; raises on the first bad line."""
    located, errors = read_jsonl(paths)
    if errors:
        e = errors[0]
        raise RecordError(f"{e.path}:{e.line}: {e.message}")
    return [loc.record for loc in located]


def dumps_record(record: Record) -> str:
    return json.dumps(record.to_dict(), ensure_ascii=False)


def iter_lines(records: Iterable[Record]) -> Iterator[str]:
    for r in records:
        yield dumps_record(r) + "\n"


def dump_records(records: Iterable[Record], path: str | Path) -> Path:
    """Write records as JSONL (UTF-8, ``ensure_ascii=False``, one record a line)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="\n") as fh:
        fh.writelines(iter_lines(records))
    return path


def dump_by_document(records: Iterable[Record], out_dir: str | Path) -> list[Path]:
    """Write ``<out_dir>/<meta.doc>.jsonl`` for each document, records in input order."""
    by_doc: dict[str, list[Record]] = {}
    for r in records:
        by_doc.setdefault(r.doc, []).append(r)
    return [dump_records(rs, Path(out_dir) / f"{doc}.jsonl") for doc, rs in by_doc.items()]
