from decimal import Decimal

import pytest

from pipeline.quantities.numerals import parse_number, to_halfwidth


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("三千二百", "3200"),
        ("一百零五", "105"),
        ("两", "2"),
        ("十", "10"),
        ("十五", "15"),
        ("二十", "20"),
        ("三点五", "3.5"),
        ("一亿二千万", "120000000"),
        ("三万二千", "32000"),
        ("一万五", "15000"),
        ("三千二", "3200"),
        ("一千零二", "1002"),
        ("一千零二十", "1020"),
        ("二十万零五", "200005"),
        ("十二万三千四百五十六", "123456"),
        ("二〇二二", "2022"),
        ("零", "0"),
        ("壹佰贰拾", "120"),
        ("1,297.59", "1297.59"),
        ("１２３", "123"),
        ("1.5万", "15000"),
        ("3千万", "30000000"),
        ("383406", "383406"),
    ],
)
def test_parse_number(text, expected):
    assert parse_number(text) == Decimal(expected)


@pytest.mark.parametrize("bad", ["", "元", "三个", "1.2.3"])
def test_parse_number_rejects_non_numerals(bad):
    with pytest.raises(ValueError):
        parse_number(bad)


def test_to_halfwidth_keeps_length():
    s = "完成１２．５％，共３００人"
    out = to_halfwidth(s)
    assert len(out) == len(s)
    assert out == "完成12.5%，共300人"
