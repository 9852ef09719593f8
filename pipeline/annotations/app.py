"""The ``perf-facts annotate`` command group. A leaf: the modules that add
commands to it (annotations/cli.py, annotations/agreement.py,
commands/evaluate.py) import it, never the other way round."""

from __future__ import annotations

import typer

app = typer.Typer(
    help="The annotation loop: pre-annotate → correct in Label Studio → import → validate → train → evaluate.",
    no_args_is_help=True,
)
