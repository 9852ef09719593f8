"""The ``perf-facts`` command line. Each subcommand is a thin shell over a
Python function of the same job, so notebooks can call the same code."""

from __future__ import annotations

import typer

from pipeline.annotations.cli import app as annotate_app

app = typer.Typer(
    name="perf-facts",
    help=(
        "Turn Chinese budget performance reports (绩效自评报告) into tidy, checked, "
        "citable data: quantities, indicators, achievements and performance facts."
    ),
    no_args_is_help=True,
    add_completion=False,
)
app.add_typer(annotate_app, name="annotate")


def _register() -> None:
    # Imported here so `perf-facts --help` stays fast and each command module
    # owns its own options.
    from pipeline.commands import evaluate, extract, show, taxonomy, train  # noqa: F401


_register()

if __name__ == "__main__":  # pragma: no cover
    app()
