"""Build hook: the shipped models go into the wheel as package data.

The project is described in pyproject.toml; this only adds the models, which
live in models/ (beside the package, where training writes them), to the
built package as ``pipeline/_models/<name>`` (pipeline/shipped.py reads them
there). An editable install reads models/ in place and copies nothing. The
sdist carries models/ (MANIFEST.in), so a wheel built from it has them too.
"""

import importlib.util
import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

ROOT = Path(__file__).resolve().parent


def _shipped():
    """pipeline/shipped.py alone (it imports nothing of the project's), for the
    model names and their marker files."""
    spec = importlib.util.spec_from_file_location("_shipped", ROOT / "pipeline" / "shipped.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


class BuildPyWithModels(build_py):
    def run(self) -> None:
        super().run()
        if self.editable_mode:
            return
        shipped = _shipped()
        for name in shipped.SHIPPED_MODELS:
            source = ROOT / "models" / name
            if not (source / shipped.MARKER_FILES[name]).is_file():
                raise SystemExit(f"error: {source} is missing: the package would have no model")
            target = Path(self.build_lib) / "pipeline" / "_models" / name
            shutil.rmtree(target, ignore_errors=True)
            shutil.copytree(source, target)


setup(cmdclass={"build_py": BuildPyWithModels})
