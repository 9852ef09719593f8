"""The throughput benchmark's corpus (benchmarks/throughput_corpus.py): built from
TRAIN documents only, deterministic, and without a repeated paragraph apart
from short form cells."""

from __future__ import annotations

import json
import sys
from itertools import islice
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "benchmarks"))

import throughput_corpus as tc

N = 8


def _docs(n: int, seed: int = 0) -> list[str]:
    return list(islice(tc.CorpusGenerator(seed).documents(), n))


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> list[Path]:
    paths, dropped = tc.write_corpus(tmp_path_factory.mktemp("corpus"), N)
    assert dropped == 0
    return paths


def test_sources_are_train_documents_only():
    splits = json.loads((ROOT / "annotations" / "splits.json").read_text(encoding="utf-8"))
    names = {s.name for s in tc.load_sources()}
    assert names <= set(splits["train"])
    assert not names & (set(splits["dev"]) | set(splits["unseen-test"]))
    assert not any(n.startswith("ut_") for n in names)


def test_same_seed_same_documents_and_a_longer_corpus_extends_a_shorter_one():
    assert _docs(N) == _docs(N)
    assert _docs(N // 2) == _docs(N)[: N // 2]
    assert _docs(N, seed=1) != _docs(N)


def test_no_paragraph_repeats_but_form_cells(corpus):
    stats = tc.paragraph_stats(corpus)
    assert stats["repeated"] == []
    assert stats["distinct"] < stats["paragraphs"]  # form cells (分值, 5分) do repeat
    # and they are a small share of the text, not a loophole
    assert stats["repeated_form_cell_char_share"] < 0.2


def test_documents_are_new_combinations(corpus):
    texts = [p.read_text(encoding="utf-8") for p in corpus]
    sizes = [len(t) for t in texts]
    assert min(sizes) > 1000 and sum(sizes) / len(sizes) > 3000
    sources = "\n".join(
        p.read_text(encoding="utf-8") for folder in tc.SOURCE_FOLDERS for p in folder.glob("*.txt")
    )
    long_lines = [line.strip() for t in texts for line in t.splitlines() if not tc.may_repeat(line)]
    copied = [line for line in long_lines if line in sources]
    assert len(copied) < len(long_lines) / 3  # most lines are varied, not copied


def test_the_check_sees_a_repeated_paragraph(corpus, tmp_path):
    twice = tmp_path / "copy.txt"
    twice.write_text(corpus[0].read_text(encoding="utf-8"), encoding="utf-8")
    assert tc.paragraph_stats([corpus[0], twice])["repeated"]


def test_form_cells_are_short_cells_only():
    assert tc.may_repeat("分值")
    assert tc.may_repeat("产出指标\t数量指标\t5分")
    assert not tc.may_repeat("资金到位较晚，影响实施进度")
    assert not tc.may_repeat("产出指标\t数量指标\t乡村医生补助发放人数年度合计\t5分")


def test_rewording_pairs_are_disjoint():
    words = [w for pair in tc.REWORDING for w in pair]
    assert len(words) == len(set(words))
