"""The installed perf-facts version: a leaf, so ``--version`` loads nothing else."""

from __future__ import annotations

from importlib import metadata

DISTRIBUTION = "perf-facts"


def perf_facts_version() -> str:
    """The version of the installed distribution; "unknown" when the source tree
    runs without being installed."""
    try:
        return metadata.version(DISTRIBUTION)
    except metadata.PackageNotFoundError:
        return "unknown"
