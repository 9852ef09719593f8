"""Label Studio ``result`` items of a record, and the offsets they count in.

The control names are the contract of ``pipeline/resources/label_studio.xml``:
``label`` (Labels), ``role`` (per-region Choices) and ``text`` (the Text tag).

Label Studio counts text offsets in the browser, in UTF-16 code units; the
guide counts code points. Export converts code points → UTF-16 and import
converts back, so a character outside the BMP (e.g. 𠀀) keeps its span exact.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from pipeline.annotations.records import Record

FROM_LABEL = "label"
FROM_ROLE = "role"
TO_TEXT = "text"


class LabelStudioError(ValueError):
    """An export that cannot be read back into records."""


def utf16_offsets(text: str) -> list[int]:
    """``table[i]`` = UTF-16 offset of code point ``i`` (length len(text) + 1)."""
    table = [0]
    for ch in text:
        table.append(table[-1] + (2 if ord(ch) > 0xFFFF else 1))
    return table


def to_utf16(text: str, index: int) -> int:
    return utf16_offsets(text)[index]


def from_utf16(text: str, index16: int) -> int:
    table = utf16_offsets(text)
    try:
        return table.index(index16)
    except ValueError:
        raise LabelStudioError(
            f"offset {index16} falls inside a surrogate pair of {text!r}"
        ) from None


def spans_to_result(
    record: Record, scores: Mapping[str, float] | None = None
) -> list[dict[str, Any]]:
    """``result`` items for the spans, roles and relations of a record.
    ``scores`` (span id → score) adds a region ``score`` to the labels items
    of predictions; role choices and relations carry none."""
    table = utf16_offsets(record.text)
    result: list[dict[str, Any]] = []
    for s in record.spans:
        value = {"start": table[s.start], "end": table[s.end], "text": s.text}
        region: dict[str, Any] = {
            "id": s.id,
            "from_name": FROM_LABEL,
            "to_name": TO_TEXT,
            "type": "labels",
            "value": {**value, "labels": [s.label]},
        }
        if scores is not None and s.id in scores:
            region["score"] = scores[s.id]
        result.append(region)
        if s.role is not None:
            result.append(
                {
                    "id": s.id,
                    "from_name": FROM_ROLE,
                    "to_name": TO_TEXT,
                    "type": "choices",
                    "value": {**value, "choices": [s.role]},
                }
            )
    for r in record.relations:
        result.append(
            {
                "from_id": r.from_id,
                "to_id": r.to_id,
                "type": "relation",
                "direction": "right",
                "labels": [r.label],
            }
        )
    return result
