"""Options shared by several commands, defined once so their help agrees."""

from __future__ import annotations

from typing import Annotated

import typer

ModelOption = Annotated[
    str | None,
    typer.Option(
        help="spaCy pipeline directory, or 'rules' for the rule layer alone. "
        "Default: the model in models/ if present, else the rules."
    ),
]

CuesOption = Annotated[
    str | None,
    typer.Option(
        help="How cue-word indicators combine with the tagger's INDICATOR spans: "
        "cues_first (default), merge (the tagger's span wins), fallback (cues only "
        "where the tagger finds none in a document), off.",
    ),
]

TaggerOption = Annotated[
    str,
    typer.Option(
        help="Where the trained components run: 'gaps' (default) only in paragraphs "
        "where the rules leave a quantity without an indicator; 'all' in every paragraph.",
    ),
]


def assembly_options(cues: str | None, tagger: str) -> dict[str, object]:
    """``pipeline.facts.process_document`` keywords from --cues / --tagger; BadParameter
    for values outside the choices."""
    from pipeline.facts import CUE_MODES, DEFAULT_CUES

    if cues is not None and cues not in CUE_MODES:
        raise typer.BadParameter(f"--cues must be one of {', '.join(CUE_MODES)}")
    if tagger not in ("gaps", "all"):
        raise typer.BadParameter("--tagger must be 'gaps' or 'all'")
    return {"cues": cues or DEFAULT_CUES, "gate": tagger == "gaps"}
