"""The indicator catalogue (annotations/catalogue/indicators.tsv) as typed rows."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

COLUMNS: tuple[str, ...] = (
    "sector",
    "level1",
    "level2",
    "name",
    "unit",
    "value_style",
    "min",
    "max",
    "decimals",
)
LEVEL1: tuple[str, ...] = ("产出指标", "效益指标", "满意度指标", "成本指标")
LEVEL2: tuple[str, ...] = (
    "数量指标",
    "质量指标",
    "时效指标",
    "成本指标",
    "经济效益",
    "社会效益",
    "生态效益",
    "可持续影响",
    "服务对象满意度",
)
VALUE_STYLES: tuple[str, ...] = (">=", "<=", "=", "range", "qualitative")
DEFAULT_CATALOGUE = Path("annotations/catalogue/indicators.tsv")


class CatalogueError(ValueError):
    """A catalogue file that does not have the columns or values it must have."""


@dataclass(frozen=True, slots=True)
class Indicator:
    sector: str
    level1: str
    level2: str
    name: str
    unit: str
    value_style: str
    low: float
    high: float
    decimals: int

    @property
    def qualitative(self) -> bool:
        return self.value_style == "qualitative"


def _row(d: dict[str, str], where: str) -> Indicator:
    try:
        ind = Indicator(
            sector=d["sector"].strip(),
            level1=d["level1"].strip(),
            level2=d["level2"].strip(),
            name=d["name"].strip(),
            unit=(d["unit"] or "").strip(),
            value_style=d["value_style"].strip(),
            low=float(d["min"]),
            high=float(d["max"]),
            decimals=int(d["decimals"]),
        )
    except (KeyError, TypeError, ValueError) as exc:
        raise CatalogueError(f"{where}: {exc}") from exc
    if not ind.name or not ind.sector:
        raise CatalogueError(f"{where}: empty sector or name")
    if ind.level1 not in LEVEL1:
        raise CatalogueError(f"{where}: level1 {ind.level1!r} not one of {', '.join(LEVEL1)}")
    if ind.level2 not in LEVEL2:
        raise CatalogueError(f"{where}: level2 {ind.level2!r} not one of {', '.join(LEVEL2)}")
    if ind.value_style not in VALUE_STYLES:
        raise CatalogueError(f"{where}: value_style {ind.value_style!r} not one of {VALUE_STYLES}")
    if not ind.qualitative and (not ind.unit or ind.low > ind.high):
        raise CatalogueError(f"{where}: a quantitative indicator needs a unit and min <= max")
    return ind


def load_catalogue(path: str | Path = DEFAULT_CATALOGUE) -> list[Indicator]:
    """Every row of a catalogue TSV, checked; raises CatalogueError on a bad file."""
    path = Path(path)
    with path.open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh, delimiter="\t")
        missing = [c for c in COLUMNS if c not in (reader.fieldnames or [])]
        if missing:
            raise CatalogueError(f"{path}: missing columns {', '.join(missing)}")
        rows = [_row(d, f"{path}:{n}") for n, d in enumerate(reader, 2)]
    if not rows:
        raise CatalogueError(f"{path}: no indicators")
    return rows


def by_sector(rows: list[Indicator]) -> dict[str, list[Indicator]]:
    out: dict[str, list[Indicator]] = {}
    for r in rows:
        out.setdefault(r.sector, []).append(r)
    return out
