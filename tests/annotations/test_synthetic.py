"""The synthetic-table generator: labels by construction, checked against the rendered text."""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest
from typer.testing import CliRunner

from pipeline.annotations.catalogue import CatalogueError, load_catalogue
from pipeline.annotations.records import QUANTITY_LABELS, load_records
from pipeline.annotations.synth_files import NoCJKFont, write_docx, write_html, write_xlsx
from pipeline.annotations.synth_layouts import LAYOUTS, wrap
from pipeline.annotations.synth_table import Piece, quantity
from pipeline.annotations.synthetic import generate, lines_to_records, write_corpus
from pipeline.annotations.validate import validate_paths
from pipeline.cli import app

ROOT = Path(__file__).resolve().parents[2]
CATALOGUE = ROOT / "annotations" / "catalogue" / "indicators.tsv"
CORPUS = ROOT / "annotations" / "synthetic"
runner = CliRunner()


@pytest.fixture(scope="module")
def catalogue():
    return load_catalogue(CATALOGUE)


@pytest.fixture(scope="module")
def docs(catalogue):
    return generate(catalogue, 2 * len(LAYOUTS), seed=7)


@pytest.fixture(scope="module")
def written(docs, tmp_path_factory):
    out = tmp_path_factory.mktemp("synth")
    write_corpus(docs, out)
    return out


# ---------------------------------------------------------------- catalogue


def test_catalogue_breadth(catalogue):
    names = {r.name for r in catalogue}
    sectors = {r.sector for r in catalogue}
    assert len(names) >= 1500
    assert len(sectors) >= 28
    assert {"教育", "卫健", "乡镇政府", "医院", "学校", "工会/团委", "部门整体"} <= sectors
    units = {r.unit for r in catalogue}
    assert {"%", "万元", "人次", "个工作日", "km²", "台", "座"} <= units
    assert {r.value_style for r in catalogue} == {">=", "<=", "=", "range", "qualitative"}


def test_catalogue_rejects_bad_rows(tmp_path):
    bad = tmp_path / "bad.tsv"
    bad.write_text("sector\tname\n教育\t入学率\n", encoding="utf-8")
    with pytest.raises(CatalogueError, match="missing columns"):
        load_catalogue(bad)
    header = CATALOGUE.read_text(encoding="utf-8").splitlines()[0]
    bad.write_text(header + "\n教育\t产出指标\t数量\t入学率\t%\t>=\t90\t100\t0\n", encoding="utf-8")
    with pytest.raises(CatalogueError, match="level2"):
        load_catalogue(bad)


# ------------------------------------------------------------- construction


def test_every_span_is_the_text_at_its_offsets(docs, written):
    checked = 0
    for d in docs:
        source = (written / "texts" / f"{d.doc}.txt").read_text(encoding="utf-8")
        assert source == d.text
        for r in d.records:
            assert source[r.meta.offset : r.meta.offset + len(r.text)] == r.text
            assert r.text == r.text.strip()
            for s in r.spans:
                got = source[r.meta.offset + s.start : r.meta.offset + s.end]
                assert got == s.text == r.text[s.start : s.end]
                assert s.text == s.text.strip()
                checked += 1
    assert checked > 1000


def test_records_validate(written):
    report = validate_paths([written / "synthetic.jsonl"], written / "texts")
    assert report.ok, [str(p) for p in report.problems[:5]]
    result = runner.invoke(
        app,
        ["annotate", "validate", str(written), "--source", str(written / "texts")],
    )
    assert result.exit_code == 0, result.output


def test_meta_and_layouts(docs):
    assert {d.layout for d in docs} == set(LAYOUTS)
    for d in docs:
        meta = d.records[0].meta.to_dict()
        assert meta["synthetic"] is True and meta["split"] == "train"
        assert meta["layout"] == d.layout and meta["sector"] == d.sector


