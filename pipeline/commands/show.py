"""``perf-facts show``: a review page for one document."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from pipeline.commands.app import app
from pipeline.commands.options import ModelOption


@app.command()
def show(
    file: Annotated[Path, typer.Argument(help="A report (.txt, .docx, .pdf, .html, .xlsx, .xls).")],
    html_out: Annotated[
        Path, typer.Option("--html", help="Where to write the review page (HTML).")
    ],
    model: ModelOption = None,
) -> None:
    """Write an HTML page with the document's entities highlighted (displaCy) beside
    its facts, summary and consistency flags; each fact links to its place in the text."""
    from pipeline.ingest.errors import IngestError
    from pipeline.review import review_file

    if not file.is_file():
        typer.echo(f"error: no such file: {file}", err=True)
        raise typer.Exit(2)
    try:
        out = review_file(file, html_out, model=model)
    except (IngestError, FileNotFoundError) as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2) from None
    typer.echo(f"wrote {out}")
