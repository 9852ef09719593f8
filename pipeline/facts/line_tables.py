"""Tables written as plain lines that the document reader leaves as text
(annotations/LAYOUTS.md): spreadsheet exports (cells between commas, empty
cells kept), rows whose cells are separated by runs of spaces (some glued
together), and tables flattened one cell a line without the blank lines
between rows that ``tables.find_flat_tables`` reads.

Each becomes a ``Table`` whose rows ``tables.table_facts`` reads like any
other: a header row (一级指标 … 得分, or 年初预算数 … 执行率) names the columns,
and every data row is placed on them.

Comma rows keep their columns. Spaced rows and one-cell-a-line rows do not
(merged category cells are left out, some cells are glued: R33), so they are
placed by their figures: the cell before the first run of figures is the row
label (category words before it go to the 一级/二级 columns), and the run fills
the quantity columns in order; when it holds glued cells or more figures than
columns, figures in points fill the 分值/得分 columns and the others the rest.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from pipeline.facts.roles import column_role, is_points
from pipeline.ingest.document import Cell, Table
from pipeline.quantities import find_quantities
from pipeline.resources.vocabulary import CATEGORY_NAME, SCORE, WEIGHT

_LINE = re.compile(r"([^\r\n]*)(?:\r\n|\r|\n)?")
_MIN_ROWS = 2
_CELL_MAX = 40  # an unindented line longer than this is prose, not a cell
_GAP = 3  # lines that are not rows, inside a spaced table (page footers, remarks)
_LEVELS = ("一级指标", "二级指标", "三级指标")
# A thousands separator: 1,360.00 and 1,214人次 are one cell of a comma row.
_GROUP_BEFORE = re.compile(r"(?:^|[^\d.])\d{1,3}(?:,\d{3})*$")
_GROUP_AFTER = re.compile(r"\d{3}(?!\d)")
_SPACES = re.compile(r"[ \u3000]{2,}|\s*[\t|]\s*")
_TOKEN = re.compile(r"\S+")
_QUALIFIER = r"(?:[≥≤＞＜><]=?|=|不低于|不少于|不超过|不高于)?"
_SUFFIX = r"(?:以上|以下|以内|左右)?"
_BARE = re.compile(rf"^{_QUALIFIER}\s*-?\d[\d,]*(?:\.\d+)?{_SUFFIX}$")
_PLACEHOLDER = re.compile(r"^(?:[—–\-－/／]+|无)?$")
_FIGURE_EDGES = re.compile(rf"{_QUALIFIER}\s*\|\s*{_SUFFIX}\s*")
_QUALIFIER_BEFORE = re.compile(rf"{_QUALIFIER}\s*$")
_SUFFIX_AFTER = re.compile(rf"\s*{_SUFFIX}")
_UNIT_CELL = re.compile(
    r"^(?:%|‰|[个台套件次人户所家元份篇场期项批辆座米亩吨天株盏处条册宗艘架部间]|"
    r"万元|亿元|人次|户次|公里|千米|平方米|立方米|万人|万册|小时|个工作日|万亩)$"
)
_GLUED_NUMBER = re.compile(r"(?<=[^\d\s.,])(\d+(?:\.\d+)?)$")
_CATEGORY = re.compile(rf"^(?:{CATEGORY_NAME})(?:\s*[（(]\s*\d+(?:\.\d+)?\s*分\s*[)）])?")
_SCORE_LABEL = re.compile(r"得分$")
_TOTAL_LABEL = re.compile(r"^(?:总分|自评得分|得分合计)$")


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


@dataclass(frozen=True, slots=True)
class _Token:
    """One cell (or one piece of a glued cell) of a line."""

    text: str
    start: int
    end: int
    glued: bool = False  # split out of a cell that held more than one value

    @property
    def kind(self) -> str:
        """figure (a quantity), bare (a number), blank (—, empty) or text."""
        return _kind(self.text.strip())

    @property
    def points(self) -> bool:
        """A figure that fits a 分值/得分 column: in points, or a bare number."""
        return self.kind == "bare" or (self.kind == "figure" and is_points(self.text))

    @property
    def numeric(self) -> bool:
        return self.kind != "text"


@lru_cache(maxsize=4096)
def _kind(t: str) -> str:
    """The kind of a cell's text (``_Token.kind``); cells repeat across rows."""
    if _PLACEHOLDER.match(t) or _UNIT_CELL.match(t):
        return "blank"  # an empty cell, a dash, or the unit column's cell
    if _BARE.match(t):
        return "bare"
    found = find_quantities(t)
    if len(found) == 1 and _FIGURE_EDGES.fullmatch(t[: found[0].start] + "|" + t[found[0].end :]):
        return "figure"
    return "text"


