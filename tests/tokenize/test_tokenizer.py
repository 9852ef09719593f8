"""The tokenizer must put every span boundary of the annotation guide on a
token boundary; these are the guide's own examples."""

from __future__ import annotations

import string

import pytest
import spacy

from pipeline.quantities import find_quantities
from pipeline.tokenize import Segmenter, make_nlp


@pytest.fixture(scope="module")
def nlp():
    return make_nlp()


def _aligned(nlp, text: str, span: str) -> bool:
    start = text.index(span)
    return nlp(text).char_span(start, start + len(span), alignment_mode="strict") is not None


@pytest.mark.parametrize(
    ("text", "span"),
    [
        ("年末总资产 169.57 万元，其中流动资产 6.34 万元", "169.57 万元"),
        ("年末总资产 169.57 万元，其中流动资产 6.34 万元", "年末总资产"),
        ("服务群众超 4.6 万人次", "4.6 万人次"),
        ("动员13500余名党员干部参与", "13500余名"),
        ("参训人数≥600人", "600人"),
        ("干部学员实际参训覆盖率达到95%以上", "95%"),
        ("干部学员实际参训覆盖率达到95%以上", "干部学员实际参训覆盖率"),
        ("参与服务企业达到80余家", "80余家"),
        ("约占全市总数量的五分之一", "五分之一"),
        ("共发展党员190人", "发展党员"),
        ("共发展党员190人", "190人"),
        ("12个村获评省级示范村", "12个"),
        ("12个村获评省级示范村", "村"),
        ("总投资三千二百万元", "三千二百万元"),
        ("年度预算1,297.59万元", "1,297.59万元"),
        ("合格率百分之九十以上", "百分之九十"),
        ("每组3-5人", "3-5人"),
        ("出版5期2500册", "5期"),
        ("出版5期2500册", "2500册"),
        ("新建道路32.6公里", "32.6公里"),
        ("储备一支1824人的复合型村社干部后备力量", "1824人"),
        ("完成率５０％", "５０％"),
        # a measured duration before a word that jieba would glue to its unit (R16)
        ("按月度结束后10个工作日内兑付", "10个工作日"),
        # a list number glued to a count at the start of a line: the count alone
        ("7.3所学校获评示范校", "3所"),
        # OCR garble is tagged as written (R34)
        ("目标≥8O%，完成5l2起", "8O%"),
        ("目标≥8O%，完成5l2起", "5l2起"),
        ("完成巡查项目4 0个以上", "4 0个"),
    ],
)
def test_guide_boundaries_fall_on_tokens(nlp, text, span):
    assert _aligned(nlp, text, span), [t.text for t in nlp(text)]


_ASCII = string.digits + string.ascii_letters + ".,%"
# full-width forms (U+FF01..U+FF5E); the comma becomes the Chinese comma ，
_FULL_WIDTH = str.maketrans(_ASCII, "".join(chr(ord(c) + 0xFEE0) for c in _ASCII))


@pytest.mark.parametrize(
    "text",
    [
        "年初预算1,128万元，调整后预算1,246.5万元，执行率97.82%。",
        "审计核减1,127万元；整改问题213个，整改率94.6%。",
        "建成5G基站36个，V2.0平台服务2,300,000人次。",
        "资金到位率100%，培训50人次，人均补助0.35万元。",
    ],
)
def test_full_width_numbers_tokenize_as_ascii_ones(nlp, text):
    wide = text.translate(_FULL_WIDTH)
    doc = nlp(wide)
    assert [(t.idx, len(t)) for t in doc] == [(t.idx, len(t)) for t in nlp(text)]
    found = find_quantities(wide)
    assert [(q.start, q.end) for q in found] == [(q.start, q.end) for q in find_quantities(text)]
    for q in found:
        assert doc.char_span(q.start, q.end, alignment_mode="strict") is not None, q.text


