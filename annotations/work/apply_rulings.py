"""Bring the adjudicated gold in line with the guide's rulings R1–R34.

The guide's section "Rulings for recurring cases" overrides the older project
rulings (annotations/DECISIONS.md). Every change it forces on the gold is held
here as data: the record, the span it touches (label, text, occurrence), the
old and new state, and the ruling applied. Each change checks the old state
first, so an edit to the passes that moves a span fails loudly instead of
being silently skipped. adjudicate.py applies CHANGES last.

Print the changes per ruling: python annotations/work/apply_rulings.py
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass


@dataclass(frozen=True)
class Ref:
    """A span of one record: label, text and which occurrence (0-based) among
    the record's spans with that label and text, in text order."""

    label: str
    text: str
    nth: int = 0


@dataclass(frozen=True)
class SetRole:
    span: Ref
    old: str
    new: str


@dataclass(frozen=True)
class Reshape:
    """Replace a span's text by new_text, which must overlap the old span."""

    span: Ref
    new_text: str


@dataclass(frozen=True)
class AddSpan:
    """A new span on the nth occurrence of its text in the record's text."""

    span: Ref


@dataclass(frozen=True)
class DropSpan:
    span: Ref


@dataclass(frozen=True)
class Relink:
    """Move a quantity's MEASURES link from old (None: unlinked) to new."""

    span: Ref
    old: Ref | None
    new: Ref | None


Op = SetRole | Reshape | AddSpan | DropSpan | Relink


@dataclass(frozen=True)
class Change:
    record: str
    ruling: str
    op: Op


D000 = "000_64bd6c28bc5762b2#"
D001 = "001_d47c8fa28c385bab#"
D002 = "002_81d1fd1d098c38fa#"
D003 = "003_6048b5b0586a559f#"


def _budget_line(record: str, budget: str) -> list[Change]:
    # 全年预算数…，执行数…，完成预算的100%: the budget is a value (R14); 完成预算
    # names the percentage, which no longer measures 执行数 (R3).
    return [
        Change(record, "R14", SetRole(Ref("MONEY", budget), "target", "value")),
        Change(record, "R3", AddSpan(Ref("INDICATOR", "完成预算"))),
        Change(
            record,
            "R3",
            Relink(
                Ref("PERCENT", "100%"), Ref("INDICATOR", "执行数"), Ref("INDICATOR", "完成预算")
            ),
        ),
    ]


CHANGES: list[Change] = [
    # 收入年初预算安排… / 支出年初预算安排…: budgets are values.
    Change(D000 + "p0022", "R14", SetRole(Ref("MONEY", "4129.25 万元", 0), "target", "value")),
    Change(D000 + "p0022", "R14", SetRole(Ref("MONEY", "4129.25 万元", 1), "target", "value")),
    # 区审计局获评全区公务员集体嘉奖: a fused scope word stays, even the unit's own (was D10).
    Change(
        D001 + "p0023", "R26", Reshape(Ref("ACHIEVEMENT", "公务员集体嘉奖"), "全区公务员集体嘉奖")
    ),
    # 财政拨款收入全年预算数…，收入决算数…: each figure links to its own clause's
    # name with the budget stage inside it (was D9/D14: both on 财政拨款收入).
    Change(
        D002 + "p0048", "R3", Reshape(Ref("INDICATOR", "财政拨款收入"), "财政拨款收入全年预算数")
    ),
    Change(D002 + "p0048", "R14", SetRole(Ref("MONEY", "3706.87 万元", 0), "target", "value")),
    Change(D002 + "p0048", "R3", AddSpan(Ref("INDICATOR", "收入决算数"))),
    Change(
        D002 + "p0048",
        "R3",
        Relink(
            Ref("MONEY", "3706.87 万元", 1),
            Ref("INDICATOR", "财政拨款收入全年预算数"),
            Ref("INDICATOR", "收入决算数"),
        ),
    ),
    # 重点工作任务8项，完成8项: a bare verb + quantity links to the previous object.
    Change(D002 + "p0098", "R23", DropSpan(Ref("INDICATOR", "完成"))),
    Change(
        D002 + "p0098",
        "R23",
        Relink(Ref("COUNT", "8 项", 1), None, Ref("INDICATOR", "重点工作任务")),
    ),
    # 受理信访举报件7宗，办结7宗: the same.
    Change(D002 + "p0118", "R23", DropSpan(Ref("INDICATOR", "办结"))),
    Change(
        D002 + "p0118",
        "R23",
        Relink(Ref("COUNT", "7 宗", 1), None, Ref("INDICATOR", "受理信访举报件")),
    ),
    # 全区先进基层党组织: the fused scope word stays.
    Change(
        D002 + "p0122", "R26", Reshape(Ref("ACHIEVEMENT", "先进基层党组织"), "全区先进基层党组织")
    ),
    *_budget_line(D003 + "p0028", "1,297.59万元"),
    *_budget_line(D003 + "p0046", "23.84万元"),
]


