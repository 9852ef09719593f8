"""Find tab-separated and pipe tables in plain text.

Reports converted to .txt keep table rows as lines of tab-separated cells
(report 002's budget table). A table is a run of at least two adjacent lines
that each hold a tab and at least two non-empty cells; fewer is more likely a
tab-indented paragraph (report 001 indents flattened cells with one tab). A
line of tabs alone, as many as the rows on both sides have, is a spreadsheet's
empty row inside the table: it is skipped and the table goes on.

Pipe tables (``| 一级指标 | 二级指标 | ... |``, Markdown style, with or without
a ``|---|---|`` rule under the header) are read the same way.
"""

from __future__ import annotations

import re

from pipeline.ingest.document import Cell, Table

# One line plus its terminator, so a CRLF counts as one break, as in paragraphs.py.
_LINE = re.compile(r"([^\r\n]*)(?:\r\n|\r|\n)?")
_MIN_ROWS = 2
_MIN_FILLED_CELLS = 2
_PIPE_ROW = re.compile(r"^\s*\|(.*)\|\s*$")
_PIPE_RULE = re.compile(r"^\s*\|(?:\s*:?-{3,}:?\s*\|)+\s*$")


def _row_cells(line: str, line_start: int, row: int, sep: str = "\t") -> list[Cell]:
    cells: list[Cell] = []
    pos = line_start
    for col, raw in enumerate(line.split(sep)):
        stripped = raw.strip()
        lead = len(raw) - len(raw.lstrip()) if stripped else 0
        start = pos + lead
        cells.append(Cell(row, col, stripped, start, start + len(stripped)))
        pos += len(raw) + 1
    return cells


def _is_row(line: str) -> bool:
    if "\t" not in line:
        return False
    return sum(1 for cell in line.split("\t") if cell.strip()) >= _MIN_FILLED_CELLS


def find_tab_tables(text: str) -> list[Table]:
    """Return the tab-separated tables in ``text``; cell spans index ``text``.

    Empty cells are kept (zero-length span at the cell position) so that column
    numbers line up with the header row.
    """
    tables: list[Table] = []
    run: list[tuple[str, int]] = []
    blank_inside = False  # an empty row of the run's width just went by

    def close_run() -> None:
        if len(run) >= _MIN_ROWS:
            rows = [_row_cells(line, start, i) for i, (line, start) in enumerate(run)]
            tables.append(Table(index=len(tables), rows=rows))
        run.clear()

    for match in _LINE.finditer(text):
        line = match.group(1)
        width = line.count("\t")
        if _is_row(line):
            if blank_inside and width != run[-1][0].count("\t"):
                close_run()  # the empty row ended the table after all
            run.append((line, match.start()))
            blank_inside = False
        elif run and not blank_inside and width and not line.strip():
            # a spreadsheet's empty row (only tabs, as many as the row above):
            # the table goes on when the next row has that width too
            blank_inside = width == run[-1][0].count("\t")
            if not blank_inside:
                close_run()
        else:
            close_run()
            blank_inside = False
    close_run()
    return tables


def find_pipe_tables(text: str, first_index: int = 0) -> list[Table]:
    """Runs of at least two ``| a | b |`` rows (a ``|---|`` rule row is skipped)."""
    tables: list[Table] = []
    run: list[tuple[str, int]] = []

    def close_run() -> None:
        if len(run) >= _MIN_ROWS:
            rows = [_row_cells(line, start, i, "|") for i, (line, start) in enumerate(run)]
            tables.append(Table(index=first_index + len(tables), rows=rows))
        run.clear()

    for match in _LINE.finditer(text):
        line = match.group(1)
        if _PIPE_RULE.match(line):
            continue
        row = _PIPE_ROW.match(line)
        if row and row.group(1).count("|") >= 1:
            run.append((row.group(1), match.start() + row.start(1)))
        else:
            close_run()
    close_run()
    return tables


def find_text_tables(text: str) -> list[Table]:
    """Tab and pipe tables in ``text``, numbered in reading order."""
    found = sorted(
        [*find_tab_tables(text), *find_pipe_tables(text)], key=lambda t: t.rows[0][0].start
    )
    for i, table in enumerate(found):
        table.index = i
    return found
