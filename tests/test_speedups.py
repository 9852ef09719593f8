"""The speed-ups of tokenising, normalising and classifying return exactly
what the plain code does (tagging and clause bounds: tests/test_tagging.py,
tests/facts/test_linking.py)."""

from __future__ import annotations

import pickle
import random
from pathlib import Path

import pytest
from spacy.util import get_words_and_spaces

from pipeline.loading import rules_pipeline
from pipeline.tokenize.segmenters import JiebaSegmenter, domain_dict_path
from pipeline.tokenize.tokenizer import _words_and_spaces

SAMPLE = Path(__file__).resolve().parents[1] / "corpus" / "sample"


def _outcome(fn, words, text):
    try:
        return fn(words, text)
    except ValueError:  # both fail alike, e.g. ["a", " a"]: the space is taken twice
        return "ValueError"


def test_words_and_spaces_matches_spacy():
    rng = random.Random(7)
    pieces = ["a", "b", " ", "  ", "中", "文", " \n", "\t", "x y", " a", "b ", "\u3000"]
    for _ in range(20_000):
        words = [rng.choice(pieces) for _ in range(rng.randint(0, 8))]
        text = "".join(words)
        assert _outcome(_words_and_spaces, words, text) == _outcome(
            get_words_and_spaces, words, text
        ), words
    # words that do not concatenate to the text go to spaCy's own function
    assert _words_and_spaces(["a", "b"], "a b") == get_words_and_spaces(["a", "b"], "a b")
    with pytest.raises(ValueError):
        _words_and_spaces(["a", "c"], "a b")


def test_jieba_cache_returns_fresh_lists_and_pickles():
    seg = JiebaSegmenter(str(domain_dict_path()))
    first = seg("项目资金到位率达到预期")
    first.append("x")
    assert seg("项目资金到位率达到预期") == first[:-1]
    assert seg("项目资金到位率达到预期") == [
        w for w in seg._tok.cut("项目资金到位率达到预期", HMM=False) if w
    ]
    assert pickle.loads(pickle.dumps(seg))("项目资金到位率") == seg("项目资金到位率")


def test_quantity_component_shortcut_keeps_iob():
    nlp = rules_pipeline()
    doc = nlp("本年度无相关内容")
    assert not doc.ents
    assert all(t.ent_iob_ == "O" for t in doc)  # still set to O, as before
    doc = nlp("资金169.57万元")
    assert [(e.text, e.label_) for e in doc.ents] == [("169.57万元", "MONEY")]


def test_normalise_shortcut_equals_translate():
    from pipeline.ingest.normalise import _TABLE, normalise

    for code in range(0x30000):
        c = chr(code)
        assert normalise(c) == c.translate(_TABLE), hex(code)
        assert normalise("年" + c + "，") == ("年" + c + "，").translate(_TABLE), hex(code)
    text = "１６９．５７万元，占（３．７４％）\u3000合计"
    assert normalise(text) == "169.57万元，占（3.74%） 合计"


def test_split_protected_scan_equals_finditer():
    from pipeline.ingest.normalise import normalise
    from pipeline.tokenize.numbers import _matches, _pattern

    texts = [
        normalise(line)
        for f in sorted(SAMPLE.glob("*.txt"))
        for line in f.read_text("utf-8").splitlines()
    ]
    rng = random.Random(5)
    alphabet = "0123456789.,，% 一二两三十百千万亿零分之余多个人元次名年月a١"
    texts += ["".join(rng.choice(alphabet) for _ in range(rng.randint(1, 25))) for _ in range(3000)]
    for text in texts:
        want = [(m.span(), m.groupdict()) for m in _pattern().finditer(text)]
        assert [(m.span(), m.groupdict()) for m in _matches(text)] == want, text


def test_tokenizer_words_with_and_without_normalising():
    nlp = rules_pipeline()
    tok = nlp.tokenizer
    for text in [
        "资金169.57万元，完成率100%",
        "资金１６９．５７万元，完成率１００％",
        "a b\u3000c 5 人",
    ]:
        words = tok.words(text)
        assert "".join(words) == text
        norm_words = tok.words(text.translate({0xFF10 + i: str(i) for i in range(10)}))
        assert [len(w) for w in words] == [len(w) for w in norm_words]


def test_classify_cache_equals_one_batch():
    from pipeline.taxonomy import model as taxonomy

    names = ["资金拨付及时率", "受益群众满意度", "培训人次", "资金拨付及时率", "", "数量指标"]
    names += [f"{w}完成率" for w in "党员干部培训项目资金考核检查"]
    taxonomy._NAMES.clear()
    fresh = [taxonomy.classify([n]) for n in names]
    for known in taxonomy._NAMES.values():
        assert "资金拨付及时率" in known
    taxonomy._NAMES.clear()
    batch = taxonomy.classify(names)
    assert batch == [f[0] for f in fresh]
    assert taxonomy.classify(list(reversed(names))) == list(reversed(batch))  # from the cache


def test_check_not_binary_counts_control_bytes():
    from pipeline.ingest.encoding import _CONTROL_BYTES, _NOT_CONTROL

    rng = random.Random(2)
    for _ in range(200):
        data = bytes(rng.randrange(256) for _ in range(rng.randint(0, 300)))
        assert len(data.translate(None, _NOT_CONTROL)) == sum(b in _CONTROL_BYTES for b in data)