def test_each_table_has_its_parts(docs):
    for d in docs:
        labels = {s.label for r in d.records for s in r.spans}
        names = {s.text for r in d.records for s in r.spans if s.label == "INDICATOR"}
        assert "INDICATOR" in labels and labels & set(QUANTITY_LABELS), d.doc
        if d.layout != "pdf_text":  # wrapped names may be cut
            assert {"年度资金总额", "财政拨款", "自评得分"} <= names, d.doc
        roles = {s.role for r in d.records for s in r.spans if s.role}
        # a 计量单位 column leaves targets and actuals bare (R17)
        want = {"value", "score"} if d.table.unit_column else {"target", "value", "score"}
        assert want <= roles, (d.doc, roles)


def test_tab_rows_link_quantities_to_their_row(docs):
    tab = [d for d in docs if d.layout == "table_tab_rows"]
    for d in tab:
        for r in d.records:
            names = [s for s in r.spans if s.label == "INDICATOR"]
            quants = [s for s in r.spans if s.role]
            if len(names) == 1 and quants:
                assert {rel.from_id for rel in r.relations} == {q.id for q in quants}


def test_comparators_stay_outside(docs):
    for d in docs:
        for r in d.records:
            for s in r.spans:
                assert not s.text.startswith(("≥", "≤", ">", "<", "=")), s.text


def test_deterministic(catalogue):
    a = generate(catalogue, len(LAYOUTS), seed=3)
    b = generate(catalogue, len(LAYOUTS), seed=3)
    c = generate(catalogue, len(LAYOUTS), seed=4)
    dump = lambda ds: [(d.text, [r.to_dict() for r in d.records]) for d in ds]
    assert dump(a) == dump(b)
    assert dump(a) != dump(c)


def test_committed_corpus_is_reproducible(catalogue):
    committed = load_records(CORPUS / "synthetic.jsonl")
    ndocs = len({r.doc for r in committed})
    again = [r for d in generate(catalogue, ndocs, seed=0) for r in d.records]
    assert [r.to_dict() for r in again] == [r.to_dict() for r in committed]


# ----------------------------------------------------------- layout rulings


def test_wrap_tags_the_part_with_the_unit_start():
    """R32: 【护林员补助资金】【86.4 万】⏎元; a number cut before its unit or inside
    its digits is no span on either line."""
    name = Piece("护林员补助资金", "INDICATOR", None, 1, True)
    line = [name, quantity("86.4 ", "万元", "value", 1)]
    first, second = wrap(line, 13)
    text, records = lines_to_records([first, second], "t", {})
    assert text == "护林员补助资金86.4 万\n元\n"
    assert [(s.text, s.label) for s in records[0].spans] == [
        ("护林员补助资金", "INDICATOR"),
        ("86.4 万", "MONEY"),
    ]
    assert len(records[0].relations) == 1 and records[1].spans == []
    first, second = wrap(line, 9)  # 护林员补助资金86 | .4 万元: cut inside the number
    _, records = lines_to_records([first, second], "t", {})
    assert [s.text for s in records[0].spans] == ["护林员补助资金"]
    assert records[1].spans == []
    first, second = wrap(line, 11)  # 护林员补助资金86.4 | 万元
    _, records = lines_to_records([first, second], "t", {})
    assert [s.text for s in records[0].spans] == ["护林员补助资金"] and records[1].spans == []


def test_wrapped_name_is_tagged_in_both_parts():
    line = [Piece("  "), Piece("森林防火巡护次数", "INDICATOR", None, 1, True)]
    _, records = lines_to_records(wrap(line, 6), "t", {})
    assert [s.text for r in records for s in r.spans] == ["森林防火", "巡护次数"]


def test_cell_alone_on_its_line_has_a_role_and_no_link(docs):
    cells = [d for d in docs if d.layout == "table_cell_per_line"]
    lone = [r for d in cells for r in d.records if len(r.spans) == 1 and r.spans[0].role]
    assert lone and all(not r.relations for r in lone)


# ------------------------------------------------------- rules smoke check


