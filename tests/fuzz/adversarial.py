"""Hostile input files, built at test time (nothing binary is checked in).

``build(folder)`` writes each file and returns what a batch run must make of
it: ``"rows"`` (a documents row, whatever the content) or ``"error"`` (an error
row). The texts are synthetic: no sentence of a real report is reproduced.
"""

from __future__ import annotations

import io
import random
import shutil
import zipfile
from pathlib import Path

SAMPLE = Path(__file__).resolve().parents[2] / "corpus" / "sample"
# --max-chars the corpus is meant to be run with: too_large.txt is over it
MAX_CHARS = 150_000


def amounts_line(n_chars: int, seed: int = 0) -> str:
    rnd = random.Random(seed)
    parts: list[str] = []
    size = 0
    while size < n_chars:
        s = f"{rnd.randint(1, 99999)}.{rnd.randint(0, 99)}万元"
        parts.append(s)
        size += len(s) + 1
    return " ".join(parts)


def pdf_bytes(text: str = "Budget 100", *, password: str | None = None) -> bytes:
    from reportlab.lib import pdfencrypt
    from reportlab.pdfgen import canvas

    buf = io.BytesIO()
    encrypt = pdfencrypt.StandardEncryption(password, canPrint=0) if password else None
    c = canvas.Canvas(buf, encrypt=encrypt)
    c.drawString(72, 720, text)
    c.save()
    return buf.getvalue()


def docx_bytes(text: str = "项目资金100万元，完成率95%。") -> bytes:
    import docx

    d = docx.Document()
    d.add_paragraph(text)
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


def xlsx_bytes() -> bytes:
    import openpyxl

    wb = openpyxl.Workbook()
    wb.active["A1"] = "资金"
    wb.active["B1"] = 100
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _zip(members: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        for name, data in members.items():
            z.writestr(name, data)
    return buf.getvalue()


def build(folder: Path) -> dict[str, str]:
    """Write the corpus into ``folder``; file name → "rows" | "error"."""
    folder.mkdir(parents=True, exist_ok=True)
    expect: dict[str, str] = {}
    noise = random.Random(17).randbytes  # seeded: the same corpus every run

    def put(name: str, data: bytes | str, outcome: str) -> None:
        path = folder / name
        path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
        expect[name] = outcome

    for src in sorted(SAMPLE.glob("*.txt"))[:2]:  # good reports beside the hostile files
        shutil.copy(src, folder / f"good_{src.name}")
        expect[f"good_{src.name}"] = "rows"
    put("good.docx", docx_bytes(), "rows")
    put("good.pdf", pdf_bytes("Budget 100 yuan, rate 95%"), "rows")
    # hostile but readable: results, bounded and finite
    put("long_line.txt", amounts_line(100_000), "rows")
    put(
        "huge_number.txt",
        "项目资金" + "1" * 50_000 + "万元，完成率" + "9" * 5_000 + "%。\n",
        "rows",
    )
    put(
        "digit_runs.txt",
        "\n".join("9" * n + u for n in (30, 300, 3000) for u in ("元", "%", "个")),
        "rows",
    )
    put(
        "mixed_scripts.txt",
        "预算 budget бюджет ميزانية 予算 100万元，完成率95%。\u200b\u202e反向\n",
        "rows",
    )
    put("deep.html", "<div>" * 50 + "<p>项目资金100万元</p>" + "</div>" * 50, "rows")
    # the file's own defects: error rows
    put("empty.txt", b"", "error")
    put("binary.txt", noise(4096), "error")
    put("too_large.txt", "资金1万元。" * (MAX_CHARS // 6 + 100), "error")
    put("random.pdf", noise(4096), "error")
    put("truncated.pdf", pdf_bytes()[:300], "error")
    put("encrypted.pdf", pdf_bytes(password="secret"), "error")
    put("not_a_zip.docx", noise(2048), "error")
    put("truncated.docx", docx_bytes()[:700], "error")
    put("xlsx_as.docx", xlsx_bytes(), "error")
    put("empty_zip.docx", _zip({}), "error")
    put("bad_xml.docx", _zip({"word/document.xml": b"<w:document><w:body><w:p>"}), "error")
    put("very_deep.html", "<div>" * 20_000 + "项目资金100万元" + "</div>" * 20_000, "error")
    return expect
