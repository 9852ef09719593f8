"""The spaCy component perf_facts_quantities and the pre-fill helpers."""

import logging

import pytest
import spacy
from spacy.tokens import Span

import pipeline.quantities.component  # noqa: F401  (registers the factory)
from pipeline.quantities import prefill_record, prefill_spans
from pipeline.quantities.component import FACTORY

TEXT = "年末总资产 169.57 万元，占总资产的 3.74%；累计培训超 4.6 万人次，共发展党员190人。"
EXPECTED = [
    ("MONEY", "169.57 万元"),
    ("PERCENT", "3.74%"),
    ("COUNT", "4.6 万人次"),
    ("COUNT", "190人"),
]


def _char_nlp():
    return spacy.blank("zh", config={"nlp": {"tokenizer": {"segmenter": "char"}}})


def _project_nlp():
    try:
        from pipeline.tokenize import make_nlp
    except ImportError:  # tokenizer package not there: fall back to characters
        return _char_nlp()
    return make_nlp()


@pytest.fixture(params=["project", "char"])
def nlp(request):
    return _project_nlp() if request.param == "project" else _char_nlp()


def test_standalone_writes_ents_with_normalisation(nlp):
    nlp.add_pipe(FACTORY)
    doc = nlp(TEXT)
    assert [(e.label_, e.text) for e in doc.ents] == EXPECTED
    money = doc.ents[0]
    assert money._.quantity.normalized == 1695700.0
    assert doc.ents[2]._.quantity.qualifier == ">"
    comp = nlp.get_pipe(FACTORY)
    assert (comp.seen, comp.misaligned) == (4, 0)


def test_span_group_target_leaves_ents_alone(nlp):
    nlp.add_pipe(FACTORY, config={"target": "spans", "spans_key": "qty"})
    doc = nlp(TEXT)
    assert [(s.label_, s.text) for s in doc.spans["qty"]] == EXPECTED
    assert list(doc.ents) == []


def _fake_ner(doc):
    # a "trained NER" that labels 年末总资产 and, wrongly, 169.57 as something else
    doc.ents = [
        doc.char_span(0, 5, label="INDICATOR", alignment_mode="expand"),
        doc.char_span(6, 12, label="OTHER", alignment_mode="expand"),
    ]
    return doc


@pytest.mark.parametrize("overwrite", [False, True])
def test_beside_a_trained_ner(overwrite):
    nlp = _char_nlp()
    nlp.add_pipe("fake_ner_for_quantities")
    nlp.add_pipe(FACTORY, config={"overwrite_ents": overwrite})
    doc = nlp(TEXT)
    got = [(e.label_, e.text) for e in doc.ents]
    assert ("INDICATOR", "年末总资产") in got
    if overwrite:
        assert ("MONEY", "169.57 万元") in got
        assert ("OTHER", "169.57") not in got
    else:
        assert ("OTHER", "169.57") in got
        assert ("MONEY", "169.57 万元") not in got
    # the other quantities are added either way
    assert ("PERCENT", "3.74%") in got and ("COUNT", "190人") in got


spacy.Language.component("fake_ner_for_quantities", func=_fake_ner)


def test_misaligned_spans_are_counted_and_logged(caplog):
    from spacy.tokens import Doc

    nlp = _char_nlp()
    comp = nlp.add_pipe(FACTORY)
    # one token "超4.6万人次" swallows the qualifier: the span cannot align strictly
    doc = Doc(nlp.vocab, words=["累计", "超4.6万人次", "，", "共", "190", "人"], spaces=[False] * 6)
    with caplog.at_level(logging.WARNING, logger="pipeline.quantities.component"):
        doc = comp(doc)
    assert [(e.label_, e.text) for e in doc.ents] == [("COUNT", "190人")]
    assert comp.misaligned == 1 and comp.seen == 2
    assert [q.text for q in comp.last_misaligned] == ["4.6万人次"]
    assert "does not align" in caplog.text
    comp.reset_counts()
    assert (comp.seen, comp.misaligned) == (0, 0)


def test_bad_target_is_rejected():
    with pytest.raises(ValueError):
        _char_nlp().add_pipe(FACTORY, config={"target": "cats"})


def test_span_extension_is_registered():
    assert Span.has_extension("quantity")


def test_prefill_spans_guide_format():
    out = prefill_spans(TEXT)
    assert [s["id"] for s in out] == ["s1", "s2", "s3", "s4"]
    for s in out:
        assert s["role"] == "value"
        assert TEXT[s["start"] : s["end"]] == s["text"]
        assert set(s) == {"id", "start", "end", "label", "text", "role"}
    assert [(s["label"], s["text"]) for s in out] == EXPECTED


def test_prefill_record_keeps_existing_spans():
    rec = {
        "id": "x#p0001",
        "text": TEXT,
        "meta": {},
        "spans": [
            {"id": "s1", "start": 0, "end": 5, "label": "INDICATOR", "text": "年末总资产"},
            {
                "id": "s2",
                "start": 6,
                "end": 15,
                "label": "MONEY",
                "text": "169.57 万元",
                "role": "target",
            },
        ],
        "relations": [{"from": "s2", "to": "s1", "label": "MEASURES"}],
    }
    out = prefill_record(rec)
    assert rec["spans"][1]["role"] == "target" and len(rec["spans"]) == 2  # input untouched
    ids = [s["id"] for s in out["spans"]]
    assert ids == ["s1", "s2", "s3", "s4", "s5"]
    assert out["spans"][1]["role"] == "target"  # existing span not replaced
    assert [s["text"] for s in out["spans"][2:]] == ["3.74%", "4.6 万人次", "190人"]
    assert out["relations"] == rec["relations"]


def test_prefill_with_norm():
    (s,) = prefill_spans("超 4.6 万人次", with_norm=True)
    assert s["norm"]["normalized"] == 46000.0 and s["norm"]["qualifier"] == ">"


def test_normalize_false_finds_the_same_spans():
    nlp = _project_nlp()
    nlp.add_pipe(FACTORY)
    full = nlp(TEXT)
    bare = nlp.get_pipe(FACTORY)(nlp.make_doc(TEXT), normalize=False)
    assert [(e.label_, e.start_char, e.end_char) for e in bare.ents] == [
        (e.label_, e.start_char, e.end_char) for e in full.ents
    ]
    assert all(e._.quantity is None for e in bare.ents)
    assert all(e._.quantity is not None for e in full.ents)
    (piped,) = nlp.pipe([TEXT], component_cfg={FACTORY: {"normalize": False}})
    assert [e.text for e in piped.ents] == [e.text for e in full.ents]
