"""Training examples from indicator tables whose category cells are stated.

An indicator table (绩效指标表 / 项目支出绩效自评表) has the columns
一级指标 | 二级指标 | 三级指标 | 指标值 …; the 一级 and 二级 cells are written
once and hold for the rows below them. This module walks annotation records
(one record per trimmed source line, ruling D1) in order, in every layout the
corpus has: one cell per line (indented or not, header cells split over two
lines), tab-separated rows and ``| a | b |`` pipe rows. Each 三级指标 cell that
an INDICATOR span covers becomes one example labelled with the category cells
above it.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from pipeline.taxonomy.categories import IMPLIED_LEVEL2, PARENT, clean_cell, parse_category_cell

ROOT = Path(__file__).resolve().parents[2]
AUTHORED = ROOT / "annotations" / "authored" / "authored.jsonl"
# Report 001 has the one real indicator table with stated categories.
SAMPLE_GOLD = (ROOT / "annotations" / "gold" / "001_d47c8fa28c385bab.jsonl",)

_FRAGMENT = re.compile(r"^指标(?:[（(]\d+(?:\.\d+)?分[）)])?$")
_RULE = re.compile(r"^\|?\s*:?-{3,}")
_HEADERS = {"一级指标", "二级指标", "三级指标", "指标名称"}
_END = {"总分", "合计", "总计"}


@dataclass(frozen=True, slots=True)
class Example:
    name: str
    category_l1: str
    category_l2: str
    source: str  # document id; cross-validation groups by it


@dataclass(slots=True)
class _Cell:
    text: str
    start: int  # offsets into the record text
    end: int
    record: int


def split_cells(text: str) -> list[tuple[str, int, int]]:
    """Cells of one line with offsets: pipe rows, tab rows, or the line itself."""
    if _RULE.match(text):
        return []
    if text.startswith("|"):
        sep = "|"
    elif "\t" in text:
        sep = "\t"
    else:
        return [(text, 0, len(text))]
    cells, pos = [], 0
    for part in text.split(sep):
        cells.append((part, pos, pos + len(part)))
        pos += len(part) + 1
    if sep == "|":
        cells = cells[1:-1] if text.rstrip().endswith("|") else cells[1:]
    return cells


def examples_from_records(records: Iterable[dict]) -> Iterator[Example]:
    """Walk the records of one or more documents in order (see module doc)."""
    by_doc: dict[str, list[dict]] = {}
    for rec in records:
        by_doc.setdefault(rec["meta"]["doc"], []).append(rec)
    for doc, recs in by_doc.items():
        yield from _examples_of_document(doc, recs)


def _examples_of_document(doc: str, recs: list[dict]) -> Iterator[Example]:
    cells: list[_Cell] = []
    for i, rec in enumerate(recs):
        for text, start, end in split_cells(rec["text"]):
            cell = _Cell(text, start, end, i)
            cleaned, _ = clean_cell(text)
            prev = cells[-1] if cells else None
            if (
                _FRAGMENT.match(cleaned)
                and prev is not None
                and prev.record != i
                and clean_cell(prev.text)[0]
                and not clean_cell(prev.text)[0].endswith("指标")
            ):
                prev.text += text.strip()  # a heading split over two lines
                continue
            cells.append(cell)

    in_table = False
    l1: str | None = None
    l2: str | None = None
    for cell in cells:
        cleaned, _ = clean_cell(cell.text)
        if not cleaned:
            continue
        if cleaned in _HEADERS:
            if cleaned == "三级指标" or cleaned == "一级指标":
                in_table, l1, l2 = True, None, None
            continue
        if not in_table:
            continue
        if cleaned in _END:
            in_table, l1, l2 = False, None, None
            continue
        category = parse_category_cell(cell.text, current_l1=l1)
        if category is not None:
            level, name = category
            if level == 1:
                l1, l2 = name, IMPLIED_LEVEL2.get(name)
            else:
                l2 = name
                l1 = l1 or PARENT[name]
            continue
        if l1 is None or l2 is None:
            continue
        span = _covering_indicator(recs[cell.record], cell)
        if span is not None:
            yield Example(name=span, category_l1=l1, category_l2=l2, source=doc)


def _covering_indicator(rec: dict, cell: _Cell) -> str | None:
    """The INDICATOR span that starts the cell and covers most of it."""
    stripped = cell.text.strip()
    lead = len(cell.text) - len(cell.text.lstrip())
    start = cell.start + lead
    for span in rec.get("spans", ()):
        if span["label"] != "INDICATOR":
            continue
        if (
            span["start"] == start
            and span["end"] <= cell.end
            and span["end"] - span["start"] >= 0.6 * len(stripped)
        ):
            return rec["text"][span["start"] : span["end"]]
    return None


def read_jsonl(path: Path) -> Iterator[dict]:
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                yield json.loads(line)


def table_examples(
    authored: Path | None = AUTHORED, gold: Iterable[Path] = SAMPLE_GOLD
) -> list[Example]:
    """Examples from the authored tables and report 001's indicator table."""
    out: list[Example] = []
    if authored is not None and authored.exists():
        out.extend(examples_from_records(read_jsonl(authored)))
    for path in gold:
        if path.exists():
            out.extend(examples_from_records(read_jsonl(path)))
    return out
