"""Counts over gold records: spans per label, per document, roles, relations."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from pipeline.annotations.records import Record
from pipeline.resources.vocabulary import LABELS, QUANTITY_LABELS, ROLES


@dataclass(slots=True)
class DocStats:
    records: int = 0
    records_with_spans: int = 0
    labels: Counter[str] = field(default_factory=Counter)
    relations: int = 0


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

    def to_dict(self) -> dict[str, Any]:
        labels = _ordered(self.labels, LABELS)
        return {
            "records": self.records,
            "spans": self.spans,
            "labels": labels,
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
            "documents": {
                doc: {
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


def compute_stats(records: Iterable[Record]) -> Stats:
    st = Stats()
    for rec in records:
        st.records += 1
        d = st.documents.setdefault(rec.doc, DocStats())
        d.records += 1
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
    for doc, d in data["documents"].items():
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
        str(sum(d["records_with_spans"] for d in data["documents"].values())),
        *(str(data["labels"][label]) for label in labels),
        str(sum(data["relations"].values())),
        style="bold",
    )
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
