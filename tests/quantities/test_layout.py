"""The reading text: cell boundaries become tabs, OCR garble in numbers is
undone, and every offset still points at the same character."""

from __future__ import annotations

import pytest

from pipeline.quantities import find_quantities
from pipeline.quantities.layout import CELL, reading_text


def spans(text: str) -> list[str]:
    return [q.text for q in find_quantities(text)]


@pytest.mark.parametrize(
    "text",
    [
        ",,新建污水管网,,≥45公里,47.6公里,8,8,",
        "| 成活率 | 10 | 85% |",
        "成活率\u300010\u300085%",
        "完成审计项目3 0个，整改率9 4.6%",
        "目标9O%，完成6l8起，受益6,OOO户",
        "审计核减1，127万元",
        "资金总额,1914.43,10,100%,10",
    ],
)
def test_reading_text_keeps_every_offset(text):
    assert len(reading_text(text)) == len(text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # CSV cells: a comma that is no thousands separator is a boundary
        (",,新建污水管网,,≥45公里,47.6公里,8,8,", ["45公里", "47.6公里"]),
        ("年度资金总额,7186.42,10,96.78%,9.68", ["96.78%"]),
        ("幼儿资助标准,1,000元/生·年,8", ["1,000元/生·年"]),
        # a thousands-shaped comma in a percent cell: a score cell and a percent
        ("资金总额,1914.43,10,100%,10", ["100%"]),
        # tabs, pipes, two spaces and ideographic spaces are cell boundaries
        ("成活率\t10\t85%\t88%", ["85%", "88%"]),
        ("| 成活率 | 10 | 85% | 88% |", ["85%", "88%"]),
        ("成活率  10  85%  88%", ["85%", "88%"]),
        ("成活率\u300010\u300085%", ["85%"]),
    ],
)
def test_no_quantity_crosses_a_cell_boundary(text, expected):
    assert spans(text) == expected


def test_boundaries_become_tabs_and_thousands_separators_stay():
    assert reading_text("a | b") == f"a{CELL * 3}b"
    assert reading_text("1,297.59万元,8") == f"1,297.59万元{CELL}8"
    assert reading_text("a\u3000b") == f"a{CELL}b"


@pytest.mark.parametrize(
    ("text", "span", "value"),
    [
        ("目标≥9O%", "9O%", 90.0),
        ("完成1OO%", "1OO%", 100.0),
        ("受理6l8起", "6l8起", 618.0),
        ("受益6,OOO户", "6,OOO户", 6000.0),
        ("执行率96.5l%", "96.5l%", 96.51),
    ],
)
def test_ocr_letters_in_a_number_are_its_digits(text, span, value):
    (q,) = find_quantities(text)
    assert (q.text, q.norm.normalized) == (span, value)


def test_ocr_letters_outside_numbers_stay_letters():
    assert spans("l级指标 lO 分值") == []
    assert reading_text("PM2.5 O2O lO") == "PM2.5 020 lO"  # no unit: still no quantity
    assert spans("PM2.5 O2O lO") == []


@pytest.mark.parametrize(
    ("text", "span", "value"),
    [
        ("完成审计项目3 0个以上", "3 0个", 30.0),
        ("整改率9 4.6%。", "9 4.6%", 94.6),
        ("涉及资金1.8 6亿元", "1.8 6亿元", 186000000.0),
        ("发放创新券1,2 40张", "1,2 40张", 1240.0),
        ("自评得分  9 3.9分  自评等级", "9 3.9分", 93.9),
    ],
)
def test_an_ocr_space_inside_a_number_is_read_through(text, span, value):
    (q,) = find_quantities(text)
    assert (q.text, q.norm.normalized) == (span, value)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # single-space cells: a row, not a garbled number
        ("苗木成活率 10 85% 88% 10", ["85%", "88%"]),
        # a joined percent or score above 100 cannot be meant (R33)
        ("苗木成活率 10 85%", ["85%"]),
        ("目标值 ≥99 82 4分", ["4分"]),
        # two decimals are two numbers
        ("完成 1.5 2.5公里", ["2.5公里"]),
    ],
)
def test_spaces_between_cells_are_not_joined(text, expected):
    assert spans(text) == expected
