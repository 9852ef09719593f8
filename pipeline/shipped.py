"""Where the shipped models are, in every way of installing the project.

A wheel, ``pip install .`` and an sdist carry them as package data under
``pipeline/_models/`` (setup.py copies ``models/<name>`` there at build time);
a source checkout and ``pip install -e .`` read them from ``models/`` beside
the package. A model found in neither place is an error that says how to get
it back, never a quiet fall-back to the rule layer.
"""

from __future__ import annotations

from pathlib import Path

# the trained spaCy pipeline and the indicator category classifier
PIPELINE_MODEL = "perf_facts_zh"
PIPELINE_VERSION = "0.1.0"  # meta.json's version of the trained pipeline
TAXONOMY_MODEL = "indicator_taxonomy"
SHIPPED_MODELS: tuple[str, ...] = (PIPELINE_MODEL, TAXONOMY_MODEL)
# the file whose presence marks each model as there
MARKER_FILES = {PIPELINE_MODEL: "config.cfg", TAXONOMY_MODEL: "model.joblib"}

PACKAGE_DIR = Path(__file__).resolve().parent
PACKAGED = PACKAGE_DIR / "_models"  # inside an installed wheel
SOURCE = PACKAGE_DIR.parent / "models"  # a checkout (editable install)


class ModelNotFoundError(FileNotFoundError):
    """A shipped model is missing from the installation."""


def candidates(name: str) -> tuple[Path, Path]:
    """Where model ``name`` may be, in the order they are tried."""
    return PACKAGED / name, SOURCE / name


def model_dir(name: str) -> Path:
    """The directory of shipped model ``name``: the packaged copy if there is
    one, else the checkout's (returned even when missing, for messages and as
    the place training writes to)."""
    packaged, source = candidates(name)
    return packaged if (packaged / MARKER_FILES[name]).is_file() else source


def require_model(name: str) -> Path:
    """``model_dir(name)``; ModelNotFoundError, saying how to fix it, when absent."""
    path = model_dir(name)
    if not (path / MARKER_FILES[name]).is_file():
        tried = " or ".join(str(p) for p in candidates(name))
        raise ModelNotFoundError(
            f"the shipped model {name} is missing (looked in {tried}): reinstall perf-facts "
            "from a checkout that has models/ (pip install . or a wheel or sdist built "
            "from it), or pass --model rules for the rule layer alone"
        )
    return path
