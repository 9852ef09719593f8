"""``perf-facts evaluate`` (score the pipeline against gold JSONL) and
``perf-facts annotate predict`` (write what the pipeline finds as guide records).

Both tag whole source documents (``pipeline.ingest.read_document``), so they
work on any gold file in the guide's format and on documents the model never
saw; scores compare spans by absolute offsets ``(doc, start, end)``.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from pipeline.annotations.app import app as annotate_app
from pipeline.commands.app import app
from pipeline.commands.options import (
    SPLITS_FILE,
    CuesOption,
    ModelOption,
    SplitOption,
    SplitsOption,
    TaggerOption,
    composition_settings,
    settings_report,
)


def span_table(spans: dict, title: str) -> Table:
    """A rich table of per-label P/R/F1/support (``PRF.as_dict()`` values)."""
    table = Table(title=title, show_header=True, header_style="bold")
    for col in ("label", "precision", "recall", "F1", "support", "tp", "fp", "fn"):
        table.add_column(col, justify="left" if col == "label" else "right")
    for label, d in spans.items():
        style = "bold" if label == "ALL" else None
        table.add_row(
            label,
            f"{d['precision']:.3f}",
            f"{d['recall']:.3f}",
            f"{d['f1']:.3f}",
            str(d["support"]),
            str(d["tp"]),
            str(d["fp"]),
            str(d["fn"]),
            style=style,
        )
    return table


def gold_records(gold: list[Path] | None, split: str | None, splits: Path, err: Console) -> list:
    """The records of GOLD or of --split; one error line and exit 2 when unusable."""
    from pipeline.annotations.corpus import SplitError, split_records
    from pipeline.annotations.records import RecordError, load_records

    if bool(gold) == bool(split):
        err.print("[red]error:[/red] give gold files or --split, not both or neither")
        raise typer.Exit(2)
    try:
        records = load_records(*gold) if gold else split_records(split, splits)
    except (RecordError, FileNotFoundError, SplitError) as exc:
        err.print(f"[red]error:[/red] {exc}")
        raise typer.Exit(2) from None
    if not records:
        err.print("[red]error:[/red] no gold records")
        raise typer.Exit(2)
    return records


@app.command()
def evaluate(
    gold: Annotated[
        list[Path] | None,
        typer.Argument(
            help="Gold JSONL files or directories of them (or use --split).", show_default=False
        ),
    ] = None,
    split: SplitOption = None,
    splits: SplitsOption = SPLITS_FILE,
    source: Annotated[
        list[Path] | None,
        typer.Option(
            help="Folder of the source files (repeatable, searched in order). "
            "Default: corpus/sample, or with --split every corpus text folder."
        ),
    ] = None,
    model: ModelOption = None,
    labels: Annotated[
        list[str] | None, typer.Option("--label", help="Score only these labels (repeatable).")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Scores as JSON on stdout.")] = False,
    cues: CuesOption = None,
    tagger: TaggerOption = None,
) -> None:
    """Tag the source documents of GOLD and print per-label span precision,
    recall, F1 and support (plus ALL, micro-averaged) and quantity role accuracy.

    Spans match when label, document and absolute character offsets are equal.
    Exit 2 when the gold cannot be read or no source file is found.
    """
    from pipeline.annotations.corpus import TEXT_DIRS
    from pipeline.facts.composition import pipeline_settings
    from pipeline.loading import load_pipeline
    from pipeline.predict import evaluate as run_evaluation

    settings = composition_settings(cues, tagger)
    err = Console(stderr=True)
    records = gold_records(gold, split, splits, err)
    try:
        nlp = load_pipeline(model)
    except (FileNotFoundError, OSError) as exc:
        err.print(f"[red]error:[/red] {exc}")
        raise typer.Exit(2) from None
    sources = source or (list(TEXT_DIRS) if split else [Path("corpus/sample")])
    result = run_evaluation(nlp, records, sources, labels=labels, settings=settings)
    for m in result.missing_sources:
        err.print(f"[yellow]warning:[/yellow] source file not found: {m} (document skipped)")
    if not result.documents:
        err.print("[red]error:[/red] none of the gold's source files were found")
        raise typer.Exit(2)
    payload = result.as_dict()
    payload["model"] = model or "default"
    if split:
        payload["split"] = split
    payload["pipeline"] = list(nlp.pipe_names)
    payload["assembly"] = settings_report(settings.over(pipeline_settings(nlp)))
    if as_json:
        print(json.dumps(payload, ensure_ascii=False, indent=2))
        return
    out = Console()
    out.print(
        span_table(
            payload["spans"],
            f"spans: {len(result.documents)} document(s), pipeline {nlp.pipe_names}",
        )
    )
    out.print(
        f"role accuracy (quantities found in both): {result.role_accuracy:.3f} "
        f"over {result.role_support}"
    )
    if "relations" in payload:
        rel, facts = payload["relations"], payload["facts"]
        out.print(
            f"MEASURES relations P {rel['precision']:.3f} R {rel['recall']:.3f} "
            f"F1 {rel['f1']:.3f} (support {rel['support']}); "
            f"facts P {facts['precision']:.3f} R {facts['recall']:.3f} F1 {facts['f1']:.3f}"
        )


@annotate_app.command("predict")
def predict(
    files: Annotated[
        list[Path], typer.Argument(help="Report files (.txt, .docx, .pdf, .html, .xlsx, .xls).")
    ],
    out: Annotated[Path, typer.Option("--out", help="Output JSONL of predicted records.")],
    model: ModelOption = None,
    skip_empty: Annotated[
        bool, typer.Option("--skip-empty", help="Leave out paragraphs with no span.")
    ] = False,
    cues: CuesOption = None,
    tagger: TaggerOption = None,
) -> None:
    """Write what the pipeline finds in the guide's record format: one record per
    paragraph with meta.doc (file stem), meta.offset and meta.source (file name);
    quantity spans carry roles and MEASURES relations from the fact assembler."""
    from pipeline.annotations.records import iter_lines
    from pipeline.ingest import read_document
    from pipeline.ingest.errors import IngestError
    from pipeline.loading import load_pipeline
    from pipeline.predict import predict_records

    settings = composition_settings(cues, tagger)
    err = Console(stderr=True)
    try:
        nlp = load_pipeline(model)
    except (FileNotFoundError, OSError) as exc:
        err.print(f"[red]error:[/red] {exc}")
        raise typer.Exit(2) from None
    failed = 0
    n_records = n_spans = 0
    out.parent.mkdir(parents=True, exist_ok=True)
    with out.open("w", encoding="utf-8") as fh:
        for path in files:
            try:
                document = read_document(path)
            except IngestError as exc:
                failed += 1
                err.print(f"[red]failed[/red] {path}: {exc}")
                continue
            records = predict_records(nlp, document, keep_empty=not skip_empty, settings=settings)
            n_records += len(records)
            n_spans += sum(len(r.spans) for r in records)
            fh.writelines(iter_lines(records))
    err.print(f"{n_records} records, {n_spans} spans from {len(files) - failed} file(s) → {out}")
    if failed:
        raise typer.Exit(3)
