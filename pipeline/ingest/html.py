"""HTML reader (BeautifulSoup): block elements become lines, table rows become
tab-separated lines with cells.

Whitespace follows HTML rules (runs collapse), except that a source line break
between two CJK characters disappears instead of becoming a space, as CSS Text
specifies for Chinese; otherwise hard-wrapped Chinese source gains stray spaces.
"""

from __future__ import annotations

import re
from pathlib import Path

from bs4 import BeautifulSoup, NavigableString, Tag
from bs4.element import Comment, Declaration, Doctype, ProcessingInstruction

from pipeline.ingest.encoding import decode_bytes
from pipeline.ingest.render import Rendered, TextBuilder, is_cjk, join_pieces, place_spans

_SKIP = frozenset({"head", "script", "style", "noscript", "template", "svg", "iframe", "object"})
_BLOCK = frozenset(
    {
        "address", "article", "aside", "blockquote", "body", "center", "dd", "details", "dialog",
        "div", "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2",
        "h3", "h4", "h5", "h6", "header", "hr", "html", "li", "main", "nav", "ol", "p",
        "section", "summary", "ul", "caption",
    }
)  # fmt: skip
_NON_TEXT = (Comment, Declaration, Doctype, ProcessingInstruction)
_WS = re.compile(r"[ \t\n\r\f]+")
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([\w.:-]+)""", re.IGNORECASE)


def _collapse(text: str) -> str:
    def repl(match: re.Match[str]) -> str:
        before = text[match.start() - 1] if match.start() else ""
        after = text[match.end()] if match.end() < len(text) else ""
        if "\n" in match.group() and before and after and is_cjk(before) and is_cjk(after):
            return ""
        return " "

    return _WS.sub(repl, text)


class _Walker:
    """Depth-first walk that accumulates inline text and flushes it at block edges."""

    def __init__(self, builder: TextBuilder | None) -> None:
        self.builder = builder  # None: collecting lines of a table cell
        self.lines: list[str] = []
        self._inline: list[str] = []

    def flush(self) -> None:
        line = _collapse("".join(self._inline)).strip()
        self._inline.clear()
        if not line:
            return
        if self.builder is not None:
            self.builder.add_line(line)
        else:
            self.lines.append(line)

    def walk(self, node: Tag) -> None:
        for child in node.children:
            if isinstance(child, _NON_TEXT):
                continue
            if isinstance(child, NavigableString):
                self._inline.append(str(child))
                continue
            if not isinstance(child, Tag) or child.name in _SKIP:
                continue
            if child.name == "br":
                self.flush()
            elif child.name == "pre":
                self.flush()
                for line in child.get_text().splitlines():
                    self._inline.append(line)
                    self.flush()
            elif child.name == "table":
                self.flush()
                self.table(child)
            elif child.name in _BLOCK:
                self.walk_block(child)
            else:
                self.walk(child)

    def table(self, table: Tag) -> None:
        rows = place_spans(
            [(_cell_text(c), _span(c, "rowspan"), _span(c, "colspan")) for c in _cells(row)]
            for row in _rows(table)
        )
        caption = table.find("caption", recursive=False)
        if caption is not None:
            self.walk_block(caption)
        if self.builder is not None:
            self.builder.add_table(rows)
        else:  # a table nested in a cell: its rows become lines of the cell
            self.lines.extend(join_pieces(row) for row in rows)

    def walk_block(self, node: Tag) -> None:
        self.flush()
        self.walk(node)
        self.flush()


def _rows(table: Tag) -> list[Tag]:
    # Only this table's rows: direct <tr> children or those of its row groups,
    # never the rows of a table nested inside a cell.
    rows: list[Tag] = []
    for child in table.find_all(recursive=False):
        if child.name == "tr":
            rows.append(child)
        elif child.name in ("thead", "tbody", "tfoot"):
            rows.extend(child.find_all("tr", recursive=False))
    return rows


def _cells(row: Tag) -> list[Tag]:
    return row.find_all(("td", "th"), recursive=False)


def _span(cell: Tag, attribute: str) -> int:
    # browsers read a bad or missing span as 1 and cap rowspan at the table's end
    raw = str(cell.get(attribute) or "1").strip()
    return int(raw) if raw.isdigit() and 0 < int(raw) <= 1000 else 1


def _cell_text(cell: Tag) -> str:
    walker = _Walker(None)
    walker.walk_block(cell)
    return join_pieces(walker.lines)


def read_html(data: bytes, path: str | Path) -> Rendered:
    match = _META_CHARSET.search(data[:4096])
    declared = match.group(1).decode("ascii", "replace") if match else None
    decoded = decode_bytes(data, path, declared=declared)
    soup = BeautifulSoup(decoded.text, "lxml")
    builder = TextBuilder()
    walker = _Walker(builder)
    walker.walk_block(soup)
    rendered = builder.rendered()
    rendered.encoding = decoded.encoding
    return rendered
