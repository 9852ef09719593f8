"""What an import from an annotation tool (Label Studio, doccano) could not keep.

Importers collect ``ImportNote``s instead of deciding alone what is loud:

- ``DROPPED``: a span, label, role or MEASURES link the tool's file holds but
  the gold records cannot (a region across two paragraphs, a role whose span
  moved, a link to a span that is gone). ``perf-facts annotate import-…``
  stops with exit 1 and writes nothing while any is left, unless told
  ``--allow-drops``: a record that merely lost its link still passes
  ``validate``, so the import is the last place to notice.
- ``DEFAULTED``: a value the import filled in (a quantity without a role
  becomes ``value``); counted, not listed one by one.
- ``WARNING``: anything else worth reading (a region text that disagrees with
  its offsets, a result item of an unknown control).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from pipeline.annotations.records import RecordError

DROPPED, DEFAULTED, WARNING = "dropped", "defaulted", "warning"


@dataclass(frozen=True, slots=True)
class ImportNote:
    where: str  # "task 7", "export.jsonl:12"
    message: str
    kind: str = WARNING

    @property
    def dropped(self) -> bool:
        return self.kind == DROPPED

    def __str__(self) -> str:
        return f"{self.where}: {self.message}"


class DroppedError(RecordError):
    """Annotations an import would lose (raised where no note list was given)."""


def drops(notes: Iterable[ImportNote]) -> list[ImportNote]:
    return [n for n in notes if n.dropped]


def raise_on_drops(notes: Iterable[ImportNote]) -> None:
    """DroppedError naming the first drops, if there are any."""
    lost = drops(notes)
    if lost:
        shown = "; ".join(str(n) for n in lost[:3])
        more = f" (and {len(lost) - 3} more)" if len(lost) > 3 else ""
        raise DroppedError(f"{len(lost)} annotation(s) would be dropped: {shown}{more}")
