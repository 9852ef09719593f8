"""Scanned PDFs: detected, read through Tesseract when it is installed, and a
clear error that says how to enable OCR when it is not."""

import shutil

import pytest

from pipeline.ingest import OcrUnavailableError, read_document
from pipeline.ingest import ocr as ocr_module
from pipeline.ingest.ocr import chinese_punctuation, strip_stray_quotes

BUDGET = [
    ["项目", "年初预算数", "决算数"],
    ["人员经费", "1340.04", "1550.67"],
    ["日常公用经费", "98.36", "86.00"],
]


def _has_tesseract() -> bool:
    tesseract = ocr_module._tesseract()
    return tesseract is not None and "chi_sim" in tesseract.get_languages()


needs_tesseract = pytest.mark.skipif(
    not _has_tesseract(),
    reason="Tesseract with chi_sim is not installed (Debian tesseract-ocr tesseract-ocr-chi-sim)",
)


def test_scan_without_tesseract_says_how_to_enable_ocr(make_scanned_pdf, monkeypatch):
    path = make_scanned_pdf([["部门整体支出绩效自评报告"]])
    monkeypatch.setattr(ocr_module, "_tesseract", lambda: None)
    with pytest.raises(OcrUnavailableError, match="scan.pdf") as caught:
        read_document(path)
    message = str(caught.value)
    assert "page 1" in message and "tesseract-ocr-chi-sim" in message and "[ocr]" in message


def test_scan_without_tesseract_is_an_error_row_in_extract(make_scanned_pdf, monkeypatch):
    from typer.testing import CliRunner

    from pipeline.cli import app

    path = make_scanned_pdf([["部门整体支出绩效自评报告"]])
    monkeypatch.setattr(ocr_module, "_tesseract", lambda: None)
    result = CliRunner().invoke(app, ["extract", str(path), "--model", "rules"])
    assert result.exit_code == 3  # a failed document, never an empty success
    assert "tesseract-ocr" in result.stderr


@needs_tesseract
def test_scan_is_read_by_ocr_with_its_table(make_scanned_pdf, assert_offsets):
    from pipeline.facts import process_document
    from pipeline.loading import load_pipeline

    path = make_scanned_pdf([["一、预算执行情况", BUDGET, "预算执行率为100%。"]])
    doc = read_document(path)
    assert doc.ocr_pages == [1] and doc.ocr_confidence is not None and doc.ocr_confidence > 50
    [table] = doc.tables
    assert [[c.text for c in row] for row in table.rows] == BUDGET
    assert doc.paragraphs[0].text == "一、预算执行情况"
    assert "预算执行率为100%。" in doc.text
    assert doc.boxes and doc.boxes[0][2] == 1  # each paragraph has a box on its page
    assert_offsets(doc)
    row = process_document(load_pipeline("rules"), doc).document
    assert row.ocr_pages == "1" and row.ocr_confidence == doc.ocr_confidence


def test_chinese_punctuation_and_stray_quotes():
    assert chinese_punctuation("单台(套)平均 单位:万元 (a)") == "单台（套）平均 单位：万元 (a)"
    assert strip_stray_quotes("”实际完成值") == "实际完成值"
    assert strip_stray_quotes("“100%") == "100%"
    assert strip_stray_quotes("“微项目”") == "“微项目”"


def test_tesseract_lookup_needs_the_program(monkeypatch):
    pytest.importorskip("pytesseract")
    monkeypatch.setattr(shutil, "which", lambda _: None)
    assert ocr_module._tesseract() is None
