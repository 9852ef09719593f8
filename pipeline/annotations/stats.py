"""Counts over gold records: spans per label, per document, roles, relations,
and the corpus summary by sector, layout and split.

A document's sector and layout are its first record's ``meta.sector`` and
``meta.layout``; its split is the one ``splits.json`` lists it in
(``read_split_map``), else its ``meta.split``, else ``unassigned``. Where a
record names no sector or layout: a real report (a record with none of the
provenance flags ``authored``, ``synthetic``, ``unseen``: the four gold reports)
is ``组织部`` and ``dept_narrative``, anything else ``unknown``. ``characters`` counts
the characters of the records' texts (what was annotated).
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pipeline.annotations.records import Record
from pipeline.resources.vocabulary import LABELS, QUANTITY_LABELS, ROLES

REPORT_SECTOR = "组织部"
REPORT_LAYOUT = "dept_narrative"  # the four real reports are department self-evaluations
UNKNOWN = "unknown"
UNASSIGNED = "unassigned"
PROVENANCE_FLAGS = ("authored", "synthetic", "unseen")


@dataclass(slots=True)
class DocStats:
    records: int = 0
    records_with_spans: int = 0
    labels: Counter[str] = field(default_factory=Counter)
    relations: int = 0
    characters: int = 0
    sector: str = UNKNOWN
    layout: str = UNKNOWN
    split: str = UNASSIGNED


def read_split_map(path: str | Path) -> dict[str, str]:
    """document -> split name from a splits.json (its top-level lists of document
    ids, e.g. train/dev/test/unseen-test; ``folds`` ignored); {} if the file is absent."""
    path = Path(path)
    if not path.is_file():
        return {}
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise ValueError(f"{path}: not JSON: {exc.msg}") from exc
    if not isinstance(data, dict):
        raise ValueError(f"{path}: not a JSON object")  # noqa: TRY004 (one error type for the CLI)
    out: dict[str, str] = {}
    for name, docs in data.items():
        if name == "folds" or not isinstance(docs, list):
            continue
        for doc in docs:
            if isinstance(doc, str):
                out.setdefault(doc, name)
    return out


def _describe(d: DocStats, meta: Mapping[str, Any], split_map: Mapping[str, str], doc: str) -> None:
    real_report = not any(meta.get(flag) for flag in PROVENANCE_FLAGS)
    d.sector = str(meta.get("sector") or (REPORT_SECTOR if real_report else UNKNOWN))
    d.layout = str(meta.get("layout") or (REPORT_LAYOUT if real_report else UNKNOWN))
    # splits.json is the record of the split; meta.split only fills documents it does not list
    d.split = str(split_map.get(doc) or meta.get("split") or UNASSIGNED)


@dataclass(slots=True)
class Stats:
    records: int = 0
    documents: dict[str, DocStats] = field(default_factory=dict)
    labels: Counter[str] = field(default_factory=Counter)
    roles: Counter[tuple[str, str]] = field(default_factory=Counter)  # (label, role)
    relations: Counter[str] = field(default_factory=Counter)  # relation label
    quantities_linked: int = 0
    indicators_linked: int = 0

    @property
    def spans(self) -> int:
        return sum(self.labels.values())

    @property
    def quantities(self) -> int:
        return sum(self.labels[label] for label in QUANTITY_LABELS)

    @property
    def characters(self) -> int:
        return sum(d.characters for d in self.documents.values())

    def groups(self, attr: str) -> dict[str, dict[str, int]]:
        """{value of attr: {documents, characters}}, largest first."""
        out: dict[str, dict[str, int]] = {}
        for d in self.documents.values():
            g = out.setdefault(getattr(d, attr), {"documents": 0, "characters": 0})
            g["documents"] += 1
            g["characters"] += d.characters
        return dict(sorted(out.items(), key=lambda kv: (-kv[1]["documents"], kv[0])))

    def to_dict(self) -> dict[str, Any]:
        labels = _ordered(self.labels, LABELS)
        splits = Counter(d.split for d in self.documents.values())
        return {
            "documents": len(self.documents),
            "characters": self.characters,
            "labels": labels,
            "sectors": self.groups("sector"),
            "layouts": self.groups("layout"),
            "splits": dict(sorted(splits.items())),
            "records": self.records,
            "spans": self.spans,
            "roles": {
                label: _ordered(
                    Counter({r: n for (lab, r), n in self.roles.items() if lab == label}), ROLES
                )
                for label in QUANTITY_LABELS
                if self.labels[label]
            },
            "roles_total": _ordered(
                Counter({r: sum(n for (_, rr), n in self.roles.items() if rr == r) for r in ROLES}),
                ROLES,
            ),
            "relations": dict(self.relations),
            "quantities": self.quantities,
            "quantities_linked": self.quantities_linked,
            "indicators_linked": self.indicators_linked,
            "per_document": {
                doc: {
                    "sector": d.sector,
                    "layout": d.layout,
                    "split": d.split,
                    "characters": d.characters,
                    "records": d.records,
                    "records_with_spans": d.records_with_spans,
                    "spans": sum(d.labels.values()),
                    "labels": _ordered(d.labels, LABELS),
                    "relations": d.relations,
                }
                for doc, d in sorted(self.documents.items())
            },
        }


def _ordered(counter: Counter[str], order: Iterable[str]) -> dict[str, int]:
    """Known keys in their canonical order (zeros included), then unknown ones."""
    order = list(order)
    out = {k: counter.get(k, 0) for k in order}
    out.update({k: v for k, v in sorted(counter.items()) if k not in order})
    return out


def compute_stats(records: Iterable[Record], split_map: Mapping[str, str] | None = None) -> Stats:
    st = Stats()
    for rec in records:
        st.records += 1
        d = st.documents.get(rec.doc)
        if d is None:
            d = st.documents[rec.doc] = DocStats()
            meta = {"source": rec.meta.source, **rec.meta.extra}
            _describe(d, meta, split_map or {}, rec.doc)
        d.records += 1
        d.characters += len(rec.text)
        d.records_with_spans += bool(rec.spans)
        for s in rec.spans:
            st.labels[s.label] += 1
            d.labels[s.label] += 1
            if s.label in QUANTITY_LABELS:
                st.roles[(s.label, s.role or "(none)")] += 1
        for r in rec.relations:
            st.relations[r.label] += 1
        d.relations += len(rec.relations)
        st.quantities_linked += len({r.from_id for r in rec.relations})
        st.indicators_linked += len({r.to_id for r in rec.relations})
    return st


def render(stats: Stats) -> None:
    """Print the counts as rich tables."""
    from rich.console import Console
    from rich.table import Table

    data = stats.to_dict()
    console = Console()
    if not console.is_terminal:  # piped: do not squeeze the tables to 80 columns
        console = Console(width=160)
    labels = list(data["labels"])

    t = Table(title=f"Spans per document ({data['records']} records)")
    t.add_column("document")
    t.add_column("records", justify="right")
    t.add_column("with spans", justify="right")
    for label in labels:
        t.add_column(label, justify="right")
    t.add_column("relations", justify="right")
    for doc, d in data["per_document"].items():
        t.add_row(
            doc,
            str(d["records"]),
            str(d["records_with_spans"]),
            *(str(d["labels"].get(label, 0)) for label in labels),
            str(d["relations"]),
        )
    t.add_section()
    t.add_row(
        "total",
        str(data["records"]),
        str(sum(d["records_with_spans"] for d in data["per_document"].values())),
        *(str(data["labels"][label]) for label in labels),
        str(sum(data["relations"].values())),
        style="bold",
    )
    console.print(t)

    for attr, title in (("sector", "Sectors"), ("layout", "Layouts")):
        t = Table(title=f"{title} ({data['documents']} documents, {data['characters']} characters)")
        t.add_column(attr)
        t.add_column("documents", justify="right")
        t.add_column("characters", justify="right")
        for name, g in stats.groups(attr).items():
            t.add_row(name, str(g["documents"]), str(g["characters"]))
        console.print(t)
    t = Table(title="Splits")
    t.add_column("split")
    t.add_column("documents", justify="right")
    for name, n in data["splits"].items():
        t.add_row(name, str(n))
    console.print(t)

    roles = [*ROLES]
    extra = sorted({r for (_, r) in stats.roles} - set(roles))
    t = Table(title="Roles of quantities")
    t.add_column("label")
    for r in roles + extra:
        t.add_column(r, justify="right")
    for label in QUANTITY_LABELS:
        t.add_row(label, *(str(stats.roles[(label, r)]) for r in roles + extra))
    console.print(t)

    t = Table(title="Relations")
    t.add_column("what")
    t.add_column("count", justify="right")
    for label, n in sorted(data["relations"].items()):
        t.add_row(label, str(n))
    t.add_row("quantities linked", f"{data['quantities_linked']} of {data['quantities']}")
    t.add_row("indicators linked", f"{data['indicators_linked']} of {data['labels']['INDICATOR']}")
    console.print(t)
