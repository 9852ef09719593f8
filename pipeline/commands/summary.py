"""``perf-facts summary OUT``: the documents of an output folder as a table in
the terminal: department, year, budget, spending, execution rate, score,
grade and flags, one row per document."""

from __future__ import annotations

from collections import Counter
from pathlib import Path, PurePath
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from pipeline.commands.app import app

EXIT_USAGE = 2
_COLUMNS = (
    ("document", "left"),
    ("department", "left"),
    ("year", "right"),
    ("budget 万元", "right"),
    ("spending 万元", "right"),
    ("execution %", "right"),
    ("score", "right"),
    ("grade", "left"),
    ("flags", "left"),
)


def _number(x, scale: float = 1.0, digits: int = 2) -> str:
    return "–" if x is None else f"{x / scale:,.{digits}f}"


def summary_rows(out: Path) -> list[tuple[str, ...]]:
    """One tuple of cells per document of ``out``, in the order of the columns."""
    from pipeline.batch.writer import read_table
    from pipeline.review.index import budget
    from pipeline.schema import DocumentRow

    flags: dict[str, Counter] = {}
    for f in read_table(out, "flags").to_pylist():
        flags.setdefault(f["doc_id"], Counter())[f["check"]] += 1
    rows = []
    documents = sorted(read_table(out, "documents").to_pylist(), key=lambda r: r["file"])
    for raw in documents:
        r = DocumentRow(**raw)
        checks = flags.get(r.doc_id, Counter())
        rows.append(
            (
                PurePath(r.file).name,
                r.department or "–",
                str(r.year or "–"),
                _number(budget(r), 10_000),
                _number(r.spending, 10_000),
                _number(r.execution_rate, 1, 1),
                _number(r.self_score, 1, 1),
                r.grade or "–",
                ", ".join(f"{c}×{n}" if n > 1 else c for c, n in sorted(checks.items())) or "–",
            )
        )
    return rows


@app.command()
def summary(
    out: Annotated[Path, typer.Argument(help="An output folder of extract --out.")],
) -> None:
    """Print a table of the documents of an output folder: department, year,
    budget and spending (万元), execution rate, self-evaluation score, grade and
    the consistency flags; then the failed documents and the runs' settings."""
    from pipeline.batch.writer import read_table
    from pipeline.review import is_output_folder

    err = Console(stderr=True)
    if not is_output_folder(out):
        err.print(
            f"[red]error:[/red] {escape(str(out))}: not an output folder of extract --out "
            "(no _manifest/ in it)",
            highlight=False,
            soft_wrap=True,
        )
        raise typer.Exit(EXIT_USAGE)
    console = Console() if Console().is_terminal else Console(width=200)
    table = Table(show_header=True, header_style="bold", title=f"{out}")
    for name, justify in _COLUMNS:
        table.add_column(name, justify=justify)
    rows = summary_rows(out)
    for cells in rows:
        table.add_row(*(escape(c) for c in cells))
    console.print(table)
    failed = read_table(out, "errors").num_rows
    console.print(f"{len(rows):,} document(s), {failed:,} failed (rows of the errors table)")
    for run in read_table(out, "runs").to_pylist()[-1:]:
        console.print(
            f"last run {run['run_id']} ({run['status']}): model {run['model']} "
            f"{run['model_version'] or ''}, cues {run['cues']}, tagger {run['tagger']}",
            highlight=False,
        )
