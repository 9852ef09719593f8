"""The ``perf-facts`` application. A leaf: each module of ``pipeline.commands``
adds its commands to ``app``, and ``pipeline.cli`` imports them all."""

from __future__ import annotations

from typing import Annotated

import typer

from pipeline.annotations.app import app as annotate_app
from pipeline.commands.help_types import plain_type_names
from pipeline.version import perf_facts_version

plain_type_names()

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


def _print_version(value: bool) -> None:
    if value:
        typer.echo(f"perf-facts {perf_facts_version()}")
        raise typer.Exit()


@app.callback()
def _main(
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_print_version, is_eager=True, help="Print the version and exit."
        ),
    ] = False,
) -> None:
    pass
