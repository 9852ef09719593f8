"""Options shared by several commands, defined once so their help agrees."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from pipeline.settings import CompositionSettings

ModelOption = Annotated[
    str | None,
    typer.Option(
        help="spaCy pipeline directory, or 'rules' for the rule layer alone. "
        "Default: the shipped model (an error, never the rules, when it is not installed)."
    ),
]

CuesOption = Annotated[
    str | None,
    typer.Option(
        help="How cue-word indicators combine with the tagger's INDICATOR spans: "
        "cues_first (the cue reading wins), merge (the tagger's span wins in its clause), "
        "tagged_first (as merge, and unmeasured tagged names stay), fallback (cues only "
        "where the tagger finds none in a document), off. Default: the pipeline's own setting.",
    ),
]

TaggerOption = Annotated[
    str | None,
    typer.Option(
        help="Where the trained components run: 'gaps' only in paragraphs where the rules "
        "leave a quantity without an indicator; 'quantified' in paragraphs holding a "
        "quantity; 'all' in every paragraph. Default: the pipeline's own setting.",
    ),
]


def composition_settings(cues: str | None, tagger: str | None) -> CompositionSettings:
    """What --cues / --tagger override of the pipeline's composition settings;
    BadParameter for values outside the choices."""
    from pipeline.facts.composition import CUE_MODES
    from pipeline.tagging import tagging_strategies

    if cues is not None and cues not in CUE_MODES:
        raise typer.BadParameter(f"--cues must be one of {', '.join(CUE_MODES)}")
    if tagger is not None and tagger not in tagging_strategies.get_all():
        raise typer.BadParameter(
            f"--tagger must be one of {', '.join(sorted(tagging_strategies.get_all()))}"
        )
    return CompositionSettings(cues, tagger)


def settings_report(settings: CompositionSettings) -> dict[str, object]:
    """The composition as evaluation reports record it."""
    return {"cues": settings.cues, "tagger": settings.tagger}


SplitOption = Annotated[
    str | None,
    typer.Option(
        help="A part of --splits (train, dev, unseen-test …): its documents, read from the "
        "sources splits.json lists.",
    ),
]
SplitsOption = Annotated[Path, typer.Option(help="The splits file --split reads.")]
SPLITS_FILE = Path("annotations/splits.json")
