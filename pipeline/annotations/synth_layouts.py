"""Textual layouts of a synthetic table: each turns a ``Table`` into lines of pieces.

A line is a list of ``Piece``s; its text is their concatenation. Layouts join
cells, wrap lines and add noise piece by piece, so every span keeps its label.
The rulings they follow: R31 (a record is one trimmed line; spans never take
edge whitespace), R32 (a wrapped name is tagged in each part; a wrapped
quantity is a span only where the whole number and its unit's start share a
line; a number cut inside its digits is no span on either line), R33 (glued cells are
split by the column structure), R34 (OCR noise is tagged as written).
"""

from __future__ import annotations

import random
from collections.abc import Callable

from pipeline.annotations.synth_table import Cell, Piece, Row, Table, quantity

Line = list[Piece]

FULL_WIDTH = str.maketrans("0123456789%.", "０１２３４５６７８９％．")
MISREAD = {"0": "6", "1": "7", "3": "8", "5": "6", "6": "5", "7": "1", "8": "3"}


def _join(cells: list[Cell], seps: list[str]) -> Line:
    line: Line = []
    for i, cell in enumerate(cells):
        if i and seps[i - 1]:
            line.append(Piece(seps[i - 1]))
        line.extend(cell)
    return line


def cell_text(cell: Cell) -> str:
    return "".join(p.text for p in cell)


# ------------------------------------------------------------------ layouts


def tab_rows(table: Table, rng: random.Random) -> list[Line]:
    """One row a line, cells separated by tabs (a Word table copied as text)."""
    return [_join(r.cells, ["\t"] * len(r.cells)) for r in table.rows]


def cell_per_line(table: Table, rng: random.Random) -> list[Line]:
    """One cell a line; empty cells become blank or whitespace-only lines."""
    indent = rng.choice(("", "", "\t", " "))
    lines: list[Line] = []
    for r in table.rows:
        for cell in r.cells:
            if cell:
                lines.append([Piece(indent), *cell] if indent else list(cell))
            elif rng.random() < 0.5:
                lines.append([Piece(rng.choice((" ", "\t", "")))])
        if rng.random() < 0.3:
            lines.append([])
    return lines


def flat_rows(table: Table, rng: random.Random) -> list[Line]:
    """One row a line with spaces between cells; some neighbours glued (R33)."""
    glue = rng.uniform(0.1, 0.3)
    lines = []
    for r in table.rows:
        cells = [c for c in r.cells if c]
        seps = [
            "" if r.kind == "indicator" and rng.random() < glue else " " * rng.choice((1, 1, 2, 3))
            for _ in cells
        ]
        lines.append(_join(cells, seps))
    return lines


def pipe_rows(table: Table, rng: random.Random) -> list[Line]:
    """Markdown-style pipe rows with a rule under each header row."""
    width = max(len(r.cells) for r in table.rows)
    lines: list[Line] = []
    for r in table.rows:
        cells = (
            r.cells + [[] for _ in range(width - len(r.cells))] if r.kind != "title" else r.cells
        )
        if r.kind == "title":
            lines.append(list(cells[0]))
            continue
        line: Line = [Piece("| ")]
        for i, cell in enumerate(cells):
            if i:
                line.append(Piece(" | "))
            line.extend(cell)
        line.append(Piece(" |"))
        lines.append(line)
        if r.kind == "header":
            lines.append([Piece("|" + "---|" * width)])
    return lines


def spreadsheet_rows(table: Table, rng: random.Random) -> list[Line]:
    """A sheet saved as CSV: every column kept, empty cells empty, quoted where needed."""
    width = max(len(r.cells) for r in table.rows)
    lines: list[Line] = []
    for r in table.rows:
        cells: list[Cell] = []
        for cell in r.cells + [[] for _ in range(width - len(r.cells))]:
            text = cell_text(cell)
            cells.append([Piece('"'), *cell, Piece('"')] if ("," in text or '"' in text) else cell)
        lines.append(_join(cells, [","] * width))
    return lines


