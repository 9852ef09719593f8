"""Round trip: a number written in any supported style, inside a report-style
sentence, is read back by ``find_quantities`` as the whole span with the exact
value.

The writers below are this test's own (independent of the grammar): standard
Chinese numerals with the 零 rules, financial capitals, Arabic with 万/亿
chains, Arabic with thousands separators, full-width digits. The sentences are
our own templates. Seeded (``derandomize``), about 24,000 examples in all.
"""

from __future__ import annotations

from decimal import Decimal

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline.quantities import find_quantities

BASE = settings(
    derandomize=True,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
)


def examples(n: int) -> settings:
    return settings(BASE, max_examples=n)


MAX_INT = 10**13

PLAIN_DIGITS = "零一二三四五六七八九"
CAPITAL_DIGITS = "零壹贰叁肆伍陆柒捌玖"
PLAIN_UNITS = ("", "十", "百", "千")
CAPITAL_UNITS = ("", "拾", "佰", "仟")

# (template, unit, label): {q} is the quantity (number + unit)
MONEY = [("本年度共投入资金{q}，用于项目建设。", "元", "MONEY"), ("发放补贴{q}。", "元", "MONEY")]
COUNT = [
    ("全年培训{q}，覆盖各街道。", "人", "COUNT"),
    ("新建站点{q}。", "个", "COUNT"),
    ("完成整改{q}，", "项", "COUNT"),
]
PERCENT = [("项目完成率达到{q}，", "%", "PERCENT"), ("同比增长{q}。", "%", "PERCENT")]


# --- writers ------------------------------------------------------------------------
def _four(n: int, digits: str, units: tuple[str, ...]) -> str:
    """0 < n < 10000 with 零 for inner gaps (一千零五, 一百零五十 never)."""
    out, gap = "", False
    for power in (3, 2, 1, 0):
        d = n // 10**power % 10
        if d == 0:
            gap = bool(out)
            continue
        if gap:
            out += digits[0]
            gap = False
        out += digits[d] + units[power]
    return out


def _below_yi(n: int, digits: str, units: tuple[str, ...], wan: str) -> str:
    """0 < n < 10^8."""
    high, low = divmod(n, 10**4)
    if not high:
        return _four(low, digits, units)
    out = _four(high, digits, units) + wan
    if low:
        out += (digits[0] if low < 1000 else "") + _four(low, digits, units)
    return out


def chinese(n: int, capitals: bool = False, short_ten: bool = False) -> str:
    """Standard Chinese numeral for 0 <= n <= 10^13 (一万二千亿零五, 十万零三千)."""
    digits, units = (CAPITAL_DIGITS, CAPITAL_UNITS) if capitals else (PLAIN_DIGITS, PLAIN_UNITS)
    if n == 0:
        return digits[0]
    high, low = divmod(n, 10**8)
    if not high:
        out = _below_yi(low, digits, units, "万")
    else:
        out = _below_yi(high, digits, units, "万") + "亿"
        if low:
            out += (digits[0] if low < 10**7 else "") + _below_yi(low, digits, units, "万")
    if short_ten and out.startswith(digits[1] + units[1]):
        out = out[1:]  # 一十五 → 十五
    return out


def chinese_decimal(d: Decimal, capitals: bool = False) -> str:
    whole, _, frac = f"{d:f}".partition(".")
    out = chinese(int(whole), capitals)
    if frac:
        digits = CAPITAL_DIGITS if capitals else PLAIN_DIGITS
        out += "点" + "".join(digits[int(c)] for c in frac)
    return out


def arabic_chain(n: int) -> str:
    """n (a multiple of 1000) as Arabic parts with 亿/万/千: 2亿3000万, 6万8千."""
    yi, rest = divmod(n, 10**8)
    wan, rest = divmod(rest, 10**4)
    qian = rest // 1000
    parts = [f"{yi}亿" if yi else "", f"{wan}万" if wan else "", f"{qian}千" if qian else ""]
    return "".join(parts) or "0"


