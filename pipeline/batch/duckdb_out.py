"""``--duckdb FILE``: a DuckDB database with the same tables as the output.

Built from the committed part files after the run (Parquet is read by DuckDB
directly, streaming; JSON lines go through pyarrow with the schema of
``pipeline.schema``). The tables are replaced on every build, so the database
always mirrors the whole output directory, resumed runs included.
"""

from __future__ import annotations

from pathlib import Path

import duckdb

from pipeline.batch.writer import committed_files, read_table
from pipeline.schema import OUTPUT_TABLES


def build_duckdb(out: str | Path, db_file: str | Path) -> dict[str, int]:
    """(Re)create every table of the output (``pipeline.schema.OUTPUT_TABLES``)
    in ``db_file``; returns row counts."""
    db_file = Path(db_file)
    db_file.parent.mkdir(parents=True, exist_ok=True)
    tmp = db_file.with_name(f".{db_file.name}.tmp")
    tmp.unlink(missing_ok=True)
    counts: dict[str, int] = {}
    con = duckdb.connect(str(tmp))
    try:
        for name in OUTPUT_TABLES:
            files = committed_files(out, name)
            # errors go through read_table, which hides rows a retry replaced;
            # runs are not parts of the manifest (committed_files has none)
            if name != "errors" and files and all(f.suffix == ".parquet" for f in files):
                # every part is written with the schema, empty ones included
                con.execute(
                    f"CREATE TABLE {name} AS SELECT * FROM read_parquet(?)",
                    [[str(f) for f in files]],
                ).fetchall()
            else:
                con.register("_src", read_table(out, name))
                con.execute(f"CREATE TABLE {name} AS SELECT * FROM _src").fetchall()
                con.unregister("_src")
            counts[name] = con.execute(f"SELECT count(*) FROM {name}").fetchall()[0][0]
    finally:
        con.close()
    # a build killed half-way never replaces a good database
    tmp.replace(db_file)
    return counts
