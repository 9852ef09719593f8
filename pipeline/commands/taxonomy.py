"""``perf-facts taxonomy``: train and query the indicator taxonomy classifier."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from pipeline.commands.app import app

taxonomy_app = typer.Typer(
    help="Indicator taxonomy: classify indicator names into 一级/二级 categories.",
    no_args_is_help=True,
)
app.add_typer(taxonomy_app, name="taxonomy")


@taxonomy_app.command("train")
def train_cmd(
    out: Annotated[
        Path,
        typer.Option(help="Model folder (replaced files: model.joblib, metrics.json, README.md)."),
    ] = Path("models/indicator_taxonomy"),
    option: Annotated[
        str | None,
        typer.Option(
            help="Model option to ship (logreg_1_2, logreg_1_3, svm_calibrated); "
            "default: the best cross-validated macro-F1 (level 2)."
        ),
    ] = None,
    folds: Annotated[int, typer.Option(help="Cross-validation folds.")] = 5,
) -> None:
    """Cross-validate the candidate models (grouped by source document), fit the
    chosen one on the table rows + seed names, and write the model and its card."""
    from pipeline.taxonomy.model import OPTIONS, train

    if option is not None and option not in OPTIONS:
        raise typer.BadParameter(f"choose one of {', '.join(OPTIONS)}", param_hint="--option")
    metrics = train(out, option=option, folds=folds)
    typer.echo(
        f"{metrics['examples']} names ({metrics['table_examples']} from tables), "
        f"{folds}-fold grouped CV, macro-F1:"
    )
    for r in metrics["cv"]:
        mark = "*" if r["option"] == metrics["chosen"] else " "
        typer.echo(
            f" {mark} {r['option']:<15} L1 {r['macro_f1_l1']:.3f}  L2 {r['macro_f1_l2']:.3f}"
            f"  (tables only: L1 {r['macro_f1_l1_tables']:.3f}  L2 {r['macro_f1_l2_tables']:.3f})"
        )
    typer.echo(f"wrote {out}/model.joblib ({metrics['chosen']})")


@taxonomy_app.command("predict")
def predict_cmd(
    names: Annotated[list[str], typer.Argument(help="Indicator names.")],
    model: Annotated[Path | None, typer.Option(help="Model folder or file.")] = None,
) -> None:
    """Print 一级, 二级 and confidence for each NAME (tab-separated)."""
    from pipeline.taxonomy import classify

    try:
        results = classify(names, model_path=model)
    except FileNotFoundError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2) from None
    for name, (l1, l2, conf) in zip(names, results, strict=True):
        typer.echo(f"{name}\t{l1}\t{l2}\t{conf:.3f}")
