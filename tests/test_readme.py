"""The README's Python API example runs as written, from the repository root."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parents[1]


def _api_example() -> str:
    readme = ROOT.joinpath("README.md").read_text(encoding="utf-8")
    section = readme.split("## Python API", 1)[1]
    return re.search(r"```python\n(.*?)```", section, flags=re.DOTALL).group(1)


def test_the_api_example_runs_as_written(capsys):
    code = _api_example()
    assert "result.document" in code and "nlp=nlp" in code
    namespace: dict = {}
    cwd = os.getcwd()
    os.chdir(ROOT)
    try:
        exec(compile(code, "README.md", "exec"), namespace)  # noqa: S102 - our own README
    finally:
        os.chdir(cwd)
    frames = namespace["frames"]
    assert isinstance(frames["indicators"], pd.DataFrame) and len(frames["indicators"]) > 20
    assert namespace["result"].document.department in capsys.readouterr().out
