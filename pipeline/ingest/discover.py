"""Find the input files of a run: files, folders (recursive) and globs."""

from __future__ import annotations

import glob
from collections.abc import Iterable
from pathlib import Path

from pipeline.ingest import SUFFIXES  # the suffixes a reader handles, defined once


def discover(inputs: Iterable[str | Path]) -> list[Path]:
    """Expand inputs into a sorted, de-duplicated list of readable report files.

    Files named explicitly are kept whatever their suffix (the reader then
    says what is wrong with them); folders and globs contribute only files
    with a known suffix.
    """
    found: dict[Path, None] = {}
    for item in inputs:
        path = Path(item)
        if path.is_dir():
            for child in sorted(path.rglob("*")):
                if child.is_file() and child.suffix.lower() in SUFFIXES:
                    found[child.resolve()] = None
        elif path.is_file():
            found[path.resolve()] = None
        else:
            matches = sorted(glob.glob(str(item), recursive=True))
            if not matches:
                raise FileNotFoundError(f"no such file, folder or glob match: {item}")
            for m in matches:
                mp = Path(m)
                if mp.is_file() and mp.suffix.lower() in SUFFIXES:
                    found[mp.resolve()] = None
    return sorted(found)
