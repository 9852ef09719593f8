"""Facts from indicator and budget tables.

Two sources of tables:

* ``Document.tables``: tab-separated rows in .txt (report 002's budget table) and
  the real tables of .docx / .pdf / .html;
* ``find_flat_tables(text)``: the flattened layout of report 001, one cell a line,
  each cell line starting with a tab, a cell broken over lines continued by lines
  without a tab ("年度" / "指标值"), rows separated by blank lines.

One row → facts for its target, actual value, weight and score (D2: the column
decides the role), each with the row's indicator and category path
(产出指标 › 数量指标). Bare numbers ("630", "6") take their unit from the row's
target ("≥600人"), from the row label ("年度预算申请（万元）") or the table's stated
unit ("单位：万元"); 分值 / 得分 columns are in points. Empty category and label
cells carry down from the row above, as a reader reads merged cells.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, replace

from pipeline.facts.cues import Mention
from pipeline.facts.roles import column_role, rule_roles
from pipeline.ingest.document import Cell, Document, Table
from pipeline.ingest.normalise import normalise
from pipeline.quantities import Quantity, find_quantities, normalize_quantity
from pipeline.resources.vocabulary import (
    NUMBERING,
    POINTS_SUFFIX,
    SCORE,
    STATED_MONEY_UNITS,
    TARGET,
    VALUE,
    WEIGHT,
)
from pipeline.schema import FactRow

_LINE = re.compile(r"([^\r\n]*)(\r\n|\r|\n)?")
_CONTINUATION_MAX = 24
_MONEY_UNIT = "|".join(STATED_MONEY_UNITS)
_UNIT_IN_TEXT = re.compile(rf"单位\s*[:：]\s*({_MONEY_UNIT})|[（(]({_MONEY_UNIT})[)）]")
_UNIT_SUFFIX = re.compile(rf"\s*[（(](?:{_MONEY_UNIT})[)）]\s*$")
_BARE = re.compile(r"(?P<q>[≥≤><]=?)?\s*(?P<num>-?\d[\d,]*(?:\.\d+)?)")
_LABELLED = re.compile(
    r"^(?:其中\s*[:：]?\s*)?(?P<label>[^:：\d][^:：]*?)\s*[:：]\s*(?P<num>-?\d[\d,]*(?:\.\d+)?)\s*$"
)
# Row labels that name funds: their figures are budgets or spending, values in
# any column (R14), also under an indicator header (年度资金总额 | 860万元).
_FUNDS_LABEL = re.compile(r"预算(?:数|资金)?$|^(?:年度)?资金总额$|^项目资金$")
_RULE_COLUMN = re.compile(r"评分标准|评分规则|计分标准|评分办法|扣分标准")
_NAME_COLUMN = re.compile(r"指标名称|具体指标|考核指标|评价指标|考核内容|绩效指标")
_LIST_MARKER = re.compile(r"\s*(?:其中|含|按[^:：]{1,8}分)\s*[:：]\s*")
_TOTAL = re.compile(r"^(?:总分|合计|总计|小计)$")


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


# ------------------------------------------------------------- flattened layout
@dataclass(slots=True)
class _FlatCell:
    parts: list[tuple[int, int]]  # (start, end) of each line of the cell
    block: int

    def text(self, doc_text: str) -> str:
        if len(self.parts) == 1:  # as written, so offsets inside the cell hold
            return doc_text[self.parts[0][0] : self.parts[0][1]]
        return "".join(squash(doc_text[s:e]) for s, e in self.parts)


def _flat_cells(text: str) -> list[list[_FlatCell]]:
    """Runs of one-cell-a-line regions: each a list of cells with block numbers."""
    regions: list[list[_FlatCell]] = []
    cells: list[_FlatCell] = []
    block = 0
    blank_pending = False
    tab_lines = 0

    def close() -> None:
        nonlocal cells, tab_lines
        if tab_lines >= 5:
            regions.append(cells)
        cells, tab_lines = [], 0

    for m in _LINE.finditer(text):
        line = m.group(1)
        if m.start() == len(text) and not m.group(2):
            break
        if line.startswith("\t") and "\t" not in line[1:]:
            if blank_pending:
                block += 1
            content = line[1:]
            lead = len(content) - len(content.lstrip())
            s = m.start() + 1 + lead
            cells.append(_FlatCell([(s, s + len(content.strip()))], block))
            tab_lines += 1
            blank_pending = False
        elif not line.strip():
            blank_pending = True
        elif cells and len(line.strip()) <= _CONTINUATION_MAX and "\t" not in line:
            lead = len(line) - len(line.lstrip())
            s = m.start() + lead
            cells[-1].parts.append((s, s + len(line.strip())))
            blank_pending = False
        else:
            close()
            blank_pending = False
    close()
    return regions


def _header_kind(texts: list[str]) -> str | None:
    if any(t in ("一级指标", "二级指标", "三级指标") for t in texts):
        return "indicator"
    if any(re.search(r"\d", t) and (find_quantities(t) or _BARE.fullmatch(t)) for t in texts):
        return None  # a data row, not a header
    if sum(1 for t in texts if column_role(t) is not None) >= 2:
        return "budget"
    return None


def find_flat_tables(text: str, first_index: int = 0) -> list[Table]:
    """Tables in report 001's flattened layout; cell spans index ``text``."""
    tables: list[Table] = []
    for region in _flat_cells(text):
        blocks: list[list[_FlatCell]] = []
        for cell in region:
            if blocks and blocks[-1][0].block == cell.block:
                blocks[-1].append(cell)
            else:
                blocks.append([cell])
        current: list[list[_FlatCell]] | None = None
        kind = None
        width = 0
        for blk in blocks:
            texts = [squash(c.text(text)) for c in blk]
            hk = _header_kind(texts)
            if hk:
                current, kind, width = [blk], hk, len(blk)
                tables.append(Table(index=first_index + len(tables), rows=[]))
                _append_rows(tables[-1], current, text)
                continue
            if current is None:
                continue
            # Only the row that changed is built again (not the whole table).
            if kind == "indicator" and len(current[-1]) < width and texts[0] and len(current) > 1:
                current[-1].extend(blk)  # a row broken by a blank line inside it
                tables[-1].rows[-1] = _row(len(current) - 1, current[-1], text)
            else:
                current.append(blk)
                tables[-1].rows.append(_row(len(current) - 1, blk, text))
    return [t for t in tables if len(t.rows) >= 2]