def _is_header(texts: list[str]) -> bool:
    if any(t in _LEVELS for t in texts):
        return True
    if any(re.search(r"\d", t) for t in texts):
        return False
    return sum(1 for t in texts if column_role(t) is not None) >= 2


# ------------------------------------------------------------------ comma rows
def _comma_cells(line: str, line_start: int, row: int) -> list[Cell]:
    """The cells of a comma-separated line (quotes and thousands separators kept
    inside their cell); empty cells keep their column."""
    cuts, quoted = [], False
    for i, ch in enumerate(line):
        if ch == '"':
            quoted = not quoted
        elif (
            ch == ","
            and not quoted
            and not (_GROUP_BEFORE.search(line, 0, i) and _GROUP_AFTER.match(line, i + 1))
        ):
            cuts.append(i)
    cells = []
    for col, (s, e) in enumerate(zip([-1, *cuts], [*cuts, len(line)], strict=True)):
        raw = line[s + 1 : e]
        text = raw.strip().strip('"').strip()
        lead = raw.find(text) if text else 0
        start = line_start + s + 1 + lead
        cells.append(Cell(row, col, text, start, start + len(text)))
    return cells


def _is_comma_row(line: str) -> bool:
    if "\t" in line or line.lstrip().startswith("|") or line.count(",") < 2:
        return False
    cells = _comma_cells(line, 0, 0)
    return len(cells) >= 3 and sum(1 for c in cells if c.text) >= 2


def find_comma_tables(text: str) -> list[Table]:
    """Runs of at least two comma rows (spreadsheet exports); cell spans index ``text``."""
    tables: list[Table] = []
    run: list[tuple[str, int]] = []

    def close() -> None:
        if len(run) >= _MIN_ROWS:
            rows = [_comma_cells(line, start, r) for r, (line, start) in enumerate(run)]
            tables.append(Table(index=len(tables), rows=rows))
        run.clear()

    for m in _LINE.finditer(text):
        if m.start() == len(text):
            break
        if _is_comma_row(m.group(1)):
            run.append((m.group(1), m.start()))
        else:
            close()
    close()
    return tables


# ------------------------------------------------------- tokens of a line
def _pieces(token: _Token) -> list[_Token]:
    """A cell split at its figures where values were glued together
    (调解成功率10≥95%97.3%10 → 调解成功率 | 10 | ≥95% | 97.3% | 10); a cell of
    prose with a figure in it (1家机构考核不合格已清退) stays whole."""
    text, pieces, pos = token.text, [], 0

    def gap(s: int, e: int) -> None:
        piece = text[s:e]
        if not piece.strip():
            return
        m = _GLUED_NUMBER.search(piece)
        cut = m.start() if m else len(piece)
        for a, b in ((s, s + cut), (s + cut, e)):
            if text[a:b].strip():
                lead = len(text[a:b]) - len(text[a:b].lstrip())
                t = text[a:b].strip()
                pieces.append(_Token(t, token.start + a + lead, token.start + a + lead + len(t)))

    for q in find_quantities(text):
        if q.start < pos:
            continue
        fs = q.start - len(_QUALIFIER_BEFORE.search(text, pos, q.start).group())
        fe = _SUFFIX_AFTER.match(text, q.end).end()
        gap(pos, fs)
        pieces.append(_Token(text[fs:fe], token.start + fs, token.start + fe))
        pos = fe
    rest = text[pos:].strip()
    if len(pieces) <= 1 and not (pieces and rest and _BARE.match(rest)):
        return [token]
    if len(rest) > 2 and not _BARE.match(rest) and pieces and pieces[-1].kind != "text":
        return [token]  # prose after the figures
    gap(pos, len(text))
    return [_Token(p.text, p.start, p.end, glued=True) for p in pieces]


def _line_tokens(line: str, line_start: int) -> list[_Token]:
    """The cells of a spaced row: split at whitespace outside quantities, then
    glued cells at their figures."""
    inside = [(q.start, q.end) for q in find_quantities(line)]
    tokens: list[_Token] = []
    start = None
    for i, ch in enumerate(line + " "):
        blank = ch.isspace() and not any(s < i < e for s, e in inside)
        if blank and start is not None:
            tokens.extend(_pieces(_Token(line[start:i], line_start + start, line_start + i)))
            start = None
        elif not blank and start is None:
            start = i
    return tokens