class RulingError(ValueError):
    """A change does not find the state it expects in the adjudicated record."""


def _find(rec: dict, ref: Ref) -> dict:
    hits = sorted(
        (s for s in rec["spans"] if s["label"] == ref.label and s["text"] == ref.text),
        key=lambda s: s["start"],
    )
    if ref.nth >= len(hits):
        raise RulingError(f"{rec['id']}: no span {ref}")
    return hits[ref.nth]


def _occurrence(text: str, needle: str, nth: int) -> int:
    start = -1
    for _ in range(nth + 1):
        start = text.find(needle, start + 1)
        if start < 0:
            raise RulingError(f"text has no occurrence {nth} of {needle!r}")
    return start


def _new_id(rec: dict) -> str:
    numbers = [int(s["id"][1:]) for s in rec["spans"] if s["id"][1:].isdigit()]
    return f"s{max(numbers, default=0) + 1}"


def _link_of(rec: dict, span_id: str) -> dict | None:
    return next((r for r in rec["relations"] if r["from"] == span_id), None)


def _apply(rec: dict, op: Op) -> None:
    text = rec["text"]
    if isinstance(op, SetRole):
        span = _find(rec, op.span)
        if span.get("role") != op.old:
            raise RulingError(f"{rec['id']}: {op.span} has role {span.get('role')}, not {op.old}")
        span["role"] = op.new
    elif isinstance(op, Reshape):
        span = _find(rec, op.span)
        start = next(
            (
                i
                for i in range(max(0, span["start"] - len(op.new_text)), span["end"])
                if text.startswith(op.new_text, i)
                and i < span["end"]
                and i + len(op.new_text) > span["start"]
            ),
            None,
        )
        if start is None:
            raise RulingError(f"{rec['id']}: {op.new_text!r} does not overlap {op.span}")
        span.update(start=start, end=start + len(op.new_text), text=op.new_text)
    elif isinstance(op, AddSpan):
        start = _occurrence(text, op.span.text, op.span.nth)
        end = start + len(op.span.text)
        if any(s["start"] < end and start < s["end"] for s in rec["spans"]):
            raise RulingError(f"{rec['id']}: new span {op.span} overlaps a span")
        rec["spans"].append(
            {
                "id": _new_id(rec),
                "start": start,
                "end": end,
                "label": op.span.label,
                "text": op.span.text,
            }
        )
    elif isinstance(op, DropSpan):
        span = _find(rec, op.span)
        rec["spans"].remove(span)
        rec["relations"] = [r for r in rec["relations"] if span["id"] not in (r["from"], r["to"])]
    elif isinstance(op, Relink):
        span = _find(rec, op.span)
        link = _link_of(rec, span["id"])
        old_id = _find(rec, op.old)["id"] if op.old else None
        if (link["to"] if link else None) != old_id:
            raise RulingError(f"{rec['id']}: {op.span} is not linked to {op.old}")
        if link:
            rec["relations"].remove(link)
        if op.new:
            rec["relations"].append(
                {"from": span["id"], "to": _find(rec, op.new)["id"], "label": "MEASURES"}
            )
    rec["spans"].sort(key=lambda s: s["start"])


def apply_rulings(rec: dict) -> dict:
    """Apply every change listed for this record, in order."""
    for change in CHANGES:
        if change.record == rec["id"]:
            _apply(rec, change.op)
    return rec


def counts_per_ruling() -> Counter[str]:
    return Counter(change.ruling for change in CHANGES)


if __name__ == "__main__":
    for ruling, n in sorted(counts_per_ruling().items(), key=lambda kv: int(kv[0][1:])):
        print(ruling, n)