def _append_rows(table: Table, blocks: list[list[_FlatCell]], text: str) -> None:
    for r, blk in enumerate(blocks):
        table.rows.append(_row(r, blk, text))


def _row(r: int, blk: list[_FlatCell], text: str) -> list[Cell]:
    return [
        Cell(r, c, cell.text(text), cell.parts[0][0], cell.parts[-1][1])
        for c, cell in enumerate(blk)
    ]


# --------------------------------------------------------------- row → facts
@dataclass(slots=True)
class _Columns:
    roles: dict[int, str]  # column → role
    headers: dict[int, str]
    level1: int | None = None
    level2: int | None = None
    level3: int | None = None
    label: int = 0
    width: int = 0
    rule: int | None = None  # a 评分标准 column (R20)


def _columns(header: list[Cell]) -> _Columns:
    cols = _Columns(roles={}, headers={}, width=len(header))
    for c in header:
        h = squash(c.text)
        cols.headers[c.col] = h
        if h == "一级指标":
            cols.level1 = c.col
        elif h == "二级指标":
            cols.level2 = c.col
        elif h == "三级指标":
            cols.level3 = c.col
        elif _RULE_COLUMN.search(h):
            cols.rule = c.col
        elif _NAME_COLUMN.fullmatch(h):
            cols.level3 = c.col
        else:
            role = column_role(h)
            if role is not None:
                cols.roles[c.col] = role
    # the indicator's name: 三级指标, else the deepest level named (一级 | 二级 | 分值)
    named = [c for c in (cols.level3, cols.level2) if c is not None]
    cols.label = named[0] if named else 0
    return cols


def _table_unit(document: Document, table: Table, r: int) -> str | None:
    """The money unit the header row ``r`` states, or the text above the table
    (a header inside the table reads no further back than the row above it)."""
    header = table.rows[r]
    for c in header:
        m = _UNIT_IN_TEXT.search(c.text)
        if m:
            return m.group(1) or m.group(2)
    start = header[0].start if header else 0
    above = table.rows[r - 1][-1].end if r and table.rows[r - 1] else max(0, start - 80)
    m = None
    for m in _UNIT_IN_TEXT.finditer(document.text, max(above, start - 80), start):
        pass
    return (m.group(1) or m.group(2)) if m else None


