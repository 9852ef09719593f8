"""``perf-facts extract``: read reports, tag them, and report what was found —
or, with ``--out``, write the output tables of a whole corpus (docs/batch.md)."""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, NoReturn

import typer
from rich.console import Console
from rich.table import Table

from pipeline.commands.app import app
from pipeline.commands.batch_report import BatchReport, Verbosity, print_summary
from pipeline.commands.options import CuesOption, ModelOption, TaggerOption, composition_settings
from pipeline.settings import CompositionSettings

# Exit code when some documents failed and the rest completed.
EXIT_PARTIAL = 3
# Exit code for bad usage: inputs that match nothing, an unusable output directory.
EXIT_USAGE = 2

Inputs = Annotated[
    list[str], typer.Argument(help="Report files, folders (searched recursively) or globs.")
]
ShowOption = Annotated[int, typer.Option(help="Entities to list per document (0: counts only).")]
JsonOption = Annotated[bool, typer.Option("--json", help="One JSON line per entity on stdout.")]
OutOption = Annotated[
    Path | None,
    typer.Option(
        help="Write the tables (documents, facts, indicators, entities, flags, errors, "
        "runs) here instead of printing; re-running resumes."
    ),
]
WorkersOption = Annotated[int | None, typer.Option(help="Worker processes (default: all cores).")]
DaskOption = Annotated[
    str | None,
    typer.Option(
        help="Run on a Dask cluster: scheduler address (tcp://host:8786), "
        "scheduler file (.json), or local:N."
    ),
]
DuckdbOption = Annotated[
    Path | None, typer.Option(help="Also build this DuckDB database from the output.")
]
FormatOption = Annotated[
    str,
    typer.Option(
        "--format",
        help="Output format with --out: parquet, jsonl, csv (a CSV file per table) "
        "or xlsx (one sheet per table); csv and xlsx keep Parquet parts beside.",
    ),
]
NewRunOption = Annotated[
    bool,
    typer.Option(
        "--new-run",
        help="Start a new run in --out even though it holds output of other settings "
        "(model, cues, tagger): that output moves to OUT/_previous/.",
    ),
]
QuietOption = Annotated[bool, typer.Option("--quiet", "-q", help="No progress, no summary.")]
VerboseOption = Annotated[
    bool, typer.Option("--verbose", "-v", help="Also a line per document as it finishes.")
]
ProgressEveryOption = Annotated[
    int,
    typer.Option(
        help="When stderr is not a terminal, a progress line every N documents "
        "(0: about every tenth of the run).",
    ),
]
LogJsonOption = Annotated[
    bool, typer.Option("--log-json", help="JSON-lines log on stderr instead of a progress bar.")
]
MaxCharsOption = Annotated[
    int,
    typer.Option(
        help="Documents longer than this many characters become an error row "
        "'too large' (0: no limit)."
    ),
]
PartDocsOption = Annotated[
    int, typer.Option(help="Documents per output part file (commit unit for resume).")
]
TimeoutOption = Annotated[
    float,
    typer.Option(
        help="Seconds one document may take before it becomes an error row "
        "DocumentTimeout, retried on resume (0: no limit)."
    ),
]


@dataclass(frozen=True, slots=True)
class BatchOptions:
    """How ``extract --out`` runs and reports a batch."""

    model: str | None
    workers: int | None
    dask: str | None
    duckdb: Path | None
    fmt: str
    verbosity: Verbosity
    new_run: bool
    max_chars: int
    part_docs: int
    timeout: float
    settings: CompositionSettings


