"""Split document text into paragraphs, the unit every gold record and every
prediction is keyed on.

Ruling (annotations/DECISIONS.md, D1): a paragraph is one source line with its
surrounding whitespace trimmed; whitespace-only lines are not paragraphs. The
sample reports put one paragraph a line, and flattened tables one cell a line,
so a line is the only unit both kinds share.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_LINE = re.compile(r"[^\r\n]+")


@dataclass(frozen=True, slots=True)
class Paragraph:
    index: int
    start: int  # offset of the first character in the document text
    text: str

    @property
    def end(self) -> int:
        return self.start + len(self.text)


def split_paragraphs(text: str) -> list[Paragraph]:
    """Return the non-blank lines of ``text`` with their offsets.

    ``text[p.start:p.end] == p.text`` holds for every paragraph.
    """
    paragraphs: list[Paragraph] = []
    for match in _LINE.finditer(text):
        line = match.group()
        stripped = line.strip()
        if not stripped:
            continue
        lead = len(line) - len(line.lstrip())
        paragraphs.append(Paragraph(len(paragraphs), match.start() + lead, stripped))
    return paragraphs


def paragraph_id(doc: str, index: int) -> str:
    return f"{doc}#p{index:04d}"