def _row_like(tokens: list[_Token], line: str) -> bool:
    if len(tokens) < 2:
        return False
    # a sentence is prose, unless its cells are spaced apart (年度总体目标   按…，…)
    return not re.search(r"[，。；]", line) or bool(re.search(r"\S[ \u3000]{2,}\S", line))


# ------------------------------------------------------- placing a row
@dataclass(frozen=True, slots=True)
class _Header:
    cells: list[Cell]
    label: int  # the row label's column (三级指标, else the first)
    levels: tuple[int, ...]  # the 一级/二级 columns, in order
    roles: dict[int, str | None]  # columns after the label, with their roles

    @classmethod
    def of(cls, cells: list[Cell]) -> _Header:
        names = [_squash(c.text) for c in cells]
        label = names.index("三级指标") if "三级指标" in names else 0
        levels = tuple(i for i, n in enumerate(names) if n in _LEVELS[:2])
        roles = {i: column_role(n) for i, n in enumerate(names) if i > label}
        return cls(cells, label, levels, roles)

    def columns(self, points: bool) -> list[int]:
        """The quantity columns in points (分值, 得分) or not (指标值, 预算数 …)."""
        return [
            c for c, r in self.roles.items() if r is not None and (r in (WEIGHT, SCORE)) == points
        ]


def _by_kind(run: list[_Token], header: _Header, label: str) -> dict[int, _Token]:
    """Figures in points to the point columns and the others to the other
    quantity columns, each in order (glued cells, missing cells)."""
    point_cols, other_cols = header.columns(True), header.columns(False)
    if _SCORE_LABEL.search(label):  # 自评得分 96.7分: its score only
        point_cols = [c for c in point_cols if header.roles[c] == SCORE] + point_cols
    placed: dict[int, _Token] = {}
    for i, t in enumerate(run):
        if t.kind == "blank":
            continue
        points = t.points
        if t.kind == "bare":  # a bare number fills a point column only when no
            # figure in points is left for it (调解成功率10≥95%97.3%10)
            later = sum(1 for x in run[i + 1 :] if x.kind == "figure" and x.points)
            points = later < len([c for c in point_cols if c not in placed])
        cols = point_cols if points and point_cols else other_cols
        free = [c for c in cols if c not in placed]
        if free:
            placed[free[0]] = t
    return placed


def _place(tokens: list[_Token], header: _Header, row: int) -> list[Cell] | None:
    """A row's cells on the header's columns (module doc), or None when it has
    no label followed by figures."""
    first = next((i for i, t in enumerate(tokens) if not t.numeric), len(tokens))
    k = next((i for i in range(first, len(tokens)) if tokens[i].numeric), None)
    if k is None:
        return None
    end = next((i for i in range(k, len(tokens)) if not tokens[i].numeric), len(tokens))
    before, run = tokens[first:k], tokens[k:end]
    values = header.columns(False)
    if all(t.points or t.kind == "blank" for t in run) and len(before) > 1:
        # 合规 | 合规 | 3 | 3: text values before the points
        take = min(len(values), len(before) - 1)
        while take and _CATEGORY.match(before[-take].text):
            take -= 1
        if take:
            before, run = before[:-take], before[-take:] + run
    label, cats = _label_token(before[-1]), before[:-1]
    if label is None:
        return None
    after = [c for c in header.roles if c > header.label]
    glued = any(t.glued for t in run) or len(run) > len(after)
    if glued or _TOTAL_LABEL.match(_squash(label.text)):
        placed = _by_kind(run, header, _squash(label.text))
    else:
        placed = dict(zip(after, run, strict=False))
    placed[header.label] = label
    for col, cat in zip(reversed(header.levels), reversed(cats), strict=False):
        placed[col] = cat
    width = max(len(header.cells), *(c + 1 for c in placed))
    at = label.end
    return [
        Cell(row, c, placed[c].text, placed[c].start, placed[c].end)
        if c in placed
        else Cell(row, c, "", at, at)
        for c in range(width)
    ]


def _label_token(token: _Token) -> _Token | None:
    """The row label, without a category name glued before it (成本指标长期…)."""
    text = token.text
    m = _CATEGORY.match(text)
    if m and len(text) - m.end() >= 2:
        return _Token(text[m.end() :], token.start + m.end(), token.end)
    return token if token.kind == "text" else None


# ------------------------------------------------------- spaced rows
def _spaced_line(line: str) -> bool:
    return "\t" not in line and not line.lstrip().startswith("|") and not _is_comma_row(line)


