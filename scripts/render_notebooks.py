"""Execute each notebook of notebooks/ and keep a rendered copy under
docs/notebooks/ (Markdown with the plots as PNG files beside it), so that
people browsing the repository see the outputs; the notebooks themselves are
committed without outputs (tests/notebooks).

    .venv/bin/python scripts/render_notebooks.py [NAME.ipynb ...]

Needs the dev extra (nbclient, nbconvert, matplotlib, ipykernel). Rerun it
after changing a notebook: tests/notebooks/test_rendered.py checks that every
code cell of each notebook is in its rendered copy.
"""

from __future__ import annotations

import argparse
import shutil
import sys
from pathlib import Path

import nbclient
import nbformat
from nbconvert import MarkdownExporter

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = ROOT / "notebooks"
RENDERED = ROOT / "docs" / "notebooks"


def render(path: Path, target: Path = RENDERED) -> Path:
    """Execute ``path`` and write ``target/<stem>.md`` and ``target/<stem>_files/``."""
    nb = nbformat.read(path, as_version=4)
    client = nbclient.NotebookClient(
        nb, timeout=600, kernel_name="python3", resources={"metadata": {"path": str(path.parent)}}
    )
    client.execute()
    files = f"{path.stem}_files"
    body, resources = MarkdownExporter().from_notebook_node(
        nb, resources={"output_files_dir": files, "unique_key": path.stem}
    )
    target.mkdir(parents=True, exist_ok=True)
    shutil.rmtree(target / files, ignore_errors=True)
    for name, data in resources.get("outputs", {}).items():
        out = target / name
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_bytes(data)
    note = (
        f"<!-- Rendered from notebooks/{path.name} by scripts/render_notebooks.py; "
        "do not edit: edit the notebook and rerun the script. -->\n\n"
    )
    md = target / f"{path.stem}.md"
    md.write_text(note + body, encoding="utf-8")
    return md


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("names", nargs="*", help="notebooks to render (default: all)")
    args = parser.parse_args(argv)
    paths = [NOTEBOOKS / n for n in args.names] or sorted(NOTEBOOKS.glob("*.ipynb"))
    missing = [p for p in paths if not p.is_file()]
    if missing:
        print(f"error: no such notebook: {missing[0]}", file=sys.stderr)
        return 2
    for path in paths:
        print(f"rendered {render(path).relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
