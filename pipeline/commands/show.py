"""``perf-facts show``: a review page for one document, or for a folder of
reports or an output folder of ``extract --out``, a page per document and an
index page."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from pipeline.commands.app import app
from pipeline.commands.options import ModelOption


@app.command()
def show(
    path: Annotated[
        Path,
        typer.Argument(
            help="A report (.txt, .docx, .pdf, .html, .xlsx, .xls), a folder of reports, "
            "or an output folder of extract --out."
        ),
    ],
    html_out: Annotated[
        Path,
        typer.Option(
            "--html",
            help="Where to write the review page (a file), or for a folder the pages "
            "and their index.html (a folder).",
        ),
    ],
    model: ModelOption = None,
) -> None:
    """Write an HTML page with the document's entities highlighted (displaCy) beside
    its facts, summary and consistency flags; each fact links to its place in the text.

    For a folder, write a page per document and an index page (index.html) with a
    row per document, filtered by flag and label and sorted by any column. An
    output folder of extract --out is drawn from its rows, without tagging again.
    """
    from pipeline.ingest.errors import IngestError
    from pipeline.review import is_output_folder, review_file, review_folder, review_output

    if not path.exists():
        typer.echo(f"error: no such file or folder: {path}", err=True)
        raise typer.Exit(2)
    if path.is_dir() and html_out.exists() and not html_out.is_dir():
        typer.echo(f"error: --html {html_out}: name a folder for the pages of a folder", err=True)
        raise typer.Exit(2)
    try:
        if path.is_file():
            written = review_file(path, html_out, model=model)
        elif is_output_folder(path):
            written = review_output(path, html_out)
        else:
            written = review_folder([path], html_out, model=model)
    except (IngestError, FileNotFoundError) as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2) from None
    typer.echo(f"wrote {written}")