def test_mixed_widths_with_a_chinese_comma_align(nlp):
    # OCR-like text: a full-width digit after a Chinese comma used for thousands
    text = "调整后预算1，２46.5万元，实际支出1，219.3万元。"
    doc = nlp(text)
    spans = [q.text for q in find_quantities(text)]
    assert spans == ["1，２46.5万元", "1，219.3万元"]
    for q in find_quantities(text):
        assert doc.char_span(q.start, q.end, alignment_mode="strict") is not None, q.text


def test_doc_text_is_input_text(nlp):
    text = "２０２２年 完成\t１６９．５７ 万元，  占比３．７４％"
    assert nlp(text).text == text


def test_domain_dictionary_keeps_terms_whole(nlp):
    words = [t.text for t in nlp("整顿软弱涣散党组织，压减三公经费，招录选调生")]
    for term in ("软弱涣散党组织", "三公经费", "选调生"):
        assert term in words


def test_char_segmenter_selectable():
    nlp = make_nlp(Segmenter.char)
    assert [t.text for t in nlp("发展党员")] == ["发", "展", "党", "员"]


def test_unknown_segmenter_is_a_clear_error():
    with pytest.raises(ValueError, match="unknown segmenter"):
        make_nlp("nltk")


def test_segmenter_choice_survives_save_and_load(tmp_path):
    nlp = make_nlp(Segmenter.char)
    nlp.to_disk(tmp_path / "m")
    loaded = spacy.load(tmp_path / "m")
    assert loaded.tokenizer.segmenter == "char"
    assert loaded.config["nlp"]["tokenizer"]["segmenter"] == "char"
    assert len(loaded("发展党员")) == 4


def test_pkuseg_segmenter_trains_and_serialises(tmp_path):
    spacy_pkuseg = pytest.importorskip("spacy_pkuseg")
    lines = ["发展 党员 190 人", "年末 总资产 增加", "培训 干部 学员", "党员 干部 参加 培训"] * 5
    train = tmp_path / "train.txt"
    train.write_text("\n".join(lines) + "\n", encoding="utf-8")
    model = tmp_path / "pkuseg"
    model.mkdir()
    spacy_pkuseg.train(str(train), str(train), str(model), train_iter=2)
    nlp = make_nlp(Segmenter.pkuseg, pkuseg_model=str(model))
    assert nlp("发展党员190人").text == "发展党员190人"
    nlp.to_disk(tmp_path / "saved")
    loaded = spacy.load(tmp_path / "saved")
    assert loaded.tokenizer.segmenter == "pkuseg"
    assert _aligned(loaded, "发展党员190人", "190人")
    spaced = "年末总资产 169.57 万元，其中 流动资产"
    assert loaded(spaced).text == spaced
    assert _aligned(loaded, spaced, "169.57 万元")


def test_pkuseg_without_model_is_a_clear_error():
    with pytest.raises(ValueError, match="pkuseg_model"):
        make_nlp(Segmenter.pkuseg)


def test_recorded_doc_text_equals_doc_text():
    from spacy.tokens import Doc

    from pipeline.tokenize import make_nlp
    from pipeline.tokenize.doctext import _TEXTS, doc_text

    nlp = make_nlp()
    texts = ["年末总资产 169.57 万元，占３．７４％", "a  b\u3000c\n", "", "  "]
    for text in texts:
        doc = nlp.make_doc(text)
        assert doc in _TEXTS  # recorded, not rebuilt
        assert doc_text(doc) == doc.text == text
        if len(doc) > 1:
            with doc.retokenize() as retokenizer:
                retokenizer.merge(doc[0:2])
            assert doc_text(doc) == doc.text == text
        part = doc[0:1].as_doc(copy_user_data=True) if len(doc) else doc
        assert doc_text(part) == part.text
    other = Doc(nlp.vocab, words=["资金", "5", "万元"], spaces=[False, True, False])
    assert other not in _TEXTS and doc_text(other) == "资金5 万元"
