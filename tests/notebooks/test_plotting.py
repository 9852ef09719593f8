"""Plots label departments in Chinese: a CJK font is configured and no glyph
is missing when a Chinese label is drawn."""

from __future__ import annotations

import warnings
from pathlib import Path

import pytest

matplotlib = pytest.importorskip("matplotlib", reason="install the dev extra")
matplotlib.use("Agg")

from pipeline.plotting import CJK_FONTS, use_cjk_font

WQY = Path("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc")


def _missing_glyph_warnings(label: str) -> list[str]:
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots()
    ax.set_title(label)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        fig.canvas.draw()
    plt.close(fig)
    return [str(w.message) for w in caught if "missing from font" in str(w.message)]


@pytest.mark.skipif(
    not WQY.exists(), reason="no CJK font installed (apt-get install fonts-wqy-microhei)"
)
def test_chinese_labels_draw_with_a_cjk_font():
    with matplotlib.rc_context():
        name = use_cjk_font()
        assert name in CJK_FONTS
        assert not _missing_glyph_warnings("中共某区委组织部 预算执行率")


def test_the_default_font_misses_chinese_glyphs():
    """The check above can fail: without the CJK font, glyphs are missing."""
    with matplotlib.rc_context({"font.family": "DejaVu Sans"}):
        assert _missing_glyph_warnings("组织部")