def scored_list(table: Table, rng: random.Random) -> list[Line]:
    """Funds rows as tab rows, then each indicator with its 评分标准 (R20) and result."""
    lines: list[Line] = []
    n = 0
    for r in table.rows:
        if r.kind != "indicator":
            if r.kind != "header" or r.cells[0][0].text.startswith("项目资金"):
                lines.append(_join(r.cells, ["\t"] * len(r.cells)))
            continue
        n += 1
        lines += _scored_item(r, n, rng)
    return lines


def _scored_item(r: Row, n: int, rng: random.Random) -> list[Line]:
    ind = r.indicator
    assert ind is not None
    name = r.cells[2][0]
    k = name.row
    w = f"{r.facts['weight']:g}"
    s = f"{r.facts['score']:g}"
    head: Line = [Piece(f"（{n}）"), name, Piece("（"), quantity(w, "分", "weight", k), Piece("）")]
    rule: Line = [Piece("：满分"), quantity(w, "分", "weight", k), Piece("，")]
    if ind.qualitative or r.facts["target"] is None:
        rule += [Piece("达到要求得"), quantity(w, "分", "weight", k), Piece("，否则酌情扣分。")]
        result = [
            Piece("完成情况：" + rng.choice(("已达到要求", "基本达到要求", "符合要求")) + "，得"),
            quantity(s, "分", "score", None),
            Piece("。"),
        ]
        return [head + rule, result]
    t_num, unit = r.facts["target"]  # type: ignore[misc]
    a_num, _ = r.facts["actual"]  # type: ignore[misc]
    if float(str(t_num).replace(",", "")) == 0:  # a zero target: any occurrence costs all
        rule += [
            Piece("控制在"),
            quantity(t_num, unit, "target", k),
            Piece("得"),
            quantity(w, "分", "weight", k),
            Piece("，否则不得分。"),
        ]
        result = [
            Piece("完成情况：实际"),
            quantity(a_num, unit, "value", None),
            Piece("，得"),
            quantity(s, "分", "score", None),
            Piece("。"),
        ]
        return [head + rule, result]
    verb = {"<=": "不超过", "=": "达到"}.get(ind.value_style, rng.choice(("达到", "不低于")))
    rule += [
        Piece(verb),
        quantity(t_num, unit, "target", k),
        Piece("得"),
        quantity(w, "分", "weight", k),
    ]
    if unit == "%":
        more = "每高" if ind.value_style == "<=" else "每低"
        step = [Piece(f"，{more}"), quantity("1", "个百分点", "target", k)]
    else:
        more = "每多" if ind.value_style == "<=" else "每少"
        step_n = max(1, round(float(str(t_num).replace(",", "")) / 10))
        step = [Piece(f"，{more}"), quantity(str(step_n), unit, "target", k)]
    cut = rng.choice(("0.5", "1", "2"))
    rule += [*step, Piece("扣"), quantity(cut, "分", "weight", k), Piece("，扣完为止。")]
    result = [
        Piece("完成情况：实际完成"),
        quantity(a_num, unit, "value", None),
        Piece("，得"),
        quantity(s, "分", "score", None),
        Piece("。"),
    ]
    return [head + rule, result]


# ----------------------------------------------------------- PDF text wraps


def _fragment(p: Piece, a: int, b: int) -> list[Piece]:
    """The part text[a:b] of a piece, labelled as R32 says, edge whitespace plain."""
    text = p.text[a:b]
    if p.label is None or not text.strip():
        return [Piece(text)] if text else []
    keep = True
    unit_at = None
    if p.unit_at is not None:  # a quantity stays a span only whole up to its unit's start
        keep = a == 0 and p.unit_at < b
        unit_at = p.unit_at - a
    if not keep:
        return [Piece(text)]
    core = text.strip()
    lead = len(text) - len(text.lstrip())
    trail = len(text) - len(text.rstrip())
    out = [Piece(text[:lead])] if lead else []
    out.append(p.with_text(core, None if unit_at is None else unit_at - lead))
    if trail:
        out.append(Piece(text[len(text) - trail :]))
    return out


