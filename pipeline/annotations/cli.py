"""``perf-facts annotate …``: validate, stats, split, to-spacy, Label Studio and doccano round trips."""

from __future__ import annotations

import json
from enum import Enum
from pathlib import Path
from typing import Annotated

import typer

from pipeline.annotations.app import app
from pipeline.tokenize.segmenters import Segmenter

Paths = Annotated[
    list[Path],
    typer.Argument(help="JSONL files or directories of them (their *.jsonl).", show_default=False),
]


def _load(paths: list[Path]):
    from pipeline.annotations.records import RecordError, load_records

    try:
        return load_records(*paths)
    except (RecordError, FileNotFoundError) as exc:
        typer.echo(f"error: {exc} (run `perf-facts annotate validate` for the full list)", err=True)
        raise typer.Exit(2) from exc


@app.command()
def validate(
    paths: Paths,
    source: Annotated[
        Path,
        typer.Option(help="Directory of the source texts (file: meta.source or <meta.doc>.txt)."),
    ] = Path("corpus/sample"),
    no_source: Annotated[
        bool, typer.Option("--no-source", help="Skip the checks against the source files.")
    ] = False,
) -> None:
    """Check records against the annotation guide; exit 1 with a list of problems."""
    from pipeline.annotations.validate import validate_paths

    try:
        report = validate_paths(paths, None if no_source else source)
    except FileNotFoundError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2) from exc
    for p in report.problems:
        typer.echo(str(p))
    typer.echo(report.summary(), err=not report.ok)
    if not report.ok:
        raise typer.Exit(1)


@app.command()
def stats(
    paths: Paths,
    as_json: Annotated[
        bool,
        typer.Option(
            "--json",
            help="Print the corpus summary as JSON: documents, characters, labels, "
            "sectors, layouts, splits (plus the detailed counts).",
        ),
    ] = False,
    splits: Annotated[
        Path,
        typer.Option(
            help="splits.json: the split of each document it lists (meta.split for the rest)."
        ),
    ] = Path("annotations/splits.json"),
) -> None:
    """Spans per label and per document, roles of quantities, relations; sectors, layouts, splits."""
    from pipeline.annotations.stats import compute_stats, read_split_map, render

    try:
        split_map = read_split_map(splits)
    except ValueError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2) from exc
    st = compute_stats(_load(paths), split_map=split_map)
    if as_json:
        typer.echo(json.dumps(st.to_dict(), ensure_ascii=False, indent=2))
    else:
        render(st)


@app.command()
def synth(
    out: Annotated[Path, typer.Option(help="Directory for texts/, synthetic.jsonl and files/.")],
    catalogue: Annotated[Path, typer.Option(help="Indicator catalogue TSV.")] = Path(
        "annotations/catalogue/indicators.tsv"
    ),
    n: Annotated[int, typer.Option("--n", help="Number of documents.")] = 120,
    seed: Annotated[int, typer.Option(help="Seed; the same seed gives the same files.")] = 0,
    formats: Annotated[
        str, typer.Option(help="Comma-separated: txt (always written), docx, xlsx, html, pdf.")
    ] = "txt",
    layouts: Annotated[
        str | None, typer.Option(help="Comma-separated layouts (default: all of them in turn).")
    ] = None,
    split: Annotated[str, typer.Option(help="meta.split of every record.")] = "train",
) -> None:
    """Synthetic self-evaluation tables with gold spans, roles and relations by construction."""
    from pipeline.annotations.catalogue import CatalogueError, load_catalogue
    from pipeline.annotations.synth_layouts import LAYOUTS
    from pipeline.annotations.synthetic import generate, write_corpus

    fmts = [f.strip() for f in formats.split(",") if f.strip()]
    chosen = [x.strip() for x in layouts.split(",") if x.strip()] if layouts else list(LAYOUTS)
    try:
        rows = load_catalogue(catalogue)
        docs = generate(rows, n, seed, layouts=chosen, split=split)
        written = write_corpus(docs, out, ["txt", *[f for f in fmts if f != "txt"]])
    except (CatalogueError, FileNotFoundError, ValueError) as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2) from exc
    for note in written.notes:
        typer.echo(f"note: {note}", err=True)
    typer.echo(
        f"wrote {written.documents} documents, {written.records} records, "
        f"{len(written.files)} files to {out}"
    )


