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
        ",,改造供水管网,,≥30公里,31.5公里,6,6,",
        "| 成活率 | 10 | 85% |",
        "成活率\u300010\u300085%",
        "完成巡查项目4 0个，整改率9 2.3%",
        "目标8O%，完成4l6起，受益3,OOO户",
        "核减资金2，345万元",
        "资金总额,2230.5,10,100%,10",
    ],
)
def test_reading_text_keeps_every_offset(text):
    assert len(reading_text(text)) == len(text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # CSV cells: a comma that is no thousands separator is a boundary
        (",,改造供水管网,,≥30公里,31.5公里,6,6,", ["30公里", "31.5公里"]),
        ("年度资金总额,5210.3,10,95.12%,9.5", ["95.12%"]),
        ("午餐补助标准,1,200元/生·年,6", ["1,200元/生·年"]),
        # a thousands-shaped comma in a percent cell: a score cell and a percent
        ("资金总额,2230.5,10,100%,10", ["100%"]),
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
        ("受理4l6起", "4l6起", 416.0),
        ("受益3,OOO户", "3,OOO户", 3000.0),
        ("执行率93.2l%", "93.2l%", 93.21),
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
        ("完成巡查项目4 0个以上", "4 0个", 40.0),
        ("整改率9 2.3%。", "9 2.3%", 92.3),
        ("涉及资金2.4 5亿元", "2.4 5亿元", 245000000.0),
        ("发放消费券3,1 60张", "3,1 60张", 3160.0),
        ("总分  8 7.5分  等级", "8 7.5分", 87.5),
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
