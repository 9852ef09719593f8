"""``perf-facts extract``: read reports, tag them, and report what was found —
or, with ``--out``, write the output tables of a whole corpus (docs/batch.md)."""

from __future__ import annotations

import json
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from pipeline.cli import app
from pipeline.commands.options import CuesOption, ModelOption, TaggerOption, assembly_options

# Exit code when some documents failed and the rest completed.
EXIT_PARTIAL = 3
# Exit code for bad usage: inputs that match nothing, an unusable output directory.
EXIT_USAGE = 2


@app.command()
def extract(
    inputs: Annotated[
        list[str], typer.Argument(help="Report files, folders (searched recursively) or globs.")
    ],
    model: ModelOption = None,
    show: Annotated[int, typer.Option(help="Entities to list per document (0: counts only).")] = 20,
    as_json: Annotated[
        bool, typer.Option("--json", help="One JSON line per entity on stdout.")
    ] = False,
    out: Annotated[
        Path | None,
        typer.Option(
            help="Write the tables (documents, facts, entities, flags, errors) "
            "here instead of printing; re-running resumes."
        ),
    ] = None,
    workers: Annotated[
        int | None, typer.Option(help="Worker processes (default: all cores).")
    ] = None,
    dask: Annotated[
        str | None,
        typer.Option(
            help="Run on a Dask cluster: scheduler address (tcp://host:8786), "
            "scheduler file (.json), or local:N."
        ),
    ] = None,
    duckdb: Annotated[
        Path | None, typer.Option(help="Also build this DuckDB database from the output.")
    ] = None,
    fmt: Annotated[
        str, typer.Option("--format", help="Output format with --out: parquet or jsonl.")
    ] = "parquet",
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress, no summary.")] = False,
    log_json: Annotated[
        bool, typer.Option("--log-json", help="JSON-lines log on stderr instead of a progress bar.")
    ] = False,
    max_chars: Annotated[
        int,
        typer.Option(
            help="Documents longer than this many characters become an error row "
            "'too large' (0: no limit)."
        ),
    ] = 2_000_000,
    part_docs: Annotated[
        int, typer.Option(help="Documents per output part file (commit unit for resume).")
    ] = 256,
    timeout: Annotated[
        float,
        typer.Option(
            help="Seconds one document may take before it becomes an error row "
            "DocumentTimeout, retried on resume (0: no limit)."
        ),
    ] = 600.0,
    cues: CuesOption = None,
    tagger: TaggerOption = "gaps",
) -> None:
    """Extract MONEY, COUNT, PERCENT, INDICATOR and ACHIEVEMENT spans from reports
    (.txt, .docx, .pdf, .html, .xlsx, .xls): files, folders (searched recursively) or globs.

    Without --out, print what was found with offsets into each document's text.
    With --out DIR, write Parquet (or JSON lines) tables in parallel, resumably.

    A file that cannot be read or tagged is reported (an error row with --out)
    and the batch goes on. Exit code 0 when all documents succeeded, 3 when some
    failed, 2 for bad usage.
    """
    from pipeline.batch.validate import UsageError, check_model, check_numbers

    err = Console(stderr=True)
    try:
        assembly = assembly_options(cues, tagger)
        check_numbers(workers=workers, max_chars=max_chars, part_docs=part_docs, timeout_s=timeout)
    except (typer.BadParameter, UsageError) as exc:
        _usage_error(err, str(exc))
    if out is not None:
        _extract_batch(
            inputs,
            out,
            model=model,
            workers=workers,
            dask=dask,
            duckdb=duckdb,
            fmt=fmt,
            quiet=quiet,
            log_json=log_json,
            max_chars=max_chars,
            part_docs=part_docs,
            timeout=timeout,
            assembly=assembly,
        )
        return
    if duckdb is not None or dask is not None:
        _usage_error(err, "--duckdb and --dask need --out DIR")
    try:
        check_model(model)
    except UsageError as exc:
        _usage_error(err, str(exc))
    from pipeline.facts import process_document
    from pipeline.ingest import read_document
    from pipeline.ingest.discover import discover
    from pipeline.ingest.errors import IngestError
    from pipeline.tagging import load_pipeline

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
            entities = process_document(nlp, document, **assembly).entities
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
                print(
                    json.dumps(
                        {
                            "file": str(path),
                            "doc": document.id,
                            "label": e.label,
                            "text": e.text,
                            "start": e.start,
                            "end": e.end,
                            "paragraph": e.paragraph,
                        },
                        ensure_ascii=False,
                    )
                )
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


def _usage_error(console: Console, message: str) -> None:
    """Bad usage: one line on stderr, exit 2."""
    from rich.markup import escape

    console.print(f"[red]error:[/red] {escape(message)}", highlight=False, soft_wrap=True)
    raise typer.Exit(EXIT_USAGE)


def _human_bytes(n: int) -> str:
    for unit in ("B", "KiB", "MiB", "GiB"):
        if n < 1024 or unit == "GiB":
            return f"{n:.0f} {unit}" if unit == "B" else f"{n:.1f} {unit}"
        n /= 1024
    return str(n)


