"""Format parity: does a report give the same facts as .docx, .html, .xlsx, .pdf
and as a scanned PDF as it gives as .txt?

Each document (the four sample reports, the authored texts with tables, and the
authored prose texts with a synthetic funds table and indicator table added) is
rendered with its tables as real tables (benchmarks/format_render.py), read back
with ``pipeline.ingest.read_document`` and run through the rule pipeline. A
document's share is the fraction of its .txt facts, keyed by (indicator, role,
normalised value) and counted as a multiset, that the other format also gives.

    PYTHONPATH=. .venv/bin/python benchmarks/format_parity.py [--formats docx,html,xlsx,pdf,ocr]
        [--ocr-docs 4] [--limit N] [--authored all|first] [--show-missing] [--json]
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
import tempfile
from collections import Counter
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from format_render import FORMATS, MissingTool, render

from pipeline.facts import process_document
from pipeline.ingest import IngestError, read_document, read_text_document
from pipeline.schema import FactRow

SAMPLES = ROOT / "corpus" / "sample"
AUTHORED = ROOT / "annotations" / "authored" / "texts"

FactKey = tuple[str, str, float | None]


@dataclass(slots=True)
class Source:
    name: str
    text: str


def _synthetic_tables(name: str) -> str:
    """A funds table and an indicator table (tab rows, merged category cells
    left empty) with numbers drawn from a generator seeded by ``name``."""
    rng = random.Random(name)
    basic = round(rng.uniform(50, 400), 2)
    project = round(rng.uniform(100, 900), 2)
    spent_b = round(basic * rng.uniform(0.9, 1.0), 2)
    spent_p = round(project * rng.uniform(0.8, 1.0), 2)
    n = rng.randint(20, 90)
    rate = rng.randint(86, 99)
    rows = [
        "单位：万元",
        "项目\t年初预算数\t全年预算数\t决算数",
        f"基本支出\t{basic}\t{basic}\t{spent_b}",
        f"项目支出\t{project}\t{project}\t{spent_p}",
        f"合计\t{basic + project:.2f}\t{basic + project:.2f}\t{spent_b + spent_p:.2f}",
        "",
        "一级指标\t二级指标\t三级指标\t年度指标值\t实际完成值\t分值\t得分",
        f"产出指标\t数量指标\t完成服务对象数\t≥{n}个\t{n + rng.randint(0, 9)}个\t20\t20",
        f"\t质量指标\t验收合格率\t≥{rate}%\t{rate + 1}%\t20\t19",
        "\t时效指标\t按期完成率\t100%\t100%\t10\t10",
        f"效益指标\t社会效益指标\t服务覆盖人数\t≥{n * 100}人\t{n * 100 + 35}人\t30\t28",
        "满意度指标\t服务对象满意度指标\t服务对象满意度\t≥90%\t95%\t10\t10",
    ]
    return "\n".join(rows) + "\n"


# The authored reports: all of them (au_*, aa_*, ab_*: every layout of the corpus
# issue, the test's set) or the first set (au_*) alone, a quicker run.
AUTHORED_SETS = {"all": "*.txt", "first": "au_*.txt"}


def sources(limit: int | None = None, authored: str = "all") -> list[Source]:
    out = [Source(p.stem, p.read_text(encoding="utf-8")) for p in sorted(SAMPLES.glob("*.txt"))]
    for p in sorted(AUTHORED.glob(AUTHORED_SETS[authored])):
        text = p.read_text(encoding="utf-8")
        if re.search(r"_t\d", p.stem):
            out.append(Source(p.stem, text))
        else:  # prose only: add tables, so every authored text has some
            out.append(
                Source(f"{p.stem}_syn", text.rstrip("\n") + "\n" + _synthetic_tables(p.stem))
            )
    return out[:limit] if limit else out


def fact_keys(facts: Iterable[FactRow]) -> Counter[FactKey]:
    return Counter(
        (
            re.sub(r"\s+", "", f.indicator or ""),
            f.role,
            round(f.normalized_value, 4) if f.normalized_value is not None else None,
        )
        for f in facts
    )


def share(reference: Counter[FactKey], other: Counter[FactKey]) -> float:
    total = sum(reference.values())
    return 1.0 if total == 0 else sum((reference & other).values()) / total


@dataclass(slots=True)
class Outcome:
    name: str
    fmt: str
    share: float | None  # None: the format could not be produced or read
    n_txt: int
    n_fmt: int
    missing: list[FactKey]
    error: str | None = None


def reference_keys(nlp, source: Source) -> Counter[FactKey]:
    """The facts of the document as .txt."""
    return fact_keys(process_document(nlp, read_text_document(source.text, source.name)).facts)


def compare(
    nlp, source: Source, fmt: str, workdir: Path, reference: Counter[FactKey] | None = None
) -> Outcome:
    if reference is None:
        reference = reference_keys(nlp, source)
    try:
        path = render(source.text, fmt, workdir / source.name, title=source.name)
        document = read_document(path)
    except (MissingTool, IngestError) as exc:
        return Outcome(source.name, fmt, None, sum(reference.values()), 0, [], str(exc))
    got = fact_keys(process_document(nlp, document).facts)
    missing = sorted((reference - got).elements(), key=str)
    return Outcome(
        source.name,
        fmt,
        share(reference, got),
        sum(reference.values()),
        sum(got.values()),
        missing,
    )


def run(nlp, docs: list[Source], formats: list[str], ocr_docs: set[str]) -> list[Outcome]:
    """Every document in every format (OCR only for ``ocr_docs``)."""
    references = {s.name: reference_keys(nlp, s) for s in docs}
    outcomes: list[Outcome] = []
    with tempfile.TemporaryDirectory() as tmp:
        for fmt in formats:
            for source in docs:
                if fmt == "ocr" and source.name not in ocr_docs:
                    continue
                outcomes.append(compare(nlp, source, fmt, Path(tmp), references[source.name]))
    return outcomes


def mean_share(outcomes: list[Outcome], fmt: str) -> float | None:
    shares = [o.share for o in outcomes if o.fmt == fmt and o.share is not None]
    return sum(shares) / len(shares) if shares else None


def table(outcomes: list[Outcome], formats: list[str]) -> str:
    lines = ["| format | documents | mean share | min share | min document | errors |"]
    lines.append("|---|---:|---:|---:|---|---:|")
    for fmt in formats:
        rows = [o for o in outcomes if o.fmt == fmt]
        ok = [o for o in rows if o.share is not None]
        errors = len(rows) - len(ok)
        if not ok:
            lines.append(f"| {fmt} | {len(rows)} | - | - | - | {errors} |")
            continue
        worst = min(ok, key=lambda o: o.share or 0)
        mean = mean_share(ok, fmt) or 0.0
        lines.append(
            f"| {fmt} | {len(ok)} | {mean:.1%} | {worst.share:.1%} | {worst.name} | {errors} |"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    from pipeline.loading import load_pipeline

    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--formats", default=",".join(FORMATS))
    ap.add_argument("--limit", type=int, default=None, help="first N documents only")
    ap.add_argument(
        "--authored",
        choices=sorted(AUTHORED_SETS),
        default="all",
        help="authored documents: all (au_*, aa_*, ab_*; the test's) or the first set (au_*)",
    )
    ap.add_argument(
        "--ocr-docs", type=int, default=4, help="OCR only the N shortest documents (it is slow)"
    )
    ap.add_argument("--show-missing", action="store_true")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args(argv)
    formats = [f for f in args.formats.split(",") if f]
    bad = [f for f in formats if f not in FORMATS]
    if bad:
        ap.error(f"unknown format(s): {', '.join(bad)}")
    nlp = load_pipeline("rules")
    docs = sources(args.limit, args.authored)
    ocr_docs = {s.name for s in sorted(docs, key=lambda s: len(s.text))[: args.ocr_docs]}
    outcomes = run(nlp, docs, formats, ocr_docs)
    if args.json:
        print(
            json.dumps(
                [asdict(o) | {"missing": o.missing[:20]} for o in outcomes],
                ensure_ascii=False,
                default=str,
            )
        )
        return 0
    print(f"{len(docs)} documents; OCR on the {len(ocr_docs)} shortest\n")
    print(table(outcomes, formats))
    for o in outcomes:
        if o.error:
            print(f"  {o.fmt} {o.name}: {o.error}")
        elif args.show_missing and o.missing:
            print(
                f"  {o.fmt} {o.name} {o.share:.1%} ({o.n_txt} txt, {o.n_fmt} {o.fmt}) missing: {o.missing[:8]}"
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
