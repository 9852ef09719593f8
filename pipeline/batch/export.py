"""``--format csv`` and ``--format xlsx``: whole tables for people who live in
Excel, exported from an output folder after each run.

The parts stay Parquet (resume and crash safety are the writer's, unchanged);
the export is rebuilt from every committed part, so it mirrors the whole
folder, resumed runs included:

    OUT/csv/<table>.csv      one file per table, UTF-8 with a BOM (Excel reads the
                             Chinese text), a header row, empty cells for nulls
    OUT/tables.xlsx          one sheet per table

``read_export`` reads either back with the column types of ``pipeline.schema``.
"""

from __future__ import annotations

import os
from pathlib import Path

import pyarrow as pa
import pyarrow.csv as pacsv

from pipeline.batch.writer import OutputError, table_parts
from pipeline.schema import OUTPUT_TABLES, SCHEMAS

CSV_FOLDER = "csv"
XLSX_FILE = "tables.xlsx"
EXPORTS = ("csv", "xlsx")
BOM = b"\xef\xbb\xbf"
# What one Excel sheet holds: rows (one is the header) and characters a cell.
XLSX_MAX_ROWS = 1_048_575
XLSX_MAX_CELL = 32_767


def export_tables(out: str | Path, fmt: str) -> Path | None:
    """Export ``out``'s tables for ``--format fmt``; None for formats with no export."""
    if fmt == "csv":
        return export_csv(out)
    if fmt == "xlsx":
        return export_xlsx(out)
    return None


def export_csv(out: str | Path) -> Path:
    """``OUT/csv/<table>.csv`` for every table; returns the folder."""
    folder = Path(out) / CSV_FOLDER
    folder.mkdir(parents=True, exist_ok=True)
    for name in OUTPUT_TABLES:
        path = folder / f"{name}.csv"
        tmp = folder / f".{name}.csv.tmp"
        with open(tmp, "wb") as fh:
            fh.write(BOM)
            with pacsv.CSVWriter(fh, SCHEMAS[name]) as writer:
                for part in table_parts(out, name):
                    writer.write_table(part)
        os.replace(tmp, path)
    return folder


def _cell(value):
    """An Excel-safe cell: no control characters openpyxl refuses, at most a
    cell's length."""
    if not isinstance(value, str):
        return value
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    value = ILLEGAL_CHARACTERS_RE.sub("", value)
    return value if len(value) <= XLSX_MAX_CELL else value[: XLSX_MAX_CELL - 1] + "…"


def _check_sheet_sizes(out: str | Path) -> None:
    for name in OUTPUT_TABLES:
        rows = sum(part.num_rows for part in table_parts(out, name))
        if rows > XLSX_MAX_ROWS:
            raise OutputError(
                f"table {name} has {rows:,} rows, more than an Excel sheet holds "
                f"({XLSX_MAX_ROWS:,}); use --format csv or parquet for this output"
            )


def export_xlsx(out: str | Path) -> Path:
    """``OUT/tables.xlsx``, one sheet per table; OutputError (before anything is
    written) when a table has more rows than a sheet holds."""
    from openpyxl import Workbook

    _check_sheet_sizes(out)
    path = Path(out) / XLSX_FILE
    tmp = path.with_name(f".{path.name}.tmp")
    book = Workbook(write_only=True)
    for name in OUTPUT_TABLES:
        sheet = book.create_sheet(name)
        sheet.append(SCHEMAS[name].names)
        for part in table_parts(out, name):
            for row in part.to_pylist():
                sheet.append([_cell(v) for v in row.values()])
    book.save(tmp)
    os.replace(tmp, path)
    return path


def _typed(name: str, rows: list[dict]) -> pa.Table:
    """Rows read back from a CSV or a sheet, with the table's schema: an empty
    cell is null, or "" in a column that cannot be null."""
    schema = SCHEMAS[name]
    for field in schema:
        if not field.nullable and pa.types.is_string(field.type):
            for row in rows:
                if row.get(field.name) is None:
                    row[field.name] = ""
    return pa.Table.from_pylist(rows, schema=schema)


def _read_csv(path: Path, name: str) -> pa.Table:
    schema = SCHEMAS[name]
    options = pacsv.ConvertOptions(column_types=schema, strings_can_be_null=True)
    table = pacsv.read_csv(path, convert_options=options)
    return _typed(name, table.select(schema.names).to_pylist())


def _read_sheets(path: Path) -> dict[str, pa.Table]:
    from openpyxl import load_workbook

    book = load_workbook(path, read_only=True)
    try:
        tables = {}
        for name in OUTPUT_TABLES:
            rows = book[name].iter_rows(values_only=True)
            header = list(next(rows))
            # a read-only sheet leaves out a row's trailing empty cells
            tables[name] = _typed(name, [dict(zip(header, r, strict=False)) for r in rows])
        return tables
    finally:
        book.close()


def read_export(path: str | Path) -> dict:
    """The tables of an export (``OUT/csv`` or ``OUT/tables.xlsx``, or the
    output folder holding one) as pandas DataFrames with the schema's types."""
    path = Path(path)
    if path.is_dir() and (path / CSV_FOLDER).is_dir():
        path = path / CSV_FOLDER
    elif path.is_dir() and (path / XLSX_FILE).is_file():
        path = path / XLSX_FILE
    if path.is_dir():
        tables = {name: _read_csv(path / f"{name}.csv", name) for name in OUTPUT_TABLES}
    elif path.suffix == ".xlsx":
        tables = _read_sheets(path)
    else:
        raise FileNotFoundError(f"{path}: no csv/ folder or {XLSX_FILE} export here")
    return {name: table.to_pandas() for name, table in tables.items()}
