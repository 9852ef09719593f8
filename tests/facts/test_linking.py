"""pipeline/facts/linking.py: MEASURES links in running text (same clause,
lists, 其中, weight and score lines under a numbered heading), and the clause
and sentence bounds they read."""

from __future__ import annotations

import random

from pipeline.facts import assemble, facts_to_records, process_document
from pipeline.facts.linking import _BREAK_CHARS, _bounds
from pipeline.ingest import read_text_document
from pipeline.schema import EntityRow


def _facts(nlp, text: str):
    return process_document(nlp, read_text_document(text, "t.txt")).facts


def test_cue_linking_lists_and_qizhong(nlp) -> None:
    facts = _facts(nlp, "年末总资产 169.57 万元，其中流动资产 6.34 万元，占总资产的 3.74%。\n")
    assert [f.indicator for f in facts] == ["年末总资产", "流动资产", "流动资产"]
    facts = _facts(nlp, "共统筹举办线下培训班15期，引进博士 5人、硕士 3人。\n")
    assert [f.indicator for f in facts] == ["线下培训班", "引进博士", "硕士"]
    facts = _facts(nlp, "引领全区457个基层党组织开展主题教育。\n")
    assert facts[0].indicator == "基层党组织"


def test_entity_linking_prefers_same_clause() -> None:
    text = "14个村集体经济收入20万元，人才专刊出版5期2500册。\n"
    doc = read_text_document(text, "t.txt")

    def ent(label: str, s: str, nth: int = 0) -> EntityRow:
        start = text.index(s)
        return EntityRow(doc.id, label, s, start, start + len(s), 0)

    ents = [
        ent("COUNT", "14个"),
        ent("INDICATOR", "村"),
        ent("INDICATOR", "集体经济收入"),
        ent("MONEY", "20万元"),
        ent("INDICATOR", "人才专刊出版"),
        ent("COUNT", "5期"),
        ent("COUNT", "2500册"),
    ]
    facts = assemble(doc, sorted(ents, key=lambda e: e.start), cues="merge").facts
    assert [(f.text, f.indicator) for f in facts] == [
        ("14个", "村"),
        ("20万元", "集体经济收入"),
        ("5期", "人才专刊出版"),
        ("2500册", "人才专刊出版"),
    ]


def test_d7_heading_link_and_records(nlp) -> None:
    text = "（1）预算编制合理性\n说明。该指标分值 5 分，自评得分 4.5 分。\n"
    doc = read_text_document(text, "t.txt")
    result = process_document(nlp, doc)
    assert [(f.role, f.indicator) for f in result.facts] == [
        ("weight", "预算编制合理性"),
        ("score", "预算编制合理性"),
    ]
    records = facts_to_records(doc, result)
    assert [s.role for s in records[1].spans] == ["weight", "score"]
    assert records[1].relations == []  # the link crosses records: a fact only (D7)


def test_d7_heading_is_an_indicator_span(nlp) -> None:
    text = "（1）预算编制合理性\n说明。该指标分值 5 分，自评得分 4.5 分。\n"
    doc = read_text_document(text, "t.txt")
    records = facts_to_records(doc, process_document(nlp, doc))
    assert [(s.label, s.text) for s in records[0].spans] == [("INDICATOR", "预算编制合理性")]
    assert records[1].relations == []


def _plain_bounds(text, start, end, chars):
    left = start
    while left > 0 and text[left - 1] not in chars:
        left -= 1
    right = end
    while right < len(text) and text[right] not in chars:
        right += 1
    return left, right


def test_bounds_sets_match_patterns():
    for pattern, chars in _BREAK_CHARS.items():
        for code in range(0x3100):
            c = chr(code)
            assert bool(pattern.match(c)) == (c in chars)
    text = "收入决算数3706.87万元，其中：财政拨款5万元。下一句"
    for pattern in _BREAK_CHARS:
        for start in range(len(text)):
            left, right = _bounds(text, start, start, pattern)
            assert left == 0 or pattern.match(text[left - 1])
            assert right == len(text) or pattern.match(text[right])
            assert not any(pattern.match(c) for c in text[left:start] + text[start:right])


def test_bounds_by_bisection_equal_the_character_walk(sample_paths):
    rng = random.Random(11)
    texts = [f.read_text("utf-8") for f in sample_paths]
    texts += [
        "".join(rng.choice("ab，。；：!?\n中 ") for _ in range(rng.randint(0, 40)))
        for _ in range(500)
    ]
    for text in texts:
        for _ in range(200):
            start = rng.randint(0, len(text))
            end = rng.randint(start, min(len(text), start + 12))
            for pattern, chars in _BREAK_CHARS.items():
                assert _bounds(text, start, end, pattern) == _plain_bounds(text, start, end, chars)
