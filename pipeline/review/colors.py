"""Label colours: the ones annotators see in Label Studio (resources/label_studio.xml)."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from functools import lru_cache
from pathlib import Path

from pipeline.resources.vocabulary import LABELS

LABEL_STUDIO_XML = Path(__file__).resolve().parents[1] / "resources" / "label_studio.xml"
# Used when the XML lacks a label; same values as the XML at the time of writing.
_FALLBACK = dict(zip(LABELS, ("#f4a261", "#2a9d8f", "#e9c46a", "#8ab17d", "#b5838d"), strict=True))
# A quantity the table reader turned into a fact where the tagger found no entity.
FACT_LABEL = "FACT"
FACT_COLOR = "#d9d9d9"


@lru_cache(maxsize=1)
def label_colors() -> dict[str, str]:
    colors = dict(_FALLBACK)
    try:
        root = ET.parse(LABEL_STUDIO_XML).getroot()
    except (OSError, ET.ParseError):
        root = None
    if root is not None:
        for label in root.iter("Label"):
            value, background = label.get("value"), label.get("background")
            if value and background:
                colors[value] = background
    colors[FACT_LABEL] = FACT_COLOR
    return colors
