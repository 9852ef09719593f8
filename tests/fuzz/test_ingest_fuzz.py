"""Any bytes under any supported suffix: a Document or an IngestError, never
another exception, never a hang."""

from __future__ import annotations

import io
import zipfile

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pipeline.batch.worker import document_deadline
from pipeline.ingest import Document, IngestError, read_document

from .adversarial import docx_bytes, pdf_bytes
from .settings import CHEAP

SUFFIXES = [".txt", ".html", ".docx", ".pdf"]
TIME_LIMIT_S = 60  # a hang fails the example instead of the whole run


def _read(tmp_path, data: bytes, suffix: str) -> None:
    path = tmp_path / f"fuzz{suffix}"
    path.write_bytes(data)
    try:
        with document_deadline(TIME_LIMIT_S):
            doc = read_document(path)
    except IngestError:
        return
    assert isinstance(doc, Document)
    assert doc.text.strip()


@CHEAP
@given(data=st.binary(max_size=4096), suffix=st.sampled_from(SUFFIXES))
def test_arbitrary_bytes(tmp_path, data, suffix):
    _read(tmp_path, data, suffix)


@CHEAP
@given(
    text=st.text(max_size=2000),
    encoding=st.sampled_from(["utf-8", "utf-16", "gb18030"]),
    suffix=st.sampled_from([".txt", ".html"]),
)
def test_arbitrary_unicode_text(tmp_path, text, encoding, suffix):
    _read(tmp_path, text.encode(encoding, errors="replace"), suffix)


@CHEAP
@given(depth=st.integers(0, 30_000), tag=st.sampled_from(["div", "b", "table", "p"]))
def test_nested_html(tmp_path, depth, tag):
    _read(tmp_path, (f"<{tag}>" * depth + "资金1万元" + f"</{tag}>" * depth).encode(), ".html")


GOOD = {".pdf": pdf_bytes("Budget 100 yuan"), ".docx": docx_bytes()}


@CHEAP
@given(
    suffix=st.sampled_from(sorted(GOOD)),
    cut=st.floats(0, 1),
    flips=st.lists(st.tuples(st.floats(0, 1), st.integers(0, 255)), max_size=8),
)
def test_truncated_and_corrupted_pdf_and_docx(tmp_path, suffix, cut, flips):
    data = bytearray(GOOD[suffix][: int(len(GOOD[suffix]) * cut)])
    for where, byte in flips:
        if data:
            data[int(where * (len(data) - 1))] = byte
    _read(tmp_path, bytes(data), suffix)


@CHEAP
@given(
    members=st.dictionaries(
        st.sampled_from(
            ["word/document.xml", "[Content_Types].xml", "xl/workbook.xml", "word/_rels/x", "a"]
        ),
        st.binary(max_size=300) | st.just(b"<w:document><w:body><w:p><w:r><w:t>1"),
        max_size=4,
    )
)
def test_malformed_docx_zips(tmp_path, members):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        for name, data in members.items():
            z.writestr(name, data)
    _read(tmp_path, buf.getvalue(), ".docx")


def test_encrypted_pdf_is_a_typed_error(tmp_path):
    path = tmp_path / "enc.pdf"
    path.write_bytes(pdf_bytes(password="secret"))
    with pytest.raises(IngestError):
        read_document(path)
