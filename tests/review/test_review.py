"""Review pages (`perf-facts show`): one per sample report, links resolve, and a
screenshot in headless Chromium where Chromium is installed."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from typer.testing import CliRunner

from pipeline.facts import process_document
from pipeline.ingest import read_document
from pipeline.loading import load_pipeline
from pipeline.review import label_colors, review_html

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = sorted((ROOT / "corpus" / "sample").glob("*.txt"))
CHROMIUM = next(
    (shutil.which(n) for n in ("chromium", "chromium-browser", "google-chrome") if shutil.which(n)),
    None,
)


@pytest.fixture(scope="module")
def nlp():
    return load_pipeline()


@pytest.fixture(scope="module")
def pages(nlp, tmp_path_factory) -> dict[str, tuple[Path, object]]:
    out = tmp_path_factory.mktemp("review")
    pages = {}
    for path in SAMPLES:
        document = read_document(path)
        result = process_document(nlp, document, path.read_bytes())
        page = out / f"{path.stem}.html"
        page.write_text(review_html(document, result, title=path.name), encoding="utf-8")
        pages[path.stem] = (page, result)
    return pages


def test_samples_exist():
    assert len(SAMPLES) == 4


@pytest.mark.parametrize("sample", [p.stem for p in SAMPLES])
def test_page_renders_every_part(pages, sample):
    page, result = pages[sample]
    html = page.read_text(encoding="utf-8")
    assert html.startswith("<!DOCTYPE html>")
    # displaCy marks, one per highlighted span, coloured with the project's colours
    assert html.count('class="entity"') >= len({(e.start, e.end) for e in result.entities}) * 0.9
    for label in {e.label for e in result.entities}:
        assert label_colors()[label] in html
    # every fact is a row; summary and flags sections are there
    assert html.count('<tr id="fact') == len(result.facts)
    assert "Summary" in html and f"Flags ({len(result.flags)})" in html
    assert f"Facts ({len(result.facts)})" in html
    # every in-page link points at an element that exists
    ids = set(re.findall(r'id="([^"]+)"', html))
    targets = set(re.findall(r'href="#([^"]+)"', html))
    assert targets, "no fact links"
    assert targets <= ids, sorted(targets - ids)[:5]


def test_fact_links_point_at_the_quantity(pages):
    page, result = pages[SAMPLES[0].stem]
    html = page.read_text(encoding="utf-8")
    text = read_document(SAMPLES[0]).text
    exact = 0
    for fact in result.facts:
        m = re.search(rf'<tr id="fact{fact.fact_id.rsplit("#f", 1)[1]}".*?href="#(m|p)(\d+)"', html)
        assert m, fact.fact_id
        if m.group(1) == "m" and int(m.group(2)) == fact.start:
            exact += 1
    assert exact >= 0.9 * len(result.facts)
    assert text  # the page was built from this text


def test_show_command(tmp_path):
    from pipeline.cli import app

    out = tmp_path / "page.html"
    result = CliRunner().invoke(
        app, ["show", str(SAMPLES[1]), "--html", str(out), "--model", "rules"]
    )
    assert result.exit_code == 0, result.output
    assert "displacy" not in result.output
    assert out.read_text(encoding="utf-8").count('class="entity"') > 10


def test_show_missing_file(tmp_path):
    from pipeline.cli import app

    result = CliRunner().invoke(app, ["show", str(tmp_path / "nope.txt"), "--html", "x.html"])
    assert result.exit_code == 2


@pytest.mark.skipif(
    CHROMIUM is None,
    reason="Chromium is not installed (Debian: apt-get install -y chromium); "
    "the screenshot test needs a headless browser",
)
def test_screenshot_in_headless_chromium(pages, tmp_path):
    image = pytest.importorskip("matplotlib.image", reason="matplotlib reads the PNG")
    page, _ = pages["001_d47c8fa28c385bab"]
    png = tmp_path / "review.png"
    cmd = [
        CHROMIUM,
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--hide-scrollbars",
        "--window-size=1600,1000",
        f"--user-data-dir={tmp_path / 'profile'}",
        f"--screenshot={png}",
        page.as_uri(),
    ]
    subprocess.run(cmd, check=True, capture_output=True, timeout=120)
    assert png.exists() and png.stat().st_size > 20_000
    pixels = image.imread(png)[..., :3]
    assert pixels.shape[:2] == (1000, 1600)

    def share(hex_color: str) -> float:
        rgb = [int(hex_color[i : i + 2], 16) / 255 for i in (1, 3, 5)]
        return float((abs(pixels - rgb).max(axis=-1) < 0.03).mean())

    colors = label_colors()
    # the highlighted spans are visible: money and indicator colours cover some of the page
    assert share(colors["MONEY"]) > 0.001
    assert share(colors["INDICATOR"]) > 0.001
    # and the page is not blank
    assert share("#ffffff") < 0.9