@app.command()
def split(
    paths: Paths,
    out: Annotated[Path, typer.Option(help="Where to write the split.")] = Path(
        "annotations/splits.json"
    ),
    seed: Annotated[int, typer.Option(help="random_state of the splitter.")] = 0,
    test_size: Annotated[
        float, typer.Option(help="Test documents: a fraction (<1) or a count.")
    ] = 0.25,
    dev_size: Annotated[
        float, typer.Option(help="Dev documents: a fraction of all (<1) or a count.")
    ] = 0.25,
    loo: Annotated[
        bool, typer.Option("--loo", help="Also write leave-one-document-out folds.")
    ] = False,
    unseen: Annotated[
        list[Path] | None,
        typer.Option(
            help="Gold written apart (JSONL or folder): listed as unseen-test, never drawn."
        ),
    ] = None,
    train_only: Annotated[
        list[Path] | None,
        typer.Option(
            help="Sources among PATHS whose documents always stay in train (e.g. synthetic tables)."
        ),
    ] = None,
) -> None:
    """Reproducible train/dev/test split by document (and LOO folds) → splits.json."""
    from pipeline.annotations.split import make_split, write_split

    records = _load(paths)
    try:
        result = make_split(
            records,
            seed=seed,
            test_size=test_size,
            dev_size=dev_size,
            loo=loo,
            sources=[str(p) for p in [*paths, *(unseen or [])]],
            unseen=_load(unseen) if unseen else (),
            train_only=_load(train_only) if train_only else (),
            train_only_sources=[str(p) for p in train_only or ()],
        )
    except ValueError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2) from exc
    write_split(result, out)
    parts = ", ".join(
        f"{k} {len(result[k])}" for k in ("train", "dev", "test", "unseen-test") if k in result
    )
    folds = f", {len(result['folds'])} LOO folds" if loo else ""
    typer.echo(f"wrote {out}: {parts} documents{folds}")


@app.command("to-spacy")
def to_spacy(
    paths: Paths,
    out: Annotated[Path, typer.Option(help="The .spacy file to write.")],
    segmenter: Annotated[
        Segmenter, typer.Option(help="Segmenter of the project tokenizer.")
    ] = Segmenter.jieba,
    verbose: Annotated[
        bool, typer.Option("--verbose", "-v", help="List every misaligned span.")
    ] = False,
    fail_on_misaligned: Annotated[
        bool, typer.Option(help="Exit 1 when any span does not align to tokens.")
    ] = False,
) -> None:
    """Gold JSONL → spaCy DocBin with the project tokenizer; reports misaligned spans."""
    from pipeline.annotations.to_spacy import records_to_docbin

    records = _load(paths)
    try:
        db, misaligned = records_to_docbin(records, segmenter=segmenter.value)
    except ValueError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2) from exc
    out.parent.mkdir(parents=True, exist_ok=True)
    db.to_disk(out)
    n_spans = sum(len(r.spans) for r in records)
    typer.echo(
        f"wrote {out}: {len(db)} docs, {n_spans - len(misaligned)} of {n_spans} spans aligned; "
        f"{len(misaligned)} misaligned (segmenter {segmenter.value})"
    )
    if verbose:
        for m in misaligned:
            typer.echo(f"  {m}")
    elif misaligned:
        typer.echo("  (--verbose lists them)")
    if misaligned and fail_on_misaligned:
        raise typer.Exit(1)


class PredictionKind(str, Enum):
    rules = "rules"
    gold = "gold"
    none = "none"


class AnnotationSource(str, Enum):
    gold = "gold"
    none = "none"


class DoccanoShape(str, Enum):
    label = "label"
    relation = "relation"


AllowDrops = Annotated[
    bool,
    typer.Option(
        "--allow-drops",
        help="Write the records even when spans, roles or links had to be dropped "
        "(listed as they are); without it such an import writes nothing and exits 1.",
    ),
]


def _report_notes(notes, allow_drops: bool) -> None:
    """Print what the import could not keep; exit 1 on drops unless allowed."""
    from pipeline.annotations.import_notes import DEFAULTED, drops

    for n in notes:
        if n.kind != DEFAULTED:
            typer.echo(f"{'dropped' if n.dropped else 'warning'}: {n}", err=True)
    filled = [n for n in notes if n.kind == DEFAULTED]
    if filled:
        typer.echo(f"note: {len(filled)} value(s) filled in, e.g. {filled[0]}", err=True)
    lost = drops(notes)
    if lost and not allow_drops:
        typer.echo(
            f"error: {len(lost)} annotation(s) would be dropped (listed above); nothing "
            "written. Fix them in the annotation tool, or pass --allow-drops.",
            err=True,
        )
        raise typer.Exit(1)
    if lost:
        typer.echo(f"warning: writing without {len(lost)} dropped annotation(s)", err=True)