def _label(cell: Cell) -> Mention:
    """The indicator name in a label cell, without numbering and a (N分)/(万元) suffix."""
    text = cell.text
    s = 0
    m = NUMBERING.match(text)
    if m:
        s = m.end()
    m = _LIST_MARKER.match(text, s)  # 其中：上级补助资金 (R13: list markers stay out)
    if m:
        s = m.end()
    e = len(text)
    pm = POINTS_SUFFIX.search(text)
    if pm:
        e = pm.start()
    um = _UNIT_SUFFIX.search(text[:e])
    if um:
        e = um.start()
    name = text[s:e].strip()
    lead = len(text[s:e]) - len(text[s:e].lstrip())
    return Mention(cell.start + s + lead, cell.start + s + lead + len(name), name)


def _label_by_span(document: Document, cell: Cell) -> Mention:
    """Like ``_label`` for cells whose span covers several lines (flattened cells)."""
    raw = document.text[cell.start : cell.end]
    if raw == cell.text:
        return _label(cell)
    name = _label(Cell(cell.row, cell.col, cell.text, 0, len(cell.text))).text
    pm = POINTS_SUFFIX.search(raw)
    return Mention(cell.start, cell.start + pm.start() if pm else cell.end, name)


def _label_of(label_text: str) -> str:
    return (
        "MONEY" if label_text in STATED_MONEY_UNITS else "PERCENT" if label_text == "%" else "COUNT"
    )


def _number(
    text: str,
    start: int,
    end: int,
    label: str,
    value: float | None,
    unit: str | None,
    normalized: float | None,
    base_unit: str | None,
    qualifier: str | None,
) -> FactRow:
    """A quantity of a cell, as a fact not yet placed in its document and row
    (``_placed``)."""
    return FactRow(
        doc_id="",
        fact_id="",
        source="table",
        quantity_label=label,
        role="",
        text=text,
        start=start,
        end=end,
        value=value,
        unit=unit,
        normalized_value=normalized,
        base_unit=base_unit,
        qualifier=qualifier,
    )


def _found(q: Quantity, offset: int) -> FactRow:
    """A quantity the rules found in a cell whose text starts at ``offset``."""
    n = q.norm
    return _number(
        q.text,
        offset + q.start,
        offset + q.end,
        q.label,
        n.value if n else None,
        n.unit if n else None,
        n.normalized if n else None,
        n.base_unit if n else None,
        n.qualifier if n else None,
    )


def _bare(num_text: str, start: int, unit: str | None, qualifier: str | None) -> FactRow:
    plain = normalise(num_text).replace(",", "")  # ９．５ reads 9.5; the text stays as written
    value = float(plain)
    end = start + len(num_text)
    if unit:
        try:
            norm = normalize_quantity(f"{plain}{unit}")
            label = _label_of(unit)
            return _number(
                num_text, start, end, label, value, unit, norm.normalized, norm.base_unit, qualifier
            )
        except ValueError:
            pass
    return _number(num_text, start, end, "COUNT", value, unit, None, None, qualifier)


_QUAL = {"≥": ">=", "≤": "<=", ">": ">", "<": "<", ">=": ">=", "<=": "<="}


def _cell_quantities(cell: Cell, role: str, unit: str | None) -> list[FactRow]:
    """Quantities written in a cell; bare numbers get ``unit``."""
    found = find_quantities(cell.text)
    if found:
        return [_found(q, cell.start) for q in found]
    text = cell.text.strip()
    m = _BARE.fullmatch(normalise(text))  # full-width digits and point, one for one
    if not m:
        return []
    offset = cell.start + (len(cell.text) - len(cell.text.lstrip()))
    if role in (WEIGHT, SCORE):
        unit = "分"
    num = text[m.start("num") : m.end("num")]
    return [_bare(num, offset + m.start("num"), unit, _QUAL.get(m.group("q") or ""))]


@dataclass(frozen=True, slots=True)
class _Layout:
    """What every row of a table is read with."""

    document: Document
    table: Table
    cols: _Columns
    unit: str | None  # the table's stated money unit


def _placed(
    layout: _Layout,
    q: FactRow,
    role: str,
    name: Mention | None,
    path: str | None,
    column: str | None,
    r: int,
    sentence: str,
) -> FactRow:
    """Cell quantity ``q`` as the fact of row ``r``."""
    page = layout.table.page
    return replace(
        q,
        doc_id=layout.document.id,
        role=role,
        indicator=name.text if name else None,
        indicator_start=name.start if name else None,
        indicator_end=name.end if name else None,
        category_path=path,
        sentence=sentence,
        page=page if page is not None else layout.document.page_at(q.start),
        table=layout.table.index,
        row=r,
        column=column,
    )