def _complete(tokens: list[_Token], header: _Header) -> bool:
    """Whether ``tokens`` hold a whole row: a label, then as many figures as
    the header has quantity columns, or something after its figures."""
    first = next((i for i, t in enumerate(tokens) if not t.numeric), None)
    if first is None:
        return False
    k = next((i for i in range(first, len(tokens)) if tokens[i].numeric), None)
    if k is None:
        return False
    end = next((i for i in range(k, len(tokens)) if not tokens[i].numeric), len(tokens))
    needed = len(header.columns(True)) + len(header.columns(False))
    return end - k >= needed or end < len(tokens)


def _header_more(header: _Header, tokens: list[_Token]) -> _Header | None:
    """The header with the column names a wrapped header line adds (PDF text)."""
    if not tokens or any(re.search(r"\d", t.text) for t in tokens):
        return None
    names = [_squash(t.text) for t in tokens]
    if not all(
        n in _LEVELS or column_role(n) or re.search(r"偏差|原因|措施|说明", n) for n in names
    ):
        return None
    row = header.cells[0].row
    more = [Cell(row, len(header.cells) + i, t.text, t.start, t.end) for i, t in enumerate(tokens)]
    return _Header.of([*header.cells, *more])


class _SpacedReader:
    """The rows of spaced tables, line by line: a row wrapped over lines (PDF
    text) is joined until it is whole; up to ``_GAP`` lines that are not rows
    (page footers, wrapped remarks) may sit inside a table."""

    def __init__(self) -> None:
        self.tables: list[Table] = []
        self.rows: list[list[Cell]] = []
        self.header: _Header | None = None
        self.pending: list[_Token] = []
        self.lines = 0  # lines in ``pending``
        self.gap = 0

    def close(self) -> None:
        self.flush()
        if self.header is not None and len(self.rows) >= _MIN_ROWS:
            self.tables.append(Table(index=len(self.tables), rows=list(self.rows)))
        self.header, self.gap = None, 0
        self.rows.clear()

    def flush(self) -> None:
        if self.header is not None and self.pending:
            tokens = self.pending
            if self.lines > 1:  # a wrapped row: its cells no longer line up
                tokens = [_Token(t.text, t.start, t.end, glued=True) for t in tokens]
            placed = _place(tokens, self.header, len(self.rows))
            if placed is not None:
                self.rows.append(placed)
        self.pending, self.lines = [], 0

    def header_line(self, tokens: list[_Token]) -> None:
        self.flush()
        if self.header is not None and self.rows and self.rows[-1] is self.header.cells:
            more = _header_more(self.header, tokens)
            if more is not None:
                self.header = more
                self.rows[-1] = more.cells
                return
        cells = [Cell(len(self.rows), c, t.text, t.start, t.end) for c, t in enumerate(tokens)]
        self.header = _Header.of(cells)
        self.rows.append(self.header.cells)

    def line(self, line: str, start: int) -> None:
        tokens = _line_tokens(line, start) if line.strip() and _spaced_line(line) else []
        if not _row_like(tokens, line):
            self.gap += 1
            if self.gap > _GAP:
                self.close()
            return
        self.gap = 0
        texts = [_squash(t.text) for t in tokens]
        extends = self.header is not None and self.rows and self.rows[-1] is self.header.cells
        if _is_header(texts) or (extends and _header_more(self.header, tokens)):
            self.header_line(tokens)
        elif self.header is not None:
            self.pending.extend(tokens)
            self.lines += 1
            if _complete(self.pending, self.header):
                self.flush()


def find_spaced_tables(text: str) -> list[Table]:
    """Tables whose rows are lines of cells separated by spaces (some glued,
    some wrapped over lines): from a header line to where rows stop."""
    reader = _SpacedReader()
    for m in _LINE.finditer(text):
        if m.start() == len(text):
            break
        reader.line(m.group(1), m.start())
    reader.close()
    return reader.tables


# ------------------------------------------------------- one cell a line
def _cell_lines(text: str) -> list[list[_Token | None]]:
    """Runs of one-cell lines (indented by a tab or spaces, or short lines
    without a sentence end; none with a cell break inside); None marks a blank
    line inside a run. Only runs that hold a header row become tables."""
    regions: list[list[_Token | None]] = []
    run: list[_Token | None] = []
    for m in _LINE.finditer(text):
        line = m.group(1)
        if m.start() == len(text):
            break
        content = line.strip()
        if not content and line:
            run.append(_Token("", m.start() + len(line), m.start() + len(line)))
        elif not content:
            run.append(None)
        elif not _SPACES.search(content) and (
            line[:1] in "\t \u3000" or (len(content) <= _CELL_MAX and "。" not in content)
        ):
            s = m.start() + len(line) - len(line.lstrip())
            run.append(_Token(content, s, s + len(content)))
        else:
            if run:
                regions.append(run)
            run = []
    if run:
        regions.append(run)
    return regions


