"""A small constructed gold file and its source text, built in tmp_path."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pipeline.annotations.records import Meta, Record, Span
from pipeline.ingest.paragraphs import paragraph_id, split_paragraphs

DOC = "t_eval"
SOURCE = (
    "\n某单位 2022 年度绩效自评报告\n"
    "年末总资产 169.57 万元，其中流动资产 6.34 万元，占总资产的 3.74%。\n"
    "\n"
    "  共发展党员190人，举办培训班15期。  \n"
    "干部学员参训覆盖率达到95%以上，自评得分100分。\n"
)

# quantity spans the rule layer finds, per paragraph (in text order)
QUANTITIES = {
    1: [("169.57 万元", "MONEY"), ("6.34 万元", "MONEY"), ("3.74%", "PERCENT")],
    2: [("190人", "COUNT"), ("15期", "COUNT")],
    3: [("95%", "PERCENT"), ("100分", "COUNT")],
}


# the guide's roles where they are not the default (自评得分100分: a score)
ROLES = {"100分": "score"}


def build_records(spans_by_par: dict[int, list[tuple[str, str]]], doc: str = DOC) -> list[Record]:
    records = []
    for p in split_paragraphs(SOURCE):
        spans = []
        pos = 0
        for i, (text, label) in enumerate(spans_by_par.get(p.index, []), 1):
            start = p.text.index(text, pos)
            pos = start + len(text)
            role = ROLES.get(text, "value") if label in ("MONEY", "COUNT", "PERCENT") else None
            spans.append(Span(f"s{i}", start, start + len(text), label, text, role))
        records.append(
            Record(
                id=paragraph_id(doc, p.index),
                text=p.text,
                meta=Meta(doc=doc, offset=p.start, source=f"{doc}.txt"),
                spans=spans,
            )
        )
    return records


def write_jsonl(path: Path, records: list[Record]) -> Path:
    path.write_text(
        "".join(json.dumps(r.to_dict(), ensure_ascii=False) + "\n" for r in records),
        encoding="utf-8",
    )
    return path


@pytest.fixture
def eval_dir(tmp_path: Path) -> Path:
    """tmp_path with src/t_eval.txt and gold.jsonl (quantities only)."""
    src = tmp_path / "src"
    src.mkdir()
    (src / f"{DOC}.txt").write_text(SOURCE, encoding="utf-8")
    write_jsonl(tmp_path / "gold.jsonl", build_records(QUANTITIES))
    return tmp_path
