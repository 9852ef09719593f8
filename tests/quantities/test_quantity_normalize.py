"""Normalisation: every row of the guide's table, qualifiers, units, ranges."""

import pytest

from pipeline.quantities import find_quantities, normalize_quantity, read_qualifier

# (text as written in the guide's table, value, unit, normalised, base unit, qualifier)
GUIDE_TABLE = [
    ("169.57 万元", 169.57, "万元", 1695700, "元", None),
    ("超 4.6 万人次", 4.6, "万人次", 46000, "人次", ">"),
    ("近4000人", 4000, "人", 4000, "人", "approx"),
    ("13500余名", 13500, "名", 13500, "名", ">"),
    ("≥600人", 600, "人", 600, "人", ">="),
    ("95%以上", 95, "%", 95.0, "%", ">="),
    ("五分之一", 0.2, "fraction", 20.0, "%", None),
    ("1,297.59万元", 1297.59, "万元", 12975900, "元", None),
    ("三千二百万元", 3200, "万元", 32000000, "元", None),
]


@pytest.mark.parametrize(
    ("written", "value", "unit", "normalized", "base", "qualifier"), GUIDE_TABLE
)
def test_guide_normalisation_table(written, value, unit, normalized, base, qualifier):
    # the recognizer finds exactly one span; its context gives the qualifier
    (q,) = find_quantities(written)
    n = q.norm
    assert n is not None
    assert n.value == pytest.approx(value)
    assert n.unit == unit
    assert n.normalized == pytest.approx(normalized)
    assert n.base_unit == base
    assert n.qualifier == qualifier


def test_money_normalisation_is_exact():
    # Decimal arithmetic: no 1695699.9999999998
    assert normalize_quantity("169.57 万元").normalized == 1695700.0
    assert normalize_quantity("1,297.59万元").normalized == 12975900.0


@pytest.mark.parametrize(
    ("text", "value", "unit", "normalized", "base"),
    [
        ("383406元", 383406, "元", 383406, "元"),
        ("1.2亿元", 1.2, "亿元", 120000000, "元"),
        ("5千元", 5, "千元", 5000, "元"),
        ("两亿元", 2, "亿元", 200000000, "元"),
        ("十万元", 10, "万元", 100000, "元"),
        ("三万二千元", 32000, "元", 32000, "元"),
        ("3千万元", 3, "千万元", 30000000, "元"),
        ("4.6万人次", 4.6, "万人次", 46000, "人次"),
        ("6.65万名", 6.65, "万名", 66500, "名"),
        ("98 分", 98, "分", 98, "分"),
        ("一百零五人", 105, "人", 105, "人"),
        ("两个", 2, "个", 2, "个"),
        ("32.6公里", 32.6, "公里", 32.6, "公里"),
        ("百分之九十", 90, "%", 90.0, "%"),
        ("百分之百", 100, "%", 100.0, "%"),
        ("5‰", 5, "‰", 0.5, "%"),
        ("0.90%", 0.9, "%", 0.9, "%"),
        ("三分之二", 2 / 3, "fraction", 200 / 3, "%"),
        ("300元/年", 300, "元/年", 300, "元/年"),
        ("10万元/年", 10, "万元/年", 100000, "元/年"),
        ("0.06次/10万公顷", 0.06, "次/10万公顷", 0.06, "次/10万公顷"),
        ("2个百分点", 2, "百分点", 2, "百分点"),
        ("0万元", 0, "万元", 0, "元"),
        ("１２０人", 120, "人", 120, "人"),
        ("1500台（套）", 1500, "台", 1500, "台"),
    ],
)
def test_units_and_base_values(text, value, unit, normalized, base):
    n = normalize_quantity(text)
    assert (n.unit, n.base_unit) == (unit, base)
    assert n.value == pytest.approx(value)
    assert n.normalized == pytest.approx(normalized)
    assert n.value_max is None


@pytest.mark.parametrize(
    ("text", "low", "high", "nlow", "nhigh"),
    [
        ("3-5人", 3, 5, 3, 5),
        ("三至五个", 3, 5, 3, 5),
        ("10-20万元", 10, 20, 100000, 200000),
        ("10万-20万元", 10, 20, 100000, 200000),
        ("80%-90%", 80, 90, 80, 90),
    ],
)
def test_ranges(text, low, high, nlow, nhigh):
    n = normalize_quantity(text, left="约", right="以上")
    assert (n.value, n.value_max) == (low, high)
    assert (n.normalized, n.normalized_max) == (nlow, nhigh)
    assert n.qualifier is None  # a range is its own bound


@pytest.mark.parametrize(
    ("left", "right", "inner", "expected"),
    [
        ("≥", "", None, ">="),
        (">=", "", None, ">="),
        ("不低于", "", None, ">="),
        ("不少于", "", None, ">="),
        ("至少", "", None, ">="),
        ("≤", "", None, "<="),
        ("不超过", "", None, "<="),
        ("不高于", "", None, "<="),
        ("控制在", "", None, "<="),
        ("超", "", None, ">"),
        ("超过", "", None, ">"),
        ("超过了", "", None, ">"),
        ("逾", "", None, ">"),
        ("低于", "", None, "<"),
        ("不足", "", None, "<"),
        ("近", "", None, "approx"),
        ("约", "", None, "approx"),
        ("约为", "", None, "approx"),
        ("大约", "", None, "approx"),
        ("达到", "以上", None, ">="),
        ("", "以下", None, "<="),
        ("", "以内", None, "<="),
        ("", "左右", None, "approx"),
        ("", "", "余", ">"),
        ("", "", "多", ">"),
        ("", "", "来", "approx"),
        ("共", "", None, None),
        ("累计", "", None, None),
        ("达到", "", None, None),
        ("", "，", None, None),
        ("最近", "", None, None),  # 最近 is "recently", not 近 "nearly"
        ("不低于", "以上", None, ">="),  # left wins
        ("约", "", "余", "approx"),  # explicit word wins over inner 余
    ],
)
def test_read_qualifier(left, right, inner, expected):
    assert read_qualifier(left, right, inner) == expected


@pytest.mark.parametrize(
    ("sentence", "qualifier"),
    [
        ("引进人才数量不低于800人", ">="),
        ("三公经费控制率≤100%", "<="),
        ("活动超 200 场次", ">"),
        ("满意度约为 93%", "approx"),
        ("干部学员实际参训覆盖率达到95%以上", ">="),
        ("培训干部近4000人", "approx"),
        ("实现8.9万余名报到党员下沉", ">"),
        ("共发展党员190人", None),
        ("收入10万元以下的村", "<="),
        ("每组20人左右", "approx"),
    ],
)
def test_qualifier_from_context_in_running_text(sentence, qualifier):
    (q,) = find_quantities(sentence)
    assert q.norm.qualifier == qualifier


def test_unreadable_span_raises():
    with pytest.raises(ValueError):
        normalize_quantity("很多")