def _row_cells(
    row: list[Cell], cols: _Columns, carried: dict[int, Cell]
) -> tuple[dict[int, Cell], bool]:
    """The row's cells by column, merged and empty category and label cells
    carried down from the rows above (``carried`` is updated); and whether the
    row is a total."""
    first = next((t for t in (squash(c.text) for c in row) if t), "")
    by_col: dict[int, Cell] = {c.col: c for c in row}
    is_total = bool(_TOTAL.match(first))
    if is_total and len(row) < cols.width:  # 总分 | 100 | 99 | (empty): align right
        shift = cols.width - len(row)
        by_col = {0: row[0]} | {c.col + shift: c for c in row[1:]}
        by_col[cols.label] = row[0]
    elif is_total and row and not by_col.get(cols.label, row[0]).text.strip():
        by_col[cols.label] = row[0]  # a full-width total row: its label sits in column 0
    for col in (cols.level1, cols.level2, None if cols.level3 is not None else cols.label):
        if col is None:
            continue
        cell = by_col.get(col)
        if cell is not None and cell.text.strip():
            carried[col] = cell
        elif col in carried and not is_total:
            by_col[col] = carried[col]
    return by_col, is_total


def _category_weights(
    layout: _Layout,
    by_col: dict[int, Cell],
    r: int,
    sentence: str,
    seen: set[tuple[int, int]],
) -> tuple[str | None, list[FactRow]]:
    """The row's category path (一级 › 二级), and the weights a category cell
    states ("产出指标（50分）"), each once per table (``seen``)."""
    document, cols = layout.document, layout.cols
    facts: list[FactRow] = []
    path_parts: list[str] = []
    for col in (cols.level1, cols.level2):
        cell = by_col.get(col) if col is not None else None
        if cell is None or not cell.text.strip():
            continue
        name = _label_by_span(document, cell)
        path_parts.append(squash(name.text))
        if POINTS_SUFFIX.search(cell.text) and (col, cell.start) not in seen:
            seen.add((col, cell.start))
            above = " › ".join(path_parts[:-1]) or None
            for q in find_quantities(document.text[cell.start : cell.end]):
                facts.append(
                    _placed(
                        layout,
                        _found(q, cell.start),
                        WEIGHT,
                        name,
                        above,
                        cols.headers.get(col),
                        r,
                        sentence,
                    )
                )
    return " › ".join(path_parts) or None, facts


def _target_unit(by_col: dict[int, Cell], cols: _Columns) -> str | None:
    """The unit of the row's target, for bare actual values (≥600人 → 630 人)."""
    for col, role in cols.roles.items():
        cell = by_col.get(col)
        if role == TARGET and cell is not None:
            qs = find_quantities(cell.text)
            if qs and qs[0].norm:
                return qs[0].norm.unit
    return None


def _labelled_cells(row: list[Cell]) -> dict[int, tuple[Mention, Cell]]:
    """'label：number' cells, which name their own indicator (资金总额：608.67):
    the name and the number's cell, by column."""
    labelled: dict[int, tuple[Mention, Cell]] = {}
    for c in row:
        lm = _LABELLED.match(c.text.strip())
        if lm:
            off = c.start + (len(c.text) - len(c.text.lstrip()))
            label = lm.group("label").strip()
            start = off + lm.start("label")
            labelled[c.col] = (
                Mention(start, start + len(label), label),
                Cell(c.row, c.col, lm.group("num"), off + lm.start("num"), off + lm.end("num")),
            )
    return labelled


def _label_cell(by_col: dict[int, Cell], cols: _Columns) -> Cell | None:
    """The row's label: its label column, else (a row indented by an empty cell,
    a funds row under an indicator header) the first filled cell left of the
    first quantity column that holds no number."""
    cell = by_col.get(cols.label)
    if cell is not None and cell.text.strip():
        return cell
    first_role = min(cols.roles, default=cols.width)
    for col in sorted(by_col):
        text = by_col[col].text.strip()
        if col >= first_role:
            break
        if text and not re.search(r"\d", text):
            return by_col[col]
    return cell