@app.command()
def extract(
    inputs: Inputs,
    model: ModelOption = None,
    show: ShowOption = 20,
    as_json: JsonOption = False,
    out: OutOption = None,
    workers: WorkersOption = None,
    dask: DaskOption = None,
    duckdb: DuckdbOption = None,
    fmt: FormatOption = "parquet",
    new_run: NewRunOption = False,
    quiet: QuietOption = False,
    verbose: VerboseOption = False,
    progress_every: ProgressEveryOption = 0,
    log_json: LogJsonOption = False,
    max_chars: MaxCharsOption = 2_000_000,
    part_docs: PartDocsOption = 256,
    timeout: TimeoutOption = 600.0,
    cues: CuesOption = None,
    tagger: TaggerOption = None,
) -> None:
    """Extract MONEY, COUNT, PERCENT, INDICATOR and ACHIEVEMENT spans from reports
    (.txt, .docx, .pdf, .html, .xlsx, .xls): files, folders (searched recursively) or globs.

    Without --out, print what was found with offsets into each document's text.
    With --out DIR, write the tables in parallel, resumably: re-running the same
    command resumes; a run with another model or composition is refused unless
    --new-run is given.

    A file that cannot be read or tagged is reported (an error row with --out)
    and the batch goes on. Exit code 0 when all documents succeeded, 3 when some
    failed, 2 for bad usage.
    """
    from pipeline.batch.validate import UsageError, check_model, check_numbers

    err = Console(stderr=True)
    try:
        settings = composition_settings(cues, tagger)
        check_numbers(workers=workers, max_chars=max_chars, part_docs=part_docs, timeout_s=timeout)
        if progress_every < 0:
            raise UsageError(f"--progress-every {progress_every}: must be 0 (auto) or more")
    except (typer.BadParameter, UsageError) as exc:
        _usage_error(err, str(exc))
    if out is not None:
        options = BatchOptions(
            model,
            workers,
            dask,
            duckdb,
            fmt,
            Verbosity(quiet, verbose, log_json, progress_every),
            new_run,
            max_chars,
            part_docs,
            timeout,
            settings,
        )
        _extract_batch(inputs, out, options)
        return
    if duckdb is not None or dask is not None or new_run:
        _usage_error(err, "--duckdb, --dask and --new-run need --out DIR")
    try:
        check_model(model)
    except UsageError as exc:
        _usage_error(err, str(exc))
    _extract_print(inputs, model, show, as_json, settings)


def _extract_print(
    inputs: list[str], model: str | None, show: int, as_json: bool, settings: CompositionSettings
) -> None:
    """Tag each document and print its entities (a table, or JSON lines)."""
    from pipeline.facts import process_document
    from pipeline.ingest import read_document
    from pipeline.ingest.discover import discover
    from pipeline.ingest.errors import IngestError
    from pipeline.loading import load_pipeline

    err = Console(stderr=True)
    out = Console()
    try:
        files = discover(inputs)
    except FileNotFoundError as exc:
        err.print(f"[red]error:[/red] {exc}")
        raise typer.Exit(EXIT_USAGE) from None
    if not files:
        err.print("[red]error:[/red] no .txt/.docx/.pdf/.html files found in the inputs")
        raise typer.Exit(EXIT_USAGE)
    nlp = load_pipeline(model)
    failed = 0
    totals: Counter[str] = Counter()
    for path in files:
        try:
            document = read_document(path)
            # the entities --out writes: the tagger's, as the fact assembler keeps them
            entities = process_document(nlp, document, settings=settings).entities
        except IngestError as exc:
            failed += 1
            err.print(f"[red]failed[/red] {path}: {exc}")
            continue
        except Exception as exc:  # noqa: BLE001 - one bad document must not stop the batch
            failed += 1
            err.print(f"[red]failed[/red] {path}: tagging: {type(exc).__name__}: {exc}")
            continue
        totals.update(e.label for e in entities)
        _print_entities(out, path, document.id, entities, show, as_json)
    err.print(
        f"{len(files) - failed} document(s) ok, {failed} failed; "
        + ", ".join(f"{k} {v}" for k, v in sorted(totals.items()))
    )
    if failed:
        raise typer.Exit(EXIT_PARTIAL)


