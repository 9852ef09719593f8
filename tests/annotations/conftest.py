"""Small gold records built at test time, with their source file."""

from __future__ import annotations

import copy
from pathlib import Path

import pytest

from pipeline.annotations.records import Meta, Record, Relation, Span
from pipeline.ingest.paragraphs import paragraph_id, split_paragraphs

ROOT = Path(__file__).resolve().parents[2]
PASS_A = ROOT / "annotations" / "work" / "passA"

DOC = "t01_sample"
SOURCE = (
    "\n附件 3\n"
    "年末总资产 169.57 万元，其中流动资产 6.34 万元，占总资产的 3.74%。\n"
    "\n"
    "  共发展党员190人，获评第五届全国人才工作最佳创新案例奖。  \n"
    "干部学员实际参训覆盖率达到95%以上，自评得分100分。\n"
)

# (paragraph index, span text, label, role, occurrence) in text order
_SPANS = {
    1: [
        ("年末总资产", "INDICATOR", None),
        ("169.57 万元", "MONEY", "value"),
        ("流动资产", "INDICATOR", None),
        ("6.34 万元", "MONEY", "value"),
        ("3.74%", "PERCENT", "value"),
    ],
    2: [
        ("发展党员", "INDICATOR", None),
        ("190人", "COUNT", "value"),
        ("第五届全国人才工作最佳创新案例奖", "ACHIEVEMENT", None),
    ],
    3: [
        ("干部学员实际参训覆盖率", "INDICATOR", None),
        ("95%", "PERCENT", "target"),
        ("自评得分", "INDICATOR", None),
        ("100分", "COUNT", "score"),
    ],
}
_RELS = {1: [("s2", "s1"), ("s4", "s3")], 2: [("s2", "s1")], 3: [("s2", "s1"), ("s4", "s3")]}


def build_records(doc: str = DOC, source: str = SOURCE) -> list[Record]:
    records = []
    for p in split_paragraphs(source):
        spans = []
        pos = 0
        for n, (text, label, role) in enumerate(_SPANS.get(p.index, []), 1):
            start = p.text.index(text, pos)
            pos = start + len(text)
            spans.append(Span(f"s{n}", start, pos, label, text, role))
        rels = [Relation(a, b, "MEASURES") for a, b in _RELS.get(p.index, [])]
        records.append(
            Record(
                id=paragraph_id(doc, p.index),
                text=p.text,
                meta=Meta(doc=doc, offset=p.start, source=f"{doc}.txt"),
                spans=spans,
                relations=rels,
            )
        )
    return records


@pytest.fixture
def records() -> list[Record]:
    return build_records()


@pytest.fixture
def source_dir(tmp_path: Path) -> Path:
    d = tmp_path / "src"
    d.mkdir()
    (d / f"{DOC}.txt").write_text(SOURCE, encoding="utf-8")
    return d


@pytest.fixture
def source_text() -> str:
    return SOURCE


@pytest.fixture
def make_records():
    return build_records


@pytest.fixture
def clone():
    return copy.deepcopy


@pytest.fixture
def pass_a() -> list[Path]:
    """Pass A annotation files of the sample reports, where present (read-only)."""
    return sorted(PASS_A.glob("*.jsonl")) if PASS_A.is_dir() else []


@pytest.fixture
def sample_dir() -> Path:
    return ROOT / "corpus" / "sample"


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers",
        "labelstudio: needs a real Label Studio server (set PERF_FACTS_LABEL_STUDIO to the "
        "label-studio executable; scripts/run_labelstudio_test.sh does it)",
    )
