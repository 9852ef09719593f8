"""Precision, recall and F1 over sets of hashable items, per label."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Hashable, Iterable
from dataclasses import asdict, dataclass


@dataclass(frozen=True, slots=True)
class PRF:
    tp: int
    fp: int
    fn: int

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def support(self) -> int:
        return self.tp + self.fn

    def as_dict(self) -> dict[str, float | int]:
        return {
            **asdict(self),
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "f1": round(self.f1, 4),
            "support": self.support,
        }


def prf_by_label(
    gold: Iterable[tuple[str, Hashable]], pred: Iterable[tuple[str, Hashable]]
) -> dict[str, PRF]:
    """Score (label, key) items; the key must identify the item exactly
    (e.g. document, start, end). Includes a micro-averaged "ALL" row."""
    g: dict[str, set[Hashable]] = defaultdict(set)
    p: dict[str, set[Hashable]] = defaultdict(set)
    for label, key in gold:
        g[label].add(key)
    for label, key in pred:
        p[label].add(key)
    out: dict[str, PRF] = {}
    for label in sorted(set(g) | set(p)):
        tp = len(g[label] & p[label])
        out[label] = PRF(tp, len(p[label]) - tp, len(g[label]) - tp)
    out["ALL"] = PRF(
        sum(s.tp for s in out.values()),
        sum(s.fp for s in out.values()),
        sum(s.fn for s in out.values()),
    )
    return out
