from pathlib import Path

import pytest

from pipeline import ingest
from pipeline.ingest import (
    SUFFIXES,
    CorruptPdfError,
    IngestError,
    UnsupportedFormatError,
    read_document,
)
from pipeline.ingest.document import document_id


@pytest.mark.parametrize("name", ["report.doc", "report.xlsm", "README"])
def test_unsupported_formats(tmp_path, name):
    path = tmp_path / name
    path.write_bytes(b"whatever")
    with pytest.raises(UnsupportedFormatError, match=name):
        read_document(path)


def test_doc_error_suggests_conversion(tmp_path):
    path = tmp_path / "old.doc"
    path.write_bytes(b"\xd0\xcf\x11\xe0")
    with pytest.raises(UnsupportedFormatError, match="convert it to .docx"):
        read_document(path)


def test_suffix_is_case_insensitive(tmp_path):
    path = tmp_path / "REPORT.TXT"
    path.write_bytes("正文".encode())
    assert read_document(path).format == "txt"
    assert {".txt", ".text", ".docx", ".pdf", ".html", ".htm", ".xlsx", ".xls"} == SUFFIXES


def test_missing_file_is_an_ingest_error(tmp_path):
    with pytest.raises(IngestError, match="nope.txt"):
        read_document(tmp_path / "nope.txt")


def test_id_depends_on_name_and_bytes(tmp_path):
    a = tmp_path / "a.txt"
    a.write_bytes("正文".encode())
    doc = read_document(str(a))  # str paths work too
    assert doc.id == document_id("a.txt", "正文".encode()) and doc.id.startswith("a-")
    assert doc.source == a
    assert read_document(a).id == doc.id
    a.write_bytes("正文改".encode())
    assert read_document(a).id != doc.id


def test_unexpected_library_errors_are_wrapped(tmp_path, monkeypatch):
    def explode(data: bytes, path: Path):
        raise KeyError("/Root")

    monkeypatch.setitem(ingest._READERS, ".pdf", ("pdf", explode))
    path = tmp_path / "odd.pdf"
    path.write_bytes(b"%PDF-1.4")
    with pytest.raises(CorruptPdfError, match="odd.pdf.*KeyError") as info:
        read_document(path)
    assert isinstance(info.value.__cause__, KeyError)