def wrap(line: Line, width: int) -> list[Line]:
    """Break a line every ``width`` characters, inside words and numbers alike."""
    total = sum(len(p.text) for p in line)
    if total <= width:
        return [line]
    out: list[Line] = [[] for _ in range((total + width - 1) // width)]
    pos = 0
    for p in line:
        start, end = pos, pos + len(p.text)
        cut = start
        while cut < end:
            part_end = min(end, (cut // width + 1) * width)
            out[cut // width] += _fragment(p, cut - start, part_end - start)
            cut = part_end
        pos = end
    return out


def pdf_text(table: Table, rng: random.Random) -> list[Line]:
    """Text drawn out of a PDF: rows wrapped at a column width, with page furniture."""
    base = flat_rows(table, rng) if rng.random() < 0.6 else cell_per_line(table, rng)
    width = rng.randint(18, 34)
    per_page = rng.randint(18, 30)
    body: list[Line] = []
    for line in base:
        body += wrap(line, width)
    pages = [body[i : i + per_page] for i in range(0, len(body), per_page)]
    style = rng.choice(("— {n} —", "第 {n} 页", "第{n}页 共{m}页", "- {n} -"))
    lines: list[Line] = []
    for n, page in enumerate(pages, 1):
        if n > 1:
            lines.append([Piece(f"{table.title}（续）")])
        lines += page
        lines.append([Piece(style.format(n=n, m=len(pages)))])
    return lines


# ------------------------------------------------------------------ OCR


def _noisy_number(p: Piece, rng: random.Random) -> Piece:
    if p.unit_at is None:
        return p
    num, unit = p.text[: p.unit_at], p.text[p.unit_at :]
    what = rng.random()
    if what < 0.35:  # mixed width
        num, unit = num.translate(FULL_WIDTH), unit.translate(FULL_WIDTH)
    elif what < 0.65 and sum(c.isdigit() for c in num) >= 2:  # a space inside the number
        digits = [i for i in range(1, len(num)) if num[i].isdigit() and num[i - 1].isdigit()]
        if digits:
            i = rng.choice(digits)
            num = num[:i] + " " + num[i:]
    elif what < 0.85:  # a misread digit, kept as written (R34)
        digits = [i for i, c in enumerate(num) if c in MISREAD]
        if digits:
            i = rng.choice(digits)
            num = num[:i] + MISREAD[num[i]] + num[i + 1 :]
    else:  # a space before the unit
        num = num + " "
    return p.with_text(num + unit, len(num))


def _noisy_plain(p: Piece, rng: random.Random) -> Piece:
    if p.label is None and p.text.replace(".", "").isdigit() and rng.random() < 0.3:
        return Piece(p.text.replace("0", "O").replace("1", "l"))
    return p


def ocr_rows(table: Table, rng: random.Random) -> list[Line]:
    """Tab or space rows as an OCR engine returns them: misread digits, mixed width."""
    base = tab_rows(table, rng) if rng.random() < 0.5 else flat_rows(table, rng)
    rate = rng.uniform(0.3, 0.6)
    out = []
    for line in base:
        new = []
        for p in line:
            if p.unit_at is not None and rng.random() < rate:
                p = _noisy_number(p, rng)
            new.append(_noisy_plain(p, rng))
        out.append(new)
    return out


LAYOUTS: dict[str, Callable[[Table, random.Random], list[Line]]] = {
    "table_tab_rows": tab_rows,
    "table_cell_per_line": cell_per_line,
    "table_flat_spaces": flat_rows,
    "table_pipe": pipe_rows,
    "spreadsheet_export": spreadsheet_rows,
    "pdf_text": pdf_text,
    "ocr_noise": ocr_rows,
    "scoring_list": scored_list,
}
