"""The ``perf-facts`` command line. Each subcommand is a thin shell over a
Python function of the same job, so notebooks can call the same code.

The application is defined in ``pipeline.commands.app``; importing the command
modules here registers their commands on it (each module owns its options)."""

from __future__ import annotations

from pipeline.annotations import cli  # noqa: F401  (registers `annotate …`)
from pipeline.commands import evaluate, extract, show, summary, taxonomy, train  # noqa: F401
from pipeline.commands.app import app

__all__ = ["app"]

if __name__ == "__main__":  # pragma: no cover
    app()
