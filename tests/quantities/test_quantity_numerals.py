from decimal import Decimal
from pathlib import Path

import pytest

from pipeline.quantities.numerals import parse_number, to_halfwidth

# Shared with benchmarks/numerals_cn2an_vs_own.py, which scores cn2an on the same cases.
CASES_FILE = Path(__file__).parent / "data" / "numeral_cases.tsv"


def numeral_cases() -> list[tuple[str, str]]:
    lines = CASES_FILE.read_text(encoding="utf-8").splitlines()
    return [tuple(line.split("\t")) for line in lines if line and not line.startswith("#")]


def test_numeral_case_file_is_read():
    assert len(numeral_cases()) >= 40


@pytest.mark.parametrize(("text", "expected"), numeral_cases())
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
