"""What ``extract --out`` tells the user while and after it runs: a progress bar
on a terminal, progress lines in a log (stderr not a terminal), a JSON-lines
log with ``--log-json``, nothing with ``-q``; a line per document with ``-v``;
the summary table at the end."""

from __future__ import annotations

import json
import sys
import time
from dataclasses import dataclass

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from pipeline.batch.progress import ProgressLines


@dataclass(frozen=True, slots=True)
class Verbosity:
    quiet: bool = False  # -q: no progress, no summary
    verbose: bool = False  # -v: a line per document
    log_json: bool = False  # --log-json: JSON lines instead
    progress_every: int = 0  # progress lines every N documents (0: about a tenth)


class BatchReport:
    """The ``on_plan`` / ``on_result`` callbacks of ``run_batch``."""

    def __init__(self, err: Console, verbosity: Verbosity, model: str = "") -> None:
        self.err, self.v, self.model = err, verbosity, model
        self.chars = self.failed = self.done = 0
        self.t0 = time.perf_counter()
        talk = not verbosity.quiet and not verbosity.log_json
        self.progress = _progress_bar(err) if talk and err.is_terminal else None
        self.lines: ProgressLines | None = None
        self.task = None
        self.talk = talk

    def log(self, event: str, **fields) -> None:
        if self.v.log_json:
            record = {"event": event, "time": round(time.time(), 3), **fields}
            sys.stderr.write(json.dumps(record, ensure_ascii=False) + "\n")
            sys.stderr.flush()

    def say(self, message: str) -> None:
        """A line on stderr (above the progress bar while it runs)."""
        if self.talk:
            console = self.progress.console if self.progress is not None else self.err
            console.print(message, highlight=False, soft_wrap=True)

    def on_plan(self, plan) -> None:
        self.log(
            "plan",
            to_process=len(plan.items),
            duplicates=len(plan.duplicates),
            already_done=plan.already_done,
            retrying=plan.retrying,
            bytes=plan.total_bytes,
        )
        for dup, kept in plan.duplicates:
            self.log("duplicate", file=dup, same_as=kept)
        if plan.items:
            self.log("loading_model", model=self.model)
            self.say(f"loading model {escape(self.model)}…")
        self.t0 = time.perf_counter()
        if self.progress is not None:
            self.progress.start()
            self.task = self.progress.add_task("extract", total=len(plan.items), rate="", failed="")
        elif self.talk and plan.items:
            self.lines = ProgressLines(len(plan.items), self.v.progress_every, self.say)

    def on_result(self, res) -> None:
        self.chars += res.chars
        self.done += 1
        if self.done == 1:
            self.log("model_ready", seconds=round(time.perf_counter() - self.t0, 2))
            self.say(f"model ready: first document after {time.perf_counter() - self.t0:.1f} s")
        if res.error is not None:
            self.failed += 1
            self.log(
                "error",
                file=res.path,
                doc_id=res.doc_id,
                stage=res.error.stage,
                error_type=res.error.error_type,
                message=res.error.message,
            )
        if self.v.verbose:
            self.say(_document_line(res))
        if self.lines is not None:
            self.lines.update(res.chars, res.error is not None)
        if self.progress is not None and self.task is not None:
            dt = max(time.perf_counter() - self.t0, 1e-9)
            rate = f"{self.done / dt:,.1f} docs/s  {self.chars / dt:,.0f} chars/s"
            failed = f"{self.failed} failed" if self.failed else ""
            self.progress.update(self.task, advance=1, rate=rate, failed=failed)

    def stop(self) -> None:
        if self.progress is not None:
            self.progress.stop()


def _document_line(res) -> str:
    """-v: one line per finished document."""
    if res.error is not None:
        e = res.error
        return (
            f"[red]failed[/red] {escape(res.path)}: {e.stage}: {e.error_type}: "
            f"{escape(e.message[:160])}"
        )
    r = res.result
    return (
        f"ok {escape(res.path)}: {res.chars:,} chars, {len(r.facts)} facts, "
        f"{len(r.flags)} flags, {res.seconds:.2f} s"
    )


def _progress_bar(err: Console):
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeElapsedColumn,
        TimeRemainingColumn,
    )

    return Progress(
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


def human_bytes(n: float) -> str:
    for unit in ("B", "KiB", "MiB", "GiB"):
        if n < 1024 or unit == "GiB":
            return f"{n:.0f} {unit}" if unit == "B" else f"{n:.1f} {unit}"
        n /= 1024
    return str(n)


def print_summary(console: Console, s, settings: str = "") -> None:
    """The table at the end of a run (``BatchSummary`` ``s``)."""
    table = Table(show_header=False, box=None, padding=(0, 2))
    table.add_column(style="bold")
    table.add_column(overflow="fold")  # paths whole, wrapped, never cut
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
        table.add_row("peak RSS per worker", human_bytes(max(s.worker_peak_rss.values())))
    if settings:
        table.add_row("settings", escape(settings))
    table.add_row("output", f"{s.out} ({s.format}, {s.parts} new part(s))")
    for label, path in (("export", s.export), ("duckdb", s.duckdb)):
        if path:
            table.add_row(label, path)
    console.print(table)
    if s.errors:
        shown = s.errors[:10]
        console.print(f"[red]failed documents[/red] (all {s.failed} in the errors table):")
        for e in shown:
            console.print(f"  {e.file}: {e.stage}: {e.error_type}: {e.message[:160]}")
        if s.failed > len(shown):
            console.print(f"  … and {s.failed - len(shown)} more")
