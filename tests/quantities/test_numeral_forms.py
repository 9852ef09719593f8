"""Every written form of a number that the quantity reader supports, one named
case each (``data/quantity_forms.tsv``), read through ``find_quantities`` (the
span path users get) and, for the bare numerals, ``parse_number``."""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

import pytest

from pipeline.quantities import find_quantities, parse_number
from pipeline.quantities.grammar import MAX_VALUE, NumeralError, NumeralOutOfRange

DATA = Path(__file__).parent / "data" / "quantity_forms.tsv"
DOCS = Path(__file__).resolve().parents[2] / "docs" / "numbers.md"


def forms() -> list[tuple[str, ...]]:
    rows = []
    for line in DATA.read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            rows.append(tuple(line.split("\t")))
    return rows


def test_forms_file_is_read():
    assert len(forms()) >= 50
    assert all(len(r) == 7 for r in forms())


@pytest.mark.parametrize(
    ("name", "sentence", "span", "label", "value", "base", "qualifier"),
    forms(),
    ids=[r[0] for r in forms()],
)
def test_written_form(name, sentence, span, label, value, base, qualifier):
    found = find_quantities(sentence)
    if span == "-":
        assert found == [], name
        return
    assert [q.text for q in found] == [span]
    q = found[0]
    assert q.label == label
    assert q.norm is not None
    assert q.norm.normalized == float(Decimal(value))
    assert q.norm.base_unit == base
    assert q.norm.qualifier == (None if qualifier == "-" else qualifier)


def test_range_keeps_both_ends_exact():
    (q,) = find_quantities("投入10-20万元。")
    assert (q.norm.normalized, q.norm.normalized_max) == (100000.0, 200000.0)
    assert (q.norm.value, q.norm.unit) == (10.0, "万元")


def test_written_value_keeps_the_multiplier_once():
    """七亿二千万元 is 72000 万元, never 七亿二千 × 万 again."""
    (q,) = find_quantities("年度收入七亿二千万元。")
    assert (q.norm.value, q.norm.unit, q.norm.normalized) == (72000.0, "万元", 720000000.0)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("七亿二千万", "720000000"),
        ("三千零十五", "3015"),
        ("零十", "10"),
        ("零五百", "500"),
        ("十万零三千", "103000"),
        ("一万亿", "1000000000000"),
        ("一万二千亿", "1200000000000"),
        ("2亿3000万", "230000000"),
        ("6万8千", "68000"),
        ("1.2万亿", "1200000000000"),
        ("三十几", "30"),
        ("玖仟玖佰玖拾玖", "9999"),
        ("两萬", "20000"),
        ("负一百", "-100"),
        ("-3.5", "-3.5"),
        ("负零点五", "-0.5"),
    ],
)
def test_parse_number_forms(text, expected):
    assert parse_number(text) == Decimal(expected)


def test_bound_is_one_place_and_never_inf():
    with pytest.raises(NumeralOutOfRange):
        parse_number("1" * 17)
    with pytest.raises(NumeralOutOfRange):
        parse_number("20000万亿")  # 2 × 10^16 through the multipliers
    assert parse_number("9" * 16) == MAX_VALUE - 1


def test_huge_run_is_no_quantity_and_stays_linear():
    """Issue 17 defect 4: '1'*500000 + '万元' was stored as value=inf."""
    for text in ("1" * 500_000 + "万元", "1" * 500_000 + "%"):
        assert find_quantities(text) == []
        assert find_quantities(text, normalize=False) == []


# A lone 万 is a numeral now (上万人, 万余人: the patterns say where it may open one).
@pytest.mark.parametrize("bad", ["十百", "一亿二亿", "三几", "万万", "几", "几五", "1.2.3"])
def test_grammar_rejects_broken_numerals(bad):
    with pytest.raises(NumeralError):
        parse_number(bad)


def test_docs_table_shows_the_case_file():
    """docs/numbers.md lists each form with the value and qualifier tested here."""
    rows = {}
    for line in DOCS.read_text(encoding="utf-8").splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) == 5 and cells[1].startswith("`"):
            rows[cells[0]] = cells
    for name, sentence, span, _label, value, base, qualifier in forms():
        assert name in rows, name
        _, example, _written, doc_value, doc_qual = rows[name]
        assert example == f"`{sentence}`", name
        want = "no quantity" if span == "-" else f"{_num(value)} {base}"
        assert doc_value == want, name
        assert doc_qual == ("none" if qualifier == "-" else qualifier), name


def _num(value: str) -> str:
    d = Decimal(value)
    return f"{d:,f}" if d == d.to_integral_value() else re.sub(r"0+$", "", f"{d:,f}")
