"""``perf-facts annotate …``: validate, stats, split, to-spacy, Label Studio and doccano round trips."""

from __future__ import annotations

import typer

app = typer.Typer(
    help="The annotation loop: pre-annotate → correct in Label Studio → import → validate → train → evaluate.",
    no_args_is_help=True,
)
