"""Plots with Chinese labels (department names): matplotlib's default fonts
have no CJK glyphs and draw boxes. ``use_cjk_font`` selects an installed CJK
font. matplotlib is a dev-extra dependency, imported here only when called."""

from __future__ import annotations

import warnings

# CJK fonts in order of preference, by the family name matplotlib reports.
CJK_FONTS: tuple[str, ...] = (
    "Noto Sans CJK SC",
    "Source Han Sans SC",
    "WenQuanYi Micro Hei",
    "WenQuanYi Zen Hei",
    "Microsoft YaHei",
    "PingFang SC",
    "SimHei",
    "Heiti SC",
    "AR PL UMing CN",
)
# Parts of font file names that mark a CJK font matplotlib's cache may not list yet.
_CJK_FILES = ("wqy", "notosanscjk", "sourcehansans", "msyh", "simhei", "pingfang", "uming")
INSTALL_HINT = "Debian/Ubuntu: apt-get install fonts-wqy-microhei (or fonts-noto-cjk)"


def _installed() -> set[str]:
    from matplotlib import font_manager

    return {f.name for f in font_manager.fontManager.ttflist}


def _add_system_cjk_files() -> None:
    """Register CJK font files installed after matplotlib built its font cache."""
    from matplotlib import font_manager

    for path in font_manager.findSystemFonts():
        if any(part in path.lower().replace("-", "") for part in _CJK_FILES):
            try:
                font_manager.fontManager.addfont(path)
            except (OSError, RuntimeError, ValueError):
                continue


def use_cjk_font() -> str | None:
    """Make matplotlib draw Chinese text with the first installed font of
    ``CJK_FONTS``; returns its name, or None (with a warning) when none is."""
    from matplotlib import rcParams

    installed = _installed()
    if not installed.intersection(CJK_FONTS):
        _add_system_cjk_files()
        installed = _installed()
    name = next((f for f in CJK_FONTS if f in installed), None)
    if name is None:
        warnings.warn(f"no CJK font found, Chinese labels will not show; {INSTALL_HINT}")
        return None
    rcParams["font.family"] = "sans-serif"
    rcParams["font.sans-serif"] = [name, *rcParams["font.sans-serif"]]
    rcParams["axes.unicode_minus"] = False  # the CJK font may lack the minus sign
    return name
