"""The whole per-document job (read, tag, assemble, output bounds) on arbitrary
and adversarial text: an ok result or a typed error row, never a crash, a hang
or a non-finite value; evidence within its window."""

from __future__ import annotations

import math

from hypothesis import given
from hypothesis import strategies as st

from pipeline.batch import Limits
from pipeline.batch.plan import make_plan
from pipeline.batch.worker import process_item
from pipeline.bounds import EVIDENCE_WINDOW
from pipeline.schema import DocumentRow, FactRow, FlagRow

from .adversarial import amounts_line
from .settings import COSTLY

LIMITS = Limits(timeout_s=60)
UNITS = ["万元", "亿元", "元", "%", "个", "人", "分", "百分点", "万", "千米", "倍"]
WORDS = [
    "项目资金",
    "完成率",
    "预算",
    "执行数",
    "得分",
    "分值",
    "计划",
    "指标",
    "，",
    "。",
    "\n",
    " ",
    "\t",
]


def _floats(row) -> list[float]:
    names = [n for n in type(row).__slots__ if isinstance(getattr(row, n), float)]
    return [getattr(row, n) for n in names]


def _check(tmp_path, text: str) -> None:
    path = tmp_path / "doc.txt"
    path.write_text(text, encoding="utf-8", errors="surrogatepass")
    item = make_plan([path]).items[0]
    res = process_item(item, "rules", LIMITS)
    if res.error is not None:
        assert res.error.error_type and res.error.stage in {"read", "tag", "assemble", "worker"}
        assert res.error.error_type != "DocumentTimeout", "a hang"
        return
    r = res.result
    rows: list[DocumentRow | FactRow | FlagRow] = [r.document, *r.facts, *r.flags]
    for row in rows:
        assert all(math.isfinite(x) for x in _floats(row)), row
    for f in r.facts:
        assert f.sentence is None or len(f.sentence) <= EVIDENCE_WINDOW


@COSTLY
@given(st.text(st.characters(codec="utf-8"), max_size=3000))
def test_arbitrary_unicode(tmp_path, text):
    _check(tmp_path, text)


@COSTLY
@given(
    st.lists(
        st.one_of(
            st.sampled_from(WORDS),
            st.builds(lambda n, u: "9" * n + u, st.integers(1, 2000), st.sampled_from(UNITS)),
            st.builds(
                lambda a, b, u: f"{a}.{b}{u}",
                st.integers(0, 10**30),
                st.integers(0, 999),
                st.sampled_from(UNITS),
            ),
            st.text(
                st.characters(categories=["Cc", "Cf", "Zs", "Lo", "Nd", "No", "P"]), max_size=20
            ),
        ),
        max_size=200,
    ).map("".join)
)
def test_numbers_units_and_control_characters(tmp_path, text):
    _check(tmp_path, text)


@COSTLY
@given(st.integers(1_000, 20_000), st.sampled_from([" ", "", "、", "和"]))
def test_long_lines_of_amounts(tmp_path, n_chars, sep):
    _check(tmp_path, amounts_line(n_chars).replace(" ", sep))
