"""Options shared by several commands, defined once so their help agrees."""

from __future__ import annotations

from typing import Annotated

import typer

ModelOption = Annotated[
    str | None,
    typer.Option(
        help="spaCy pipeline directory, or 'rules' for the rule layer alone. "
        "Default: the model in models/ if present, else the rules."
    ),
]
