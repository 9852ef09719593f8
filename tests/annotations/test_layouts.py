from __future__ import annotations

import importlib.util
import re
import sys
from pathlib import Path

from pipeline.annotations.layouts import HELD_OUT_LAYOUTS, LAYOUT_FAMILIES, TRAINING_LAYOUTS
from pipeline.annotations.synth_layouts import LAYOUTS as SYNTHETIC_RENDERINGS

ROOT = Path(__file__).resolve().parents[2]


def test_synthetic_renderings_are_training_families():
    assert set(SYNTHETIC_RENDERINGS) <= set(TRAINING_LAYOUTS)
    assert not set(TRAINING_LAYOUTS) & set(HELD_OUT_LAYOUTS)


def test_layouts_page_describes_every_family():
    page = (ROOT / "annotations" / "LAYOUTS.md").read_text(encoding="utf-8")
    described = set(re.findall(r"^\| `([a-z_]+)` \|", page, re.MULTILINE))
    assert described == set(LAYOUT_FAMILIES)


def test_authored_modules_name_known_families():
    src = ROOT / "annotations" / "authored" / "src"
    for path in sorted(src.glob("dept_*.py")):
        spec = importlib.util.spec_from_file_location(path.stem, path)
        module = importlib.util.module_from_spec(spec)
        sys.path.insert(0, str(src))
        try:
            spec.loader.exec_module(module)
        finally:
            sys.path.remove(str(src))
        assert set(module.LAYOUT) == set(module.DOCS), path.name
        assert set(module.LAYOUT.values()) <= set(TRAINING_LAYOUTS), path.name
