"""Review pages for many documents: a page per document plus an index page
(``perf-facts show FOLDER`` or ``perf-facts show OUT``).

Over an output folder of ``extract --out`` nothing is tagged again: each page
is drawn from the folder's rows and the source file's text (read again, and
checked against the content hash the rows were made from). Over a folder of
reports every document is read and tagged here.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Iterable, Iterator
from pathlib import Path, PurePath

from pipeline.review.index import IndexEntry, index_html
from pipeline.review.render import review_html
from pipeline.schema import DocumentResult, DocumentRow, EntityRow, FactRow, FlagRow

INDEX = "index.html"
MANIFEST = "_manifest"  # what marks an output folder of extract --out


def is_output_folder(path: str | Path) -> bool:
    return (Path(path) / MANIFEST).is_dir()


def page_name(doc_id: str) -> str:
    return f"{doc_id}.html"


def _entry(result: DocumentResult, page: str | None, note: str = "") -> IndexEntry:
    return IndexEntry(
        result.document,
        page,
        Counter(f.check for f in result.flags),
        Counter(e.label for e in result.entities),
        note,
    )


def _write_pages(
    results: Iterable[tuple[object | None, DocumentResult, str]], html_dir: Path, title: str
) -> Path:
    """Write each (document, result, note) as a page (when the document could be
    read), then the index; returns the index page."""
    html_dir.mkdir(parents=True, exist_ok=True)
    entries = []
    for document, result, note in results:
        page = None
        if document is not None:
            page = page_name(result.document.doc_id)
            name = PurePath(result.document.file).name
            (html_dir / page).write_text(review_html(document, result, title=name), "utf-8")
        entries.append(_entry(result, page, note))
    index = html_dir / INDEX
    index.write_text(index_html(entries, title), encoding="utf-8")
    return index


def _rows_by_doc(out: Path, name: str, row_type: type) -> dict[str, list]:
    from pipeline.batch.writer import read_table

    grouped: dict[str, list] = {}
    for row in read_table(out, name).to_pylist():
        grouped.setdefault(row["doc_id"], []).append(row_type(**row))
    return grouped


def _source(row: DocumentRow):
    """(document, note): the source file read again, or None and why not."""
    from pipeline.ingest import IngestError, read_document

    path = Path(row.file)
    try:
        data = path.read_bytes()
    except OSError:
        return None, "source file not found"
    if hashlib.sha256(data).hexdigest() != row.content_hash:
        return None, "source file changed since extraction"
    try:
        return read_document(path), ""
    except IngestError as exc:
        return None, f"source file unreadable: {exc}"


def _output_results(out: Path) -> Iterator[tuple[object | None, DocumentResult, str]]:
    from pipeline.batch.writer import read_table

    entities = _rows_by_doc(out, "entities", EntityRow)
    facts = _rows_by_doc(out, "facts", FactRow)
    flags = _rows_by_doc(out, "flags", FlagRow)
    for raw in read_table(out, "documents").to_pylist():
        row = DocumentRow(**raw)
        result = DocumentResult(
            row,
            entities.get(row.doc_id, []),
            facts.get(row.doc_id, []),
            flags.get(row.doc_id, []),
        )
        document, note = _source(row)
        yield document, result, note


def review_output(out: str | Path, html_dir: str | Path) -> Path:
    """Pages and index for the documents of the output folder ``out``."""
    out = Path(out)
    return _write_pages(_output_results(out), Path(html_dir), f"perf-facts review: {out.name}")


def _folder_results(files: list[Path], nlp) -> Iterator[tuple[object, DocumentResult, str]]:
    from pipeline.facts import process_document
    from pipeline.ingest import IngestError, read_document

    for path in files:
        try:
            document = read_document(path)
        except IngestError:
            continue  # not a report that can be read; extract reports such files
        yield document, process_document(nlp, document, path.read_bytes()), ""


def review_folder(
    inputs: Iterable[str | Path], html_dir: str | Path, *, model=None, nlp=None
) -> Path:
    """Read and tag every report of ``inputs`` (files, folders, globs); pages and index."""
    from pipeline.ingest.discover import discover
    from pipeline.loading import load_pipeline

    files = discover(inputs)
    if not files:
        raise FileNotFoundError("no report files (.txt, .docx, .pdf, .html, .xlsx, .xls) found")
    nlp = nlp if nlp is not None else load_pipeline(model)
    title = "perf-facts review"
    return _write_pages(_folder_results(files, nlp), Path(html_dir), title)
