"""``perf-facts extract``: read reports, tag them, and report what was found."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from pipeline.cli import app

# Exit code when some documents failed and the rest completed.
EXIT_PARTIAL = 3


@app.command()
def extract(
    inputs: Annotated[
        list[str], typer.Argument(help="Report files, folders (searched recursively) or globs.")
    ],
    model: Annotated[
        str | None,
        typer.Option(help="spaCy pipeline directory, or 'rules' for the rule layer alone. "
                     "Default: the model in models/ if present, else the rules."),
    ] = None,
    show: Annotated[int, typer.Option(help="Entities to list per document (0: counts only).")] = 20,
    as_json: Annotated[bool, typer.Option("--json", help="One JSON line per entity on stdout.")] = False,
) -> None:
    """Extract MONEY, COUNT, PERCENT, INDICATOR and ACHIEVEMENT spans from reports
    (.txt, .docx, .pdf, .html) and print them with offsets into each document's text.

    A file that cannot be read is reported and skipped; the others are processed.
    Exit code 0 when all documents succeeded, 3 when some failed.
    """
    from pipeline.ingest import read_document
    from pipeline.ingest.discover import discover
    from pipeline.ingest.errors import IngestError
    from pipeline.tagging import load_pipeline, tag_document

    err = Console(stderr=True)
    out = Console()
    try:
        files = discover(inputs)
    except FileNotFoundError as exc:
        err.print(f"[red]error:[/red] {exc}")
        raise typer.Exit(2) from None
    if not files:
        err.print("[red]error:[/red] no .txt/.docx/.pdf/.html files found in the inputs")
        raise typer.Exit(2)
    nlp = load_pipeline(model)
    failed = 0
    totals: Counter[str] = Counter()
    for path in files:
        try:
            document = read_document(path)
            entities = list(tag_document(nlp, document))
        except IngestError as exc:
            failed += 1
            err.print(f"[red]failed[/red] {path}: {exc}")
            continue
        except Exception as exc:  # noqa: BLE001 - one bad document must not stop the batch
            failed += 1
            err.print(f"[red]failed[/red] {path}: tagging: {type(exc).__name__}: {exc}")
            continue
        counts = Counter(e.label for e in entities)
        totals.update(counts)
        if as_json:
            for e in entities:
                print(json.dumps({"file": str(path), "doc": document.id, "label": e.label,
                                  "text": e.text, "start": e.start, "end": e.end,
                                  "paragraph": e.paragraph}, ensure_ascii=False))
            continue
        summary = ", ".join(f"{k} {v}" for k, v in sorted(counts.items())) or "nothing found"
        out.print(f"[bold]{Path(path).name}[/bold] ({document.id}): {summary}")
        if show:
            table = Table(show_header=True, header_style="bold")
            for col in ("label", "text", "start", "end"):
                table.add_column(col)
            for e in entities[:show]:
                table.add_row(e.label, e.text, str(e.start), str(e.end))
            out.print(table)
    err.print(
        f"{len(files) - failed} document(s) ok, {failed} failed; "
        + ", ".join(f"{k} {v}" for k, v in sorted(totals.items()))
    )
    if failed:
        raise typer.Exit(EXIT_PARTIAL)