def _row_facts(
    layout: _Layout, r: int, carried: dict[int, Cell], seen: set[tuple[int, int]]
) -> list[FactRow]:
    document, cols = layout.document, layout.cols
    row = layout.table.rows[r]
    by_col, _ = _row_cells(row, cols, carried)
    sentence = " | ".join(c.text for c in row if c.text.strip())
    path, facts = _category_weights(layout, by_col, r, sentence, seen)
    label_cell = _label_cell(by_col, cols)
    row_name = (
        _label_by_span(document, label_cell) if label_cell and label_cell.text.strip() else None
    )
    row_label_text = squash(label_cell.text) if label_cell else ""
    um = _UNIT_IN_TEXT.search(label_cell.text) if label_cell is not None else None
    row_unit = (um.group(1) or um.group(2)) if um else None
    unit = _target_unit(by_col, cols) or row_unit or layout.unit
    row_role = column_role(row_label_text) if cols.level3 is None else None
    labelled = _labelled_cells(row)
    if labelled:
        if row_name is None or row_role is not None or cols.level3 is None:
            row_name = labelled[min(labelled)][0]
        for col, (name, num_cell) in labelled.items():
            role = row_role or cols.roles.get(col) or TARGET
            column = row_label_text if row_role else cols.headers.get(col)
            for q in _cell_quantities(num_cell, role, row_unit or layout.unit):
                facts.append(_placed(layout, q, role, name, path, column, r, sentence))
    funds = bool(row_label_text and _FUNDS_LABEL.search(row_label_text))
    if cols.rule is not None and by_col.get(cols.rule) is not None:
        for q, role in rule_roles(by_col[cols.rule].text):
            fact = _found(q, by_col[cols.rule].start)
            column = cols.headers.get(cols.rule)
            facts.append(_placed(layout, fact, role, row_name, path, column, r, sentence))
    for col, role in cols.roles.items():
        cell = by_col.get(col)
        if cell is None or col in labelled or not cell.text.strip() or cell is label_cell:
            continue
        if funds and role == TARGET:  # a budget in a 年度指标值 column is a value (R14)
            role = VALUE
        for q in _cell_quantities(cell, role, unit):
            facts.append(
                _placed(layout, q, role, row_name, path, cols.headers.get(col), r, sentence)
            )
    return facts


def _blocks(document: Document, table: Table) -> Iterator[tuple[_Layout, int]]:
    """Each data row of ``table`` with the layout of the header above it: a
    table may hold several blocks, each under its own header row (a funds block,
    then the indicator block of a 自评表)."""
    layout: _Layout | None = None
    for r, row in enumerate(table.rows):
        if _header_kind([squash(c.text) for c in row]) is not None:
            cols = _columns(row)
            layout = (
                _Layout(document, table, cols, _table_unit(document, table, r))
                if cols.roles
                else None
            )
        elif layout is not None:
            yield layout, r


def table_facts(document: Document, table: Table) -> list[FactRow]:
    """Facts of every data row of ``table`` (empty when it has no quantity columns),
    each row read with the header above it."""
    facts: list[FactRow] = []
    carried: dict[int, Cell] = {}
    seen_category: set[tuple[int, int]] = set()
    current: _Layout | None = None
    for layout, r in _blocks(document, table):
        if layout is not current:
            current, carried = layout, {}
        facts.extend(_row_facts(layout, r, carried, seen_category))
    return facts


_FIGURE_CELL = re.compile(r"^[\s≥≤><=＞＜—–\-－/／%‰.,\d]*$|^.{0,12}\d.{0,6}$")


def table_labels(document: Document, table: Table) -> list[Mention]:
    """The row labels of ``table`` (R11, R13): every funds row and indicator name
    is an INDICATOR, also when its cells are bare, dashes or empty. A row whose
    other cells hold prose (年度总体目标) is not a label row."""
    labels: list[Mention] = []
    carried: dict[int, Cell] = {}
    current: _Layout | None = None
    for layout, r in _blocks(document, table):
        if layout is not current:
            current, carried = layout, {}
        by_col, _ = _row_cells(layout.table.rows[r], layout.cols, carried)
        cell = _label_cell(by_col, layout.cols)
        if cell is None or cell.row != r or not cell.text.strip() or re.search(r"\d", cell.text):
            continue
        others = [c for col, c in by_col.items() if col in layout.cols.roles and c.text.strip()]
        if all(_FIGURE_CELL.match(c.text.strip()) for c in others):
            labels.append(_label_by_span(document, cell))
    return labels
