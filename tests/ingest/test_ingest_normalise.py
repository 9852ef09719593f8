import random
import re

from pipeline.ingest.normalise import KEEP, normalise


def test_fullwidth_digits_and_symbols_become_ascii():
    assert normalise("１６９．５７万元") == "169.57万元"
    assert normalise("完成率１００％") == "完成率100%"
    assert normalise("ＧＤＰ增长＋５") == "GDP增长+5"
    assert normalise("≥６００人") == "≥600人"


def test_chinese_sentence_punctuation_is_kept():
    text = "一是，二是：三是；（四）！？。、"
    assert normalise(text) == text
    assert set(KEEP) == set("，：；（）！？")


def test_ideographic_and_no_break_space_become_space():
    assert normalise("中共雁峰区委组织部\u3000") == "中共雁峰区委组织部 "
    assert normalise("a\u00a0b") == "a b"


def test_length_preserving_on_every_bmp_character():
    text = "".join(chr(c) for c in range(0x20, 0x10000) if not 0xD800 <= c <= 0xDFFF)
    result = normalise(text)
    assert len(result) == len(text)


def test_spans_round_trip_between_normalised_and_original():
    original = "项目支出２８１７．２２万元，完成率１００％。\u3000得分９８分"
    normal = normalise(original)
    assert len(normal) == len(original)
    found = [(m.start(), m.end()) for m in re.finditer(r"\d+(?:\.\d+)?[万%分]", normal)]
    assert [original[s:e] for s, e in found] == ["２８１７．２２万", "１００％", "９８分"]
    for s, e in found:
        assert normalise(original[s:e]) == normal[s:e]


def test_slicing_commutes_with_normalise_on_random_text():
    rng = random.Random(7)
    alphabet = "１２３．％，。：ＡＢａｂ\u3000 abc预算执行率"
    for _ in range(200):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 40)))
        start = rng.randint(0, len(text))
        end = rng.randint(start, len(text))
        assert normalise(text)[start:end] == normalise(text[start:end])
