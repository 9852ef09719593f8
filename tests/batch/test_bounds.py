"""Rows stay bounded and finite: a long line of quantities gives short evidence
windows with offsets into the text; inf/NaN never reach the output."""

from __future__ import annotations

import json
import math
import random
from dataclasses import replace
from pathlib import Path

from pipeline.batch import extract_to_frames
from pipeline.bounds import EVIDENCE_WINDOW, NON_FINITE_CHECK, bound_result, clip_sentence
from pipeline.schema import DocumentResult, DocumentRow, FactRow, FlagRow


def _numbers_line(n_chars: int, sep: str = " ") -> str:
    rnd = random.Random(0)
    parts: list[str] = []
    while sum(map(len, parts)) + len(parts) < n_chars:
        parts.append(f"{rnd.randint(1, 99999)}.{rnd.randint(0, 99)}万元")
    return sep.join(parts)


def test_a_long_line_gives_bounded_evidence_with_offsets(tmp_path):
    text = _numbers_line(20_000)
    path = tmp_path / "numbers.txt"
    path.write_text(text, encoding="utf-8")
    facts = extract_to_frames([path], model="rules")["facts"]
    assert len(facts) > 1000
    assert facts["sentence"].str.len().max() <= EVIDENCE_WINDOW
    for row in facts.itertuples():
        s, e = int(row.sentence_start), int(row.sentence_end)
        assert text[s:e] == row.sentence
        assert s <= row.start and row.end <= e  # the window holds its quantity


def _fact(sentence: str, start: int, end: int, s0: int | None = 0) -> FactRow:
    return FactRow(
        doc_id="d",
        fact_id="d#f1",
        source="text",
        quantity_label="MONEY",
        role="value",
        text=sentence[start - (s0 or 0) : end - (s0 or 0)],
        start=start,
        end=end,
        value=1.0,
        unit="万元",
        normalized_value=1e4,
        base_unit="元",
        qualifier=None,
        sentence=sentence,
        sentence_start=s0,
        sentence_end=None if s0 is None else s0 + len(sentence),
    )


def test_clip_keeps_short_sentences_and_centres_long_ones():
    short = _fact("资金10万元。", 2, 6)
    assert clip_sentence(short) is short
    assert short.sentence == "资金10万元。" and short.sentence_end == 7
    long = "甲" * 1000 + "10万元" + "乙" * 1000
    f = clip_sentence(_fact(long, 1100, 1104, s0=100))
    assert len(f.sentence) == EVIDENCE_WINDOW and "10万元" in f.sentence
    assert f.sentence == long[f.sentence_start - 100 : f.sentence_end - 100]
    # a table row (no offsets): the window is found from the quantity's text
    row = _fact("名称 | " + "x" * 500 + " | 10万元 | " + "y" * 500, 0, 4, s0=None)
    row = clip_sentence(replace(row, text="10万元"))
    assert len(row.sentence) == EVIDENCE_WINDOW and "10万元" in row.sentence


def test_non_finite_values_become_null_and_a_flag():
    doc = DocumentRow(
        doc_id="d", file="f", content_hash="h", format="txt", chars=1, spending=math.inf
    )
    fact = replace(_fact("资金10万元。", 2, 6), value=math.inf, normalized_value=math.nan)
    flag = FlagRow(
        doc_id="d",
        check="rate_mismatch",
        message="m",
        expected=-math.inf,
        actual=1.0,
        difference=math.inf,
        evidence="[]",
    )
    result = DocumentResult(document=doc, facts=[fact], flags=[flag])
    result = bound_result(result)
    (fact,), doc, flag = result.facts, result.document, result.flags[0]
    assert fact.value is None and fact.normalized_value is None
    assert doc.spending is None
    assert flag.expected is None and flag.difference is None and flag.actual == 1.0
    added = [f for f in result.flags if f.check == NON_FINITE_CHECK]
    assert len(added) == 5 and doc.n_flags == len(result.flags)
    assert json.loads(added[0].evidence)[0]["start"] == 2


def test_a_number_beyond_the_float_range_is_never_inf(tmp_path):
    path = Path(tmp_path / "huge.txt")
    path.write_text("项目资金" + "1" * 400 + "万元，完成率" + "9" * 400 + "%。\n", encoding="utf-8")
    frames = extract_to_frames([path], model="rules")
    for name in ("documents", "facts", "flags"):
        floats = frames[name].select_dtypes("float")
        assert not floats.isin([math.inf, -math.inf]).any().any(), name