def separators(d: Decimal) -> str:
    return f"{d:,f}"


def fullwidth(text: str) -> str:
    return text.translate(str.maketrans("0123456789.,", "０１２３４５６７８９．，"))


# --- strategies -----------------------------------------------------------------------
integers = st.integers(min_value=0, max_value=MAX_INT)
decimals = st.builds(
    lambda whole, frac, places: Decimal(whole) + Decimal(frac % 10**places) / 10**places,
    st.integers(min_value=0, max_value=10**9),
    st.integers(min_value=0, max_value=9999),
    st.integers(min_value=1, max_value=4),
)


def check(template: tuple[str, str, str], written: str, expected: Decimal) -> None:
    sentence_tpl, unit, label = template
    quantity = written + unit
    sentence = sentence_tpl.format(q=quantity)
    found = find_quantities(sentence)
    assert [q.text for q in found] == [quantity], sentence
    q = found[0]
    assert q.label == label, sentence
    assert q.norm is not None, sentence
    assert q.norm.normalized == float(expected), sentence
    assert q.norm.qualifier is None, sentence


@examples(5000)
@given(n=integers, template=st.sampled_from(MONEY + COUNT), short_ten=st.booleans())
def test_chinese_integers(n, template, short_ten):
    check(template, chinese(n, short_ten=short_ten), Decimal(n))


@examples(4000)
@given(n=integers, template=st.sampled_from(MONEY + COUNT))
def test_financial_capitals(n, template):
    check(template, chinese(n, capitals=True), Decimal(n))


@examples(2000)
@given(d=decimals, template=st.sampled_from(MONEY + COUNT))
def test_chinese_decimals(d, template):
    check(template, chinese_decimal(d), d)


@examples(4000)
@given(k=st.integers(min_value=1, max_value=MAX_INT // 1000), template=st.sampled_from(MONEY))
def test_arabic_multiplier_chains(k, template):
    check(template, arabic_chain(k * 1000), Decimal(k * 1000))


@st.composite
def with_multiplier(draw) -> tuple[str, Decimal]:
    """1.2345万, 38.5亿, 3千万: a decimal times a multiplier, at most 10^13."""
    word, factor = draw(st.sampled_from([("万", 10**4), ("亿", 10**8), ("千万", 10**7)]))
    whole = draw(st.integers(min_value=0, max_value=MAX_INT // factor - 1))
    places = draw(st.integers(min_value=0, max_value=4))
    frac = draw(st.integers(min_value=0, max_value=10**places - 1))
    d = Decimal(whole) + Decimal(frac) / 10**places
    return f"{d:f}{word}", d * factor


@examples(3000)
@given(number=with_multiplier(), template=st.sampled_from(MONEY + COUNT))
def test_arabic_decimal_with_multiplier(number, template):
    check(template, *number)


@examples(3000)
@given(value=st.one_of(integers.map(Decimal), decimals), template=st.sampled_from(MONEY + COUNT))
def test_arabic_thousands_separators(value, template):
    check(template, separators(value), value)


@examples(2000)
@given(value=st.one_of(integers.map(Decimal), decimals), template=st.sampled_from(MONEY + COUNT))
def test_fullwidth_digits(value, template):
    check(template, fullwidth(f"{value:f}"), value)


@examples(2000)
@given(value=st.one_of(integers.map(Decimal), decimals), template=st.sampled_from(MONEY + COUNT))
def test_fullwidth_thousands_separators(value, template):
    # １，２９７．５９: the Chinese comma separates thousands in full-width text
    check(template, fullwidth(separators(value)), value)


@examples(2000)
@given(
    value=st.decimals(min_value=-1000, max_value=1000, places=4, allow_nan=False),
    template=st.sampled_from(PERCENT),
    width=st.sampled_from(["ascii", "full"]),
)
def test_percent(value, template, width):
    written = f"{value:f}"
    if width == "full":
        written = fullwidth(written)
    check(template, written, value)
