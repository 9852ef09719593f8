"""The ``perf-facts`` application. A leaf: each module of ``pipeline.commands``
adds its commands to ``app``, and ``pipeline.cli`` imports them all."""

from __future__ import annotations

import typer

from pipeline.annotations.app import app as annotate_app

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