def _extract_batch(
    inputs: list[str],
    out: Path,
    *,
    model: str | None,
    workers: int | None,
    dask: str | None,
    duckdb: Path | None,
    fmt: str,
    quiet: bool,
    log_json: bool,
    max_chars: int,
    part_docs: int,
    timeout: float,
    assembly: dict,
) -> None:
    from pipeline.batch import Limits
    from pipeline.batch.run import check_run, run_batch
    from pipeline.batch.validate import UsageError
    from pipeline.batch.writer import OutputError

    err = Console(stderr=True)

    def log(event: str, **fields) -> None:
        if log_json:
            sys.stderr.write(
                json.dumps(
                    {"event": event, "time": round(time.time(), 3), **fields}, ensure_ascii=False
                )
                + "\n"
            )
            sys.stderr.flush()

    limits = Limits(max_chars=max_chars, timeout_s=timeout, **assembly)
    try:  # every option, before any file is written or any worker starts
        check_run(
            out,
            model=model,
            workers=workers,
            dask=dask,
            fmt=fmt,
            limits=limits,
            part_docs=part_docs,
            duckdb=duckdb,
        )
    except UsageError as exc:
        _usage_error(err, str(exc))
    show_progress = not quiet and not log_json and err.is_terminal
    progress = None
    task = None
    state = {"chars": 0, "t0": time.perf_counter(), "failed": 0}

    if show_progress:
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            Progress,
            TextColumn,
            TimeElapsedColumn,
            TimeRemainingColumn,
        )

        progress = Progress(
            TextColumn("[bold]extract[/bold]"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("{task.fields[rate]}"),
            TextColumn("[red]{task.fields[failed]}[/red]"),
            TimeElapsedColumn(),
            TimeRemainingColumn(),
            console=err,
            transient=True,
        )

    def on_plan(plan) -> None:
        log(
            "plan",
            to_process=len(plan.items),
            duplicates=len(plan.duplicates),
            already_done=plan.already_done,
            retrying=plan.retrying,
            bytes=plan.total_bytes,
        )
        for dup, kept in plan.duplicates:
            log("duplicate", file=dup, same_as=kept)
        state["t0"] = time.perf_counter()
        if progress is not None:
            nonlocal task
            progress.start()
            task = progress.add_task("extract", total=len(plan.items), rate="", failed="")

    def on_result(res) -> None:
        state["chars"] += res.chars
        if res.error is not None:
            state["failed"] += 1
            log(
                "error",
                file=res.path,
                doc_id=res.doc_id,
                stage=res.error.stage,
                error_type=res.error.error_type,
                message=res.error.message,
            )
        if progress is not None and task is not None:
            dt = max(time.perf_counter() - state["t0"], 1e-9)
            done = progress.tasks[0].completed + 1
            rate = f"{done / dt:,.1f} docs/s  {state['chars'] / dt:,.0f} chars/s"
            failed = f"{state['failed']} failed" if state["failed"] else ""
            progress.update(task, advance=1, rate=rate, failed=failed)

    try:
        summary = run_batch(
            inputs,
            out,
            model=model,
            workers=workers,
            dask=dask,
            fmt=fmt,
            limits=limits,
            part_docs=part_docs,
            on_plan=on_plan,
            on_result=on_result,
        )
    except (FileNotFoundError, OutputError, UsageError) as exc:
        _usage_error(err, str(exc))
    finally:
        if progress is not None:
            progress.stop()
    if summary.interrupted is not None:
        import signal

        log("interrupted", signal=signal.Signals(summary.interrupted).name, **summary.to_dict())
        err.print(
            f"[yellow]stopped by {signal.Signals(summary.interrupted).name}[/yellow]: "
            f"{summary.processed:,} document(s) of this run committed to {out}; "
            "run the same command again to resume",
            highlight=False,
            soft_wrap=True,
        )
        raise typer.Exit(summary.exit_code)
    if duckdb is not None:
        from pipeline.batch.duckdb_out import build_duckdb

        counts = build_duckdb(out, duckdb)
        summary.duckdb = str(duckdb)
        log("duckdb", file=str(duckdb), rows=counts)
    log("summary", **summary.to_dict())
    if not quiet and not log_json:
        _print_summary(err, summary)
    if summary.exit_code:
        raise typer.Exit(summary.exit_code)


def _print_summary(console: Console, s) -> None:
    table = Table(show_header=False, box=None, padding=(0, 2))
    table.add_column(style="bold")
    table.add_column()
    table.add_row("documents ok", f"{s.ok:,}")
    table.add_row("documents failed", f"[red]{s.failed:,}[/red]" if s.failed else "0")
    if s.already_done or s.duplicates:
        table.add_row(
            "skipped",
            f"{s.already_done:,} already done ({s.already_failed:,} of them failed), "
            f"{s.duplicates:,} duplicates",
        )
    if s.retried:
        table.add_row("retried", f"{s.retried:,} (an earlier failure was not the document's)")
    table.add_row("facts / entities / flags", f"{s.facts:,} / {s.entities:,} / {s.flags:,}")
    table.add_row("characters", f"{s.chars:,}")
    table.add_row(
        "time",
        f"{s.seconds:,.1f} s  ({s.docs_per_s:,.1f} docs/s, {s.chars_per_s:,.0f} chars/s, "
        f"{s.workers} {s.backend} worker{'s' if s.workers != 1 else ''})",
    )
    if s.worker_peak_rss:
        table.add_row("peak RSS per worker", _human_bytes(max(s.worker_peak_rss.values())))
    table.add_row("output", f"{s.out} ({s.format}, {s.parts} new part(s))")
    if s.duckdb:
        table.add_row("duckdb", s.duckdb)
    console.print(table)
    if s.errors:
        shown = s.errors[:10]
        console.print(f"[red]failed documents[/red] (all {s.failed} in the errors table):")
        for e in shown:
            console.print(f"  {e.file}: {e.stage}: {e.error_type}: {e.message[:160]}")
        if s.failed > len(shown):
            console.print(f"  … and {s.failed - len(shown)} more")