@app.command("export-ls")
def export_ls(
    paths: Paths,
    out: Annotated[Path, typer.Option(help="Label Studio tasks JSON to write.")],
    predictions: Annotated[
        PredictionKind,
        typer.Option(
            help="Pre-annotations with a score per region: the quantity rules "
            "(model_version rules/quantities), the records' own spans (gold), or none."
        ),
    ] = PredictionKind.none,
    annotations: Annotated[
        AnnotationSource,
        typer.Option(
            help="The records' spans as completed annotations (gold), or none "
            "(for skeletons that annotators start on)."
        ),
    ] = AnnotationSource.gold,
    per_document: Annotated[
        bool,
        typer.Option(
            "--per-document",
            help="One task per document: its paragraphs joined by a blank line, their "
            "offsets in data.paragraphs, so annotators keep the context.",
        ),
    ] = False,
) -> None:
    """Records → Label Studio import tasks (data, annotations, predictions)."""
    from pipeline.annotations.labelstudio import predictor_for, records_to_tasks, write_tasks

    records = _load(paths)
    try:
        source = predictor_for(predictions.value)
    except RuntimeError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2) from exc
    tasks = records_to_tasks(
        records,
        annotations=annotations == AnnotationSource.gold,
        predictions=source,
        per_document=per_document,
    )
    write_tasks(tasks, out)
    unit = "document tasks" if per_document else "tasks"
    typer.echo(
        f"wrote {out}: {len(tasks)} {unit} (annotations: {annotations.value}, "
        f"predictions: {predictions.value})"
    )


@app.command("import-ls")
def import_ls(
    export: Annotated[Path, typer.Argument(help="Label Studio JSON export (not JSON-MIN).")],
    out: Annotated[Path, typer.Option(help="Directory for <doc>.jsonl files.")],
    use_predictions: Annotated[
        bool, typer.Option(help="Take the latest prediction where a task has no annotation.")
    ] = False,
    default_role: Annotated[
        str | None,
        typer.Option(help="Role for quantities that were given none (default: leave it unset)."),
    ] = None,
    allow_drops: AllowDrops = False,
) -> None:
    """Label Studio JSON export (paragraph or document tasks) → guide JSONL, one file per document."""
    from pipeline.annotations.labelstudio import LabelStudioError, read_export, tasks_to_records
    from pipeline.annotations.records import dump_by_document

    try:
        records, notes = tasks_to_records(
            read_export(export), use_predictions=use_predictions, default_role=default_role
        )
    except (LabelStudioError, json.JSONDecodeError, KeyError) as exc:
        typer.echo(f"error: {export}: {exc}", err=True)
        raise typer.Exit(2) from exc
    _report_notes(notes, allow_drops)
    files = dump_by_document(records, out)
    typer.echo(f"wrote {len(records)} records to {len(files)} files in {out}")


@app.command("ls-config")
def ls_config() -> None:
    """Print the Label Studio labeling config (XML)."""
    from pipeline.annotations.labelstudio import labeling_config

    typer.echo(labeling_config(), nl=False)


@app.command("export-doccano")
def export_doccano(
    paths: Paths,
    out: Annotated[Path, typer.Option(help="doccano JSONL to write.")],
    shape: Annotated[
        DoccanoShape,
        typer.Option(
            help="label: a sequence-labeling project (label triples, links in metadata); "
            "relation: the same with relations on (entities, relations: links drawn in doccano)."
        ),
    ] = DoccanoShape.label,
) -> None:
    """Records → doccano JSONL (spans, plus record_id/doc/offset/roles/span_ids as metadata)."""
    from pipeline.annotations.doccano import write_doccano
    from pipeline.annotations.records import RecordError

    records = _load(paths)
    try:
        write_doccano(records, out, shape.value)
    except RecordError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2) from exc
    typer.echo(f"wrote {out}: {len(records)} lines ({shape.value} shape)")


@app.command("import-doccano")
def import_doccano(
    files: Annotated[list[Path], typer.Argument(help="doccano JSONL files (either shape).")],
    out: Annotated[Path, typer.Option(help="Directory for <doc>.jsonl files.")],
    allow_drops: AllowDrops = False,
) -> None:
    """doccano JSONL → guide JSONL, one file per document (quantities without a role get value)."""
    from pipeline.annotations.doccano import read_doccano
    from pipeline.annotations.import_notes import ImportNote
    from pipeline.annotations.records import RecordError, dump_by_document

    notes: list[ImportNote] = []
    try:
        records = read_doccano(*files, notes=notes)
    except (RecordError, FileNotFoundError) as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2) from exc
    _report_notes(notes, allow_drops)
    written = dump_by_document(records, out)
    typer.echo(f"wrote {len(records)} records to {len(written)} files in {out}")


# Registered after the commands above, so `annotate --help` lists them first.
from pipeline.annotations import agreement  # noqa: F401
