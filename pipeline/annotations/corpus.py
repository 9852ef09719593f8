"""The project's gold corpus as ``annotations/splits.json`` records it: which
JSONL sources hold the records, where their source texts live, and the
records of one split part (train, dev, unseen-test …).

Commands that take ``--split NAME`` (``perf-facts train``, ``perf-facts
evaluate``) read their records here, so a figure and the command that
reproduces it name the same documents.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

from pipeline.annotations.records import Record, load_records

ROOT = Path(__file__).resolve().parents[2]
SPLITS_FILE = ROOT / "annotations" / "splits.json"
# Where the source texts of each gold source live (one folder each), in the
# order they are searched: the four sample reports, authored, synthetic, unseen.
TEXT_DIRS: tuple[Path, ...] = (
    ROOT / "corpus" / "sample",
    ROOT / "annotations" / "authored" / "texts",
    ROOT / "annotations" / "synthetic" / "texts",
    ROOT / "annotations" / "unseen" / "texts",
)


class SplitError(ValueError):
    """splits.json is missing, malformed or lacks the requested part."""


def read_splits(path: str | Path = SPLITS_FILE) -> dict:
    path = Path(path)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise SplitError(f"{path}: no such splits file") from None
    except json.JSONDecodeError as exc:
        raise SplitError(f"{path}: not JSON ({exc})") from None
    if not isinstance(data, dict) or "sources" not in data:
        raise SplitError(f"{path}: not a splits file (no 'sources')")
    return data


def split_parts(data: dict) -> list[str]:
    """The part names a splits file lists (lists of document ids)."""
    return [k for k in ("train", "dev", "test", "unseen-test") if isinstance(data.get(k), list)]


def split_records(name: str, path: str | Path = SPLITS_FILE) -> list[Record]:
    """The records of the documents in part ``name``, read from the sources the
    splits file lists (relative paths resolve against the project root)."""
    data = read_splits(path)
    parts = split_parts(data)
    if name not in parts:
        raise SplitError(f"{path}: no split part {name!r} (has {', '.join(parts)})")
    sources = [p if Path(p).is_absolute() else ROOT / p for p in data["sources"]]
    wanted = set(data[name])
    records = [r for r in load_records(*sources) if r.meta.doc in wanted]
    if not records and wanted:
        raise SplitError(
            f"{path}: none of the {len(wanted)} documents of {name!r} is in its sources"
        )
    return records


def find_source(name: str, dirs: Sequence[Path]) -> Path | None:
    """The first ``dir/name`` that is a file."""
    for d in dirs:
        if (d / name).is_file():
            return d / name
    return None
