"""``perf-facts train``: train the NER and save the assembled pipeline."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from pipeline.commands.app import app


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
    include_authored: Annotated[
        bool,
        typer.Option(
            "--include-authored/--no-include-authored",
            help="Add annotations/authored/authored.jsonl (training only).",
        ),
    ] = True,
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
) -> None:
    """Convert gold (+ authored) records to DocBins, run spaCy training with a
    fixed seed and step count, and save tokenizer + tok2vec + ner (+ the
    quantity rules) so that spacy.load(OUTPUT) works."""
    from pipeline.training.train import GOLD_DIR, HYBRID_LABELS, train_pipeline

    try:
        path, result = train_pipeline(
            output,
            config=config,
            gold=gold or [GOLD_DIR],
            train_docs=train_docs,
            include_authored=include_authored,
            seed=seed,
            max_steps=max_steps,
            labels=labels or HYBRID_LABELS,
            quantities=quantities,
            overwrite_ents=overwrite_ents,
            workdir=workdir,
        )
    except (ValueError, FileExistsError, FileNotFoundError) as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2) from None
    typer.echo(
        f"saved {path}: NER labels {', '.join(result.labels)}"
        f"{' + rule quantities' if quantities else ''}; {result.train_records} training "
        f"records, {result.misaligned} gold span(s) not aligned to tokens (not trained on)"
    )
