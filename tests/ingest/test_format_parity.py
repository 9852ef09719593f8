"""Format parity: the sample reports and every authored report (au_*, aa_*, ab_*:
all the corpus's layouts) rendered as .docx, .html, .xlsx, .pdf and scanned .pdf
give the facts they give as .txt (benchmarks/format_parity.py prints the full
table). OCR reads the shortest documents only: it costs seconds a page."""

import shutil
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))

import format_parity as parity
from format_render import find_font

from pipeline.ingest import ocr as ocr_module
from pipeline.loading import load_pipeline

# mean share of a document's .txt facts, keyed by (indicator, role, normalised value)
FLOORS = {"docx": 0.98, "html": 0.98, "xlsx": 0.98, "pdf": 0.95, "ocr": 0.85}
OCR_DOCS = 3  # the shortest documents only: OCR costs seconds a page


@pytest.fixture(scope="module")
def outcomes():
    docs = parity.sources(authored="all")
    # the four samples and every authored report, prose ones with tables added
    assert len(docs) >= 116
    assert {d.name[:3] for d in docs} >= {"au_", "aa_", "ab_"}
    formats = ["docx", "html", "xlsx"]
    if find_font() is not None:
        formats.append("pdf")
    tesseract = ocr_module._tesseract()
    if (
        tesseract is not None
        and "chi_sim" in tesseract.get_languages()
        and shutil.which("pdftoppm")
    ):
        formats.append("ocr")
    shortest = {s.name for s in sorted(docs, key=lambda s: len(s.text))[:OCR_DOCS]}
    results = parity.run(load_pipeline("rules"), docs, formats, shortest)
    print("\n" + parity.table(results, formats))
    return results


@pytest.mark.parametrize("fmt", list(FLOORS))
def test_format_gives_the_facts_of_the_txt(outcomes, fmt):
    if fmt == "pdf" and find_font() is None:
        pytest.skip("no CJK font to render PDFs (Debian fonts-wqy-microhei)")
    if fmt == "ocr" and not any(o.fmt == "ocr" for o in outcomes):
        pytest.skip("Tesseract with chi_sim, or pdftoppm, is not installed (see .ci/run)")
    rows = [o for o in outcomes if o.fmt == fmt]
    assert rows and all(o.error is None for o in rows), [o.error for o in rows if o.error]
    mean = parity.mean_share(outcomes, fmt)
    worst = min(rows, key=lambda o: o.share or 0)
    assert mean is not None and mean >= FLOORS[fmt], (
        f"{fmt}: mean share {mean:.1%} < {FLOORS[fmt]:.0%}; worst {worst.name} "
        f"{worst.share:.1%}, missing {worst.missing[:6]}"
    )
