"""The output schema: dataclasses, pyarrow schemas and docs/schema.md agree."""

from __future__ import annotations

import re
from dataclasses import fields
from pathlib import Path

import pyarrow as pa
import pytest

from pipeline.schema import OUTPUT_TABLES, SCHEMAS, TABLES, FactRow

DOC = Path(__file__).resolve().parents[1] / "docs" / "schema.md"


def _documented() -> dict[str, dict[str, str]]:
    """table name → {field: type} from the markdown tables under "## name (`Row`)"."""
    out: dict[str, dict[str, str]] = {}
    current = None
    for line in DOC.read_text(encoding="utf-8").splitlines():
        m = re.match(r"^## (\w+) \(`(\w+)`\)", line)
        if m:
            current = m.group(1)
            out[current] = {}
            continue
        cells = [c.strip() for c in re.split(r"(?<!\\)\|", line)[1:-1]]
        if current and len(cells) == 3 and cells[0] not in ("field", "---"):
            out[current][cells[0]] = cells[1].replace("\\|", "|")
    return out


def test_every_document_table_is_an_output_table() -> None:
    assert set(TABLES) < set(OUTPUT_TABLES)
    assert "runs" in OUTPUT_TABLES and "indicators" in TABLES


@pytest.mark.parametrize("name", sorted(OUTPUT_TABLES))
def test_every_field_documented_with_its_type(name: str) -> None:
    documented = _documented()
    assert name in documented, f"docs/schema.md has no section for {name}"
    code = {f.name: str(f.type) for f in fields(OUTPUT_TABLES[name])}
    assert documented[name] == code


@pytest.mark.parametrize("name", sorted(OUTPUT_TABLES))
def test_arrow_schema_matches_dataclass(name: str) -> None:
    schema = SCHEMAS[name]
    assert schema.names == [f.name for f in fields(OUTPUT_TABLES[name])]
    for f in fields(OUTPUT_TABLES[name]):
        assert schema.field(f.name).nullable == ("None" in str(f.type))


def test_fact_rows_round_trip_through_arrow() -> None:
    row = FactRow(
        "d",
        "d#f0000",
        "table",
        "COUNT",
        "value",
        "630",
        1,
        4,
        630.0,
        "人",
        630.0,
        "人",
        None,
        indicator="x",
        table=1,
        row=2,
        column="实际完成值",
    )
    table = pa.Table.from_pylist(
        [{f.name: getattr(row, f.name) for f in fields(FactRow)}], schema=SCHEMAS["facts"]
    )
    assert table.to_pylist()[0]["column"] == "实际完成值"
