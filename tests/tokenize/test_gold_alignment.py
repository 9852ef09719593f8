"""Every gold span must fall on token boundaries, or spaCy drops it silently
(W030) when the gold becomes training data."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pipeline.tokenize import Segmenter, make_nlp

GOLD = sorted((Path(__file__).resolve().parents[2] / "annotations" / "gold").glob("*.jsonl"))


@pytest.mark.parametrize("segmenter", [Segmenter.jieba, Segmenter.char])
def test_no_gold_span_is_misaligned(segmenter):
    assert GOLD, "annotations/gold is empty"
    nlp = make_nlp(segmenter)
    misaligned, total = [], 0
    for path in GOLD:
        for line in path.read_text(encoding="utf-8").splitlines():
            record = json.loads(line)
            if not record["spans"]:
                continue
            doc = nlp(record["text"])
            for span in record["spans"]:
                total += 1
                if doc.char_span(span["start"], span["end"], alignment_mode="strict") is None:
                    misaligned.append((record["id"], span["text"]))
    assert total > 400
    assert misaligned == []
