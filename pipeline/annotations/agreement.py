"""Agreement between two independent annotation passes: span-level P/R/F1 per
label (pass B scored against pass A, so F1 is symmetric), role agreement on
shared quantity spans, and MEASURES-relation F1."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any

import typer

from pipeline.annotations.app import app
from pipeline.annotations.records import load_records
from pipeline.evaluation.items import relation_items, role_accuracy, span_items
from pipeline.evaluation.prf import prf_by_label


def agreement(pass_a: list[Path], pass_b: list[Path]) -> dict[str, Any]:
    a, b = load_records(*pass_a), load_records(*pass_b)
    spans = prf_by_label(span_items(a), span_items(b))
    relations = prf_by_label(relation_items(a), relation_items(b))
    role_acc, n = role_accuracy(a, b)
    return {
        "spans": {label: s.as_dict() for label, s in spans.items()},
        "relations": relations.get("MEASURES", relations["ALL"]).as_dict(),
        "role_agreement": round(role_acc, 4),
        "shared_quantities": n,
    }


@app.command("agree")
def agree_command(
    pass_a: Annotated[Path, typer.Argument(help="First pass: a JSONL file or a folder of them.")],
    pass_b: Annotated[Path, typer.Argument(help="Second pass, same documents.")],
    as_json: Annotated[bool, typer.Option("--json", help="Machine-readable output.")] = False,
) -> None:
    """Inter-annotator agreement between two passes over the same documents."""
    result = agreement([pass_a], [pass_b])
    if as_json:
        print(json.dumps(result, ensure_ascii=False, indent=2))
        return
    print(f"{'label':<12} {'P':>7} {'R':>7} {'F1':>7} {'A':>5} {'B':>5}")
    for label, s in result["spans"].items():
        a_n, b_n = s["tp"] + s["fn"], s["tp"] + s["fp"]
        print(f"{label:<12} {s['precision']:>7.3f} {s['recall']:>7.3f} {s['f1']:>7.3f} {a_n:>5} {b_n:>5}")
    r = result["relations"]
    print(f"{'MEASURES':<12} {r['precision']:>7.3f} {r['recall']:>7.3f} {r['f1']:>7.3f}")
    print(f"role agreement {result['role_agreement']:.3f} on {result['shared_quantities']} shared quantities")