def _header_at(tokens: list[_Token], i: int) -> int:
    """How many tokens from ``i`` on make a header (0: none)."""
    n = i
    while n < len(tokens) and (
        _squash(tokens[n].text) in _LEVELS
        or column_role(tokens[n].text) is not None
        or (n > i and "偏差" in tokens[n].text)
    ):
        n += 1
    names = [_squash(t.text) for t in tokens[i:n]]
    return n - i if n - i >= 2 and _is_header(names) else 0


def _segments(tokens: list[_Token], header: _Header) -> list[list[_Token]]:
    """One-cell-a-line tokens cut into rows: each row ends with its run of
    figures, and the remark cell after it when one is left (偏差原因)."""
    n_after = len([c for c in header.roles if c > header.label])
    segments: list[list[_Token]] = []
    current: list[_Token] = []
    i = 0
    while i < len(tokens):
        t = tokens[i]
        if not (t.numeric and any(not x.numeric for x in current)):
            current.append(t)
            i += 1
            continue
        j = i
        while j < len(tokens) and tokens[j].numeric:
            j += 1
        segments.append(current + tokens[i:j])
        current = []
        nxt = tokens[j] if j < len(tokens) else None
        after = tokens[j + 1] if j + 1 < len(tokens) else None
        if (
            nxt is not None
            and j - i < n_after
            and not _CATEGORY.match(nxt.text)
            and (after is None or not after.numeric)
        ):
            j += 1  # the remark cell of this row
        i = j
    return segments


def _placed_rows(pending: list[_Token], header: _Header | None, rows: list[list[Cell]]) -> None:
    """The rows of the cells ``pending`` under ``header``, added to ``rows``."""
    if header is not None:
        for segment in _segments(pending, header):
            placed = _place(segment, header, len(rows))
            if placed is not None:
                rows.append(placed)
    pending.clear()


def _cell_rows(tokens: list[_Token]) -> list[list[Cell]]:
    """Header and data rows of one run of one-cell lines; a header may open
    with the label column's name (项目资金（万元）) before its role columns."""
    rows: list[list[Cell]] = []
    header: _Header | None = None
    pending: list[_Token] = []
    i = 0
    while i < len(tokens):
        h = _header_at(tokens, i)
        if not h:
            pending.append(tokens[i])
            i += 1
            continue
        lead: list[_Token] = []
        if pending and pending[-1].kind == "text" and _squash(tokens[i].text) not in _LEVELS:
            lead = [pending.pop()]
        _placed_rows(pending, header, rows)
        cells = [
            Cell(len(rows), c, t.text, t.start, t.end)
            for c, t in enumerate(lead + tokens[i : i + h])
        ]
        header = _Header.of(cells)
        rows.append(cells)
        i += h
    _placed_rows(pending, header, rows)
    return rows if header is not None else []


def find_cell_tables(text: str) -> list[Table]:
    """Tables flattened one cell a line (indented by a tab or spaces), with or
    without blank lines between rows."""
    tables: list[Table] = []
    for region in _cell_lines(text):
        rows = _cell_rows([t for t in region if t is not None])
        if len(rows) >= _MIN_ROWS:
            tables.append(Table(index=len(tables), rows=rows))
    return tables


def find_line_tables(
    text: str, first_index: int = 0, taken: list[tuple[int, int]] | None = None
) -> list[Table]:
    """Comma, spaced and one-cell-a-line tables of ``text`` that do not overlap
    the ``taken`` character ranges (tables already read), numbered from
    ``first_index`` in reading order."""
    spans = sorted(taken or [])

    def free(table: Table) -> bool:
        s = table.rows[0][0].start
        e = max(c.end for c in table.rows[-1])
        return not any(a < e and s < b for a, b in spans)

    found = [
        t
        for t in (*find_comma_tables(text), *find_spaced_tables(text), *find_cell_tables(text))
        if free(t)
    ]
    found.sort(key=lambda t: t.rows[0][0].start)
    for i, table in enumerate(found):
        table.index = first_index + i
    return found
