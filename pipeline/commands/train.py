"""``perf-facts train``: train the NER and save the assembled pipeline."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from pipeline.commands.app import app
from pipeline.commands.options import SPLITS_FILE, SplitOption, SplitsOption


def split_training_records(split: str | None, splits: Path, chose_gold: bool) -> list | None:
    """The records of --split (None without it); one error line and exit 2
    when it clashes with --gold/--train-docs or cannot be read."""
    from pipeline.annotations.corpus import SplitError, split_records

    if split is None:
        return None
    if chose_gold:
        typer.echo(
            "error: --split names the training documents; drop --gold/--train-docs", err=True
        )
        raise typer.Exit(2)
    try:
        return split_records(split, splits)
    except SplitError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2) from None


IncludeAuthoredOption = Annotated[
    bool,
    typer.Option(
        "--include-authored/--no-include-authored",
        help="Add annotations/authored/authored.jsonl (training only).",
    ),
]


@app.command()
def train(
    config: Annotated[Path, typer.Option(help="spaCy training config.")] = Path("configs/ner.cfg"),
    output: Annotated[Path, typer.Option(help="Where to save the pipeline (replaced).")] = Path(
        "models/perf_facts_zh"
    ),
    gold: Annotated[
        list[Path] | None, typer.Option(help="Gold JSONL files/dirs (default annotations/gold).")
    ] = None,
    train_docs: Annotated[
        list[str] | None,
        typer.Option(
            "--train-docs",
            help="Gold document ids or prefixes (repeatable); default: every gold document.",
        ),
    ] = None,
    seed: Annotated[int, typer.Option(help="Random seed (system.seed).")] = 0,
    max_steps: Annotated[int, typer.Option(help="Training steps (fixed; model-last).")] = 1500,
    include_authored: IncludeAuthoredOption = True,
    labels: Annotated[
        list[str] | None,
        typer.Option(
            "--label",
            help="Labels the NER learns (repeatable); default INDICATOR and ACHIEVEMENT (hybrid).",
        ),
    ] = None,
    quantities: Annotated[
        bool,
        typer.Option(
            "--quantities/--no-quantities",
            help="Append the rule component for MONEY/COUNT/PERCENT.",
        ),
    ] = True,
    overwrite_ents: Annotated[
        bool,
        typer.Option(
            "--overwrite-ents/--no-overwrite-ents",
            help="A rule quantity replaces an NER span it overlaps (measured better, LOO).",
        ),
    ] = True,
    workdir: Annotated[
        Path | None, typer.Option(help="Keep DocBins and spaCy's output here (default: temp).")
    ] = None,
    split: SplitOption = None,
    splits: SplitsOption = SPLITS_FILE,
) -> None:
    """Train tok2vec + ner (fixed seed and steps) and save the hybrid pipeline spacy.load reads."""
    from pipeline.training.train import GOLD_DIR, HYBRID_LABELS, train_pipeline

    records = split_training_records(split, splits, bool(gold or train_docs))
    try:
        path, result = train_pipeline(
            output,
            config=config,
            gold=gold or [GOLD_DIR],
            train_docs=train_docs,
            include_authored=include_authored and not split,
            seed=seed,
            max_steps=max_steps,
            labels=labels or HYBRID_LABELS,
            quantities=quantities,
            overwrite_ents=overwrite_ents,
            workdir=workdir,
            records=records,
            split=split,
        )
    except (ValueError, FileExistsError, FileNotFoundError) as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2) from None
    typer.echo(
        f"saved {path}: NER labels {', '.join(result.labels)}"
        f"{' + rule quantities' if quantities else ''}; {result.train_records} training "
        f"records, {result.misaligned} gold span(s) not aligned to tokens (not trained on)"
    )


@app.command()
def corpus(
    out: Annotated[Path, typer.Option(help="Folder for train.spacy and dev.spacy.")],
    config: Annotated[Path, typer.Option(help="spaCy training config.")] = Path("configs/ner.cfg"),
    gold: Annotated[
        list[Path] | None, typer.Option(help="Gold JSONL files/dirs (default annotations/gold).")
    ] = None,
    include_authored: IncludeAuthoredOption = True,
    labels: Annotated[
        list[str] | None,
        typer.Option(
            "--label", help="Labels kept (repeatable); default INDICATOR and ACHIEVEMENT."
        ),
    ] = None,
) -> None:
    """Write the corpora 'perf-facts train' trains on (train.spacy, dev.spacy:
    tokenized as CONFIG says, with the spans its spancat learns from), for
    'spacy debug data CONFIG --paths.train OUT/train.spacy --paths.dev OUT/dev.spacy'
    or 'spacy train'."""
    from pipeline.training.train import (
        GOLD_DIR,
        HYBRID_LABELS,
        load_training_records,
        write_corpora,
    )

    try:
        records = load_training_records(gold or [GOLD_DIR], None, include_authored)
        train_path, dev_path, kept, dev, misaligned = write_corpora(
            records, out, config=config, labels=labels or HYBRID_LABELS
        )
    except (ValueError, FileNotFoundError) as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2) from None
    typer.echo(
        f"wrote {train_path} ({len(kept)} records) and {dev_path} ({len(dev)}); "
        f"{misaligned} gold span(s) not aligned to tokens"
    )