def test_rules_find_the_tab_layouts_quantities(catalogue):
    from pipeline.loading import load_pipeline

    nlp = load_pipeline("rules")
    found = total = 0
    for d in generate(catalogue, 6, seed=11, layouts=["table_tab_rows"]):
        for r in d.records:
            gold = {(s.start, s.end) for s in r.spans if s.role}
            if not gold:
                continue
            doc = nlp(r.text)
            got = {(e.start_char, e.end_char) for e in doc.ents if e.label_ in QUANTITY_LABELS}
            found += len(gold & got)
            total += len(gold)
    assert total > 100
    assert found / total >= 0.9


# ------------------------------------------------------------------ formats


def test_file_formats(docs, tmp_path):
    import docx
    import openpyxl

    table = docs[0].table
    name = next(r.cells[2][0].text for r in table.rows if r.kind == "indicator")
    d = docx.Document(str(write_docx(table, tmp_path / "t.docx")))
    assert any(c.text == name for row in d.tables[0].rows for c in row.cells)
    ws = openpyxl.load_workbook(write_xlsx(table, tmp_path / "t.xlsx")).active
    assert any(name in (c or "") for row in ws.iter_rows(values_only=True) for c in row)
    assert f"<td>{name}</td>" in write_html(table, tmp_path / "t.html").read_text("utf-8")


def test_pdf_written_or_skipped_with_a_note(docs, tmp_path):
    from pipeline.annotations import synth_files

    try:
        path = synth_files.write_pdf(docs[0].table, tmp_path / "t.pdf")
    except NoCJKFont as exc:
        assert "fc-list" in str(exc)
    else:
        assert path.read_bytes().startswith(b"%PDF")


# ---------------------------------------------------------------------- CLI


def test_cli_synth(tmp_path):
    out = tmp_path / "out"
    result = runner.invoke(
        app,
        [
            "annotate",
            "synth",
            "--catalogue",
            str(CATALOGUE),
            "--n",
            "3",
            "--seed",
            "1",
            "--out",
            str(out),
            "--formats",
            "txt,html",
            "--layouts",
            "table_pipe,ocr_noise",
        ],
    )
    assert result.exit_code == 0, result.output
    assert "3 documents" in result.output
    assert len(list((out / "texts").glob("*.txt"))) == 3
    assert len(list((out / "files").glob("*.html"))) == 3
    layouts = {json.loads(line)["meta"]["layout"] for line in (out / "synthetic.jsonl").open()}
    assert layouts == {"table_pipe", "ocr_noise"}


@pytest.mark.parametrize(
    "args",
    [
        ["--formats", "txt,rtf"],
        ["--layouts", "zigzag"],
        ["--n", "0"],
        ["--catalogue", "no/such.tsv"],
    ],
)
def test_cli_synth_bad_usage(tmp_path, args):
    result = runner.invoke(app, ["annotate", "synth", "--out", str(tmp_path), *args])
    assert result.exit_code == 2
    assert "error:" in result.output


def test_noise_keeps_labels():
    rng = random.Random(0)
    from pipeline.annotations.synth_layouts import _noisy_number

    for _ in range(50):
        p = _noisy_number(quantity("1260", "人次", "value", 1), rng)
        assert p.label == "COUNT" and p.text[p.unit_at :].strip() in ("人次",)


def test_pdf_writer_with_a_font(docs, tmp_path, monkeypatch):
    """The PDF path itself, with reportlab's own (non-CJK) Vera font standing in."""
    import pdfplumber
    import reportlab

    from pipeline.annotations import synth_files

    vera = Path(reportlab.__file__).parent / "fonts" / "Vera.ttf"
    monkeypatch.setattr(synth_files, "cjk_font_file", lambda: vera)
    path = synth_files.write_pdf(docs[0].table, tmp_path / "t.pdf")
    with pdfplumber.open(path) as pdf:
        assert pdf.pages and "2" in (pdf.pages[0].extract_text() or "")