def _print_entities(
    out: Console, path: str, doc_id: str, entities: list, show: int, as_json: bool
) -> None:
    if as_json:
        for e in entities:
            row = {
                "file": str(path),
                "doc": doc_id,
                "label": e.label,
                "text": e.text,
                "start": e.start,
                "end": e.end,
                "paragraph": e.paragraph,
            }
            print(json.dumps(row, ensure_ascii=False))
        return
    counts = Counter(e.label for e in entities)
    summary = ", ".join(f"{k} {v}" for k, v in sorted(counts.items())) or "nothing found"
    out.print(f"[bold]{Path(path).name}[/bold] ({doc_id}): {summary}")
    if show:
        table = Table(show_header=True, header_style="bold")
        for col in ("label", "text", "start", "end"):
            table.add_column(col)
        for e in entities[:show]:
            table.add_row(e.label, e.text, str(e.start), str(e.end))
        out.print(table)


def _usage_error(console: Console, message: str) -> NoReturn:
    """Bad usage: one line on stderr, exit 2."""
    from rich.markup import escape

    console.print(f"[red]error:[/red] {escape(message)}", highlight=False, soft_wrap=True)
    raise typer.Exit(EXIT_USAGE)


def _extract_batch(inputs: list[str], out: Path, options: BatchOptions) -> None:
    from pipeline.batch import Limits
    from pipeline.batch.run import check_run, run_batch
    from pipeline.batch.validate import UsageError
    from pipeline.batch.writer import OutputError

    err = Console(stderr=True)
    limits = Limits(
        max_chars=options.max_chars, composition=options.settings, timeout_s=options.timeout
    )
    run = {
        "model": options.model,
        "workers": options.workers,
        "dask": options.dask,
        "fmt": options.fmt,
        "limits": limits,
        "part_docs": options.part_docs,
        "new_run": options.new_run,
    }
    try:  # every option, before any file is written or any worker starts
        settings = check_run(out, duckdb=options.duckdb, **run)
    except UsageError as exc:
        _usage_error(err, str(exc))
    report = BatchReport(err, options.verbosity, _model_words(settings, options))
    try:
        summary = run_batch(inputs, out, on_plan=report.on_plan, on_result=report.on_result, **run)
    except (FileNotFoundError, OutputError, UsageError) as exc:
        _usage_error(err, str(exc))
    finally:
        report.stop()
    if summary.interrupted is not None:
        _report_interrupted(err, report, summary, out)
    if options.duckdb is not None:
        from pipeline.batch.duckdb_out import build_duckdb

        counts = build_duckdb(out, options.duckdb)
        summary.duckdb = str(options.duckdb)
        report.log("duckdb", file=str(options.duckdb), rows=counts)
    report.log("summary", settings=settings.describe(), **summary.to_dict())
    if report.talk:
        print_summary(err, summary, settings.describe())
    if summary.exit_code:
        raise typer.Exit(summary.exit_code)


def _model_words(settings, options: BatchOptions) -> str:
    """The model and where it loads, as the "loading model" line names them."""
    from pipeline.batch.local import default_workers

    version = f" {settings.model_version}" if settings.model_version else ""
    if options.dask is not None:
        return f"{settings.model}{version} on the Dask workers"
    n = options.workers or default_workers()
    return f"{settings.model}{version} in {n} worker process{'es' if n != 1 else ''}"


def _report_interrupted(err: Console, report: BatchReport, summary, out: Path) -> NoReturn:
    """A run stopped by a signal: what was committed, and how to resume."""
    import signal

    name = signal.Signals(summary.interrupted).name
    report.log("interrupted", signal=name, **summary.to_dict())
    err.print(
        f"[yellow]stopped by {name}[/yellow]: "
        f"{summary.processed:,} document(s) of this run committed to {out}; "
        "run the same command again to resume",
        highlight=False,
        soft_wrap=True,
    )
    raise typer.Exit(summary.exit_code)
