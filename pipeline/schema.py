"""The output records, defined once: dataclasses for code and the matching
pyarrow schemas for Parquet/DuckDB. docs/schema.md documents every field.

Offsets are Unicode code points into the document text (for .txt, the decoded
file verbatim), end exclusive.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields

import pyarrow as pa


@dataclass(slots=True)
class DocumentRow:
    doc_id: str  # stable id: file stem + content hash
    file: str  # path as given on the command line
    content_hash: str  # sha256 of the file bytes; resume and de-duplication key
    format: str  # txt, docx, pdf, html, xlsx, xls
    chars: int
    department: str | None = None  # 单位名称 / 部门名称 / from the title
    year: int | None = None  # fiscal year reported on
    report_type: str | None = None  # "部门整体" or "项目"
    budget_initial: float | None = None  # 年初预算, 元
    budget_adjusted: float | None = None  # 全年预算 / 调整预算, 元
    spending: float | None = None  # 决算数 / 执行数, 元
    carryover: float | None = None  # 结转结余, 元
    execution_rate: float | None = None  # stated 资金执行率, percent (e.g. 100.0)
    self_score: float | None = None  # self-evaluation total score, points
    grade: str | None = None  # 优秀, 优, 良, 中, 差
    n_facts: int = 0
    n_flags: int = 0
    ocr_pages: str | None = None  # pages read by OCR ("1,2,3"), for scanned PDFs
    ocr_confidence: float | None = None  # Tesseract's mean word confidence on them, 0-100


@dataclass(frozen=True, slots=True)
class FactRow:
    doc_id: str
    fact_id: str  # doc_id + "#f" + running number, stable for the same input and model
    source: str  # "text" (running text) or "table" (an indicator/budget table row)
    quantity_label: str  # MONEY, COUNT, PERCENT
    role: str  # value, target, weight, score
    text: str  # the quantity span as written
    start: int
    end: int
    value: float | None  # the number as written (169.57 for "169.57 万元")
    unit: str | None  # the unit as written (万元)
    normalized_value: float | None  # in base units (1695700.0)
    base_unit: str | None  # 元, the measure word, or %
    qualifier: str | None  # >=, <=, >, <, approx, or None
    indicator: str | None = None  # the INDICATOR text this quantity measures
    indicator_start: int | None = None
    indicator_end: int | None = None
    category_path: str | None = None  # 产出指标 › 数量指标, where a table states it
    category: str | None = None  # predicted level-2 category (indicator taxonomy)
    category_confidence: float | None = None
    sentence: str | None = None  # the evidence sentence (or table row); ≤ 200 chars in output
    sentence_start: int | None = None  # offsets of ``sentence`` in the text (None: a table row)
    sentence_end: int | None = None
    page: int | None = None  # 1-based, where the format has pages
    table: int | None = None  # table index within the document, for table facts
    row: int | None = None  # row index within the table
    column: str | None = None  # the table column header the quantity sits under (年初预算数)
    sheet: str | None = None  # spreadsheet sheet name, for .xlsx/.xls
    cell: str | None = None  # A1 reference of the spreadsheet cell holding the quantity


@dataclass(frozen=True, slots=True)
class EntityRow:
    doc_id: str
    label: str  # MONEY, COUNT, PERCENT, INDICATOR, ACHIEVEMENT
    text: str
    start: int
    end: int
    paragraph: int
    page: int | None = None


@dataclass(slots=True)
class FlagRow:
    doc_id: str
    check: str  # parts_vs_total, rate_mismatch, score_over_weight, score_total, conflicting_figure, summary_sources_disagree
    message: str  # human-readable, with the arithmetic
    expected: float | None  # what the arithmetic gives
    actual: float | None  # what the report states
    difference: float | None
    evidence: str  # JSON list of {"text", "start", "end"} the check used


@dataclass(frozen=True, slots=True)
class DocumentResult:
    """What the fact assembler returns for one document: its rows of each table."""

    document: DocumentRow
    entities: list[EntityRow] = field(default_factory=list)
    facts: list[FactRow] = field(default_factory=list)
    flags: list[FlagRow] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class IndicatorRow:
    """One indicator row: what a report says about one indicator, target against
    actual, read from its facts (``pipeline.facts.indicators``)."""

    doc_id: str
    indicator_id: str  # doc_id + "#i" + running number in reading order
    indicator: str  # the indicator's name as written
    source: str  # "table" (an indicator or funds table row) or "text" (running text)
    indicator_start: int | None  # offsets of the name in the text
    indicator_end: int | None
    category_path: str | None  # 一级 › 二级 where a table states it
    category: str | None  # predicted level-2 category (indicator taxonomy)
    target: float | None  # 年度指标值, in base units
    target_unit: str | None  # base unit of the target (元, %, 人, 分…)
    target_qualifier: str | None  # >=, <=, >, <, approx
    target_text: str | None  # the target as written
    actual: float | None  # 实际完成值, in base units
    actual_unit: str | None
    actual_qualifier: str | None
    actual_text: str | None
    weight: float | None  # 分值, points
    score: float | None  # 得分, points
    met: bool | None  # actual reaches target (by the target's qualifier); None: not comparable
    evidence: str | None  # the sentence, or the table row as "cell | cell | …"
    evidence_start: int | None  # offsets of a sentence (None for a table row)
    evidence_end: int | None
    page: int | None  # 1-based page, where the format has pages
    table: int | None  # table index, for table rows
    row: int | None  # row index within the table
    fact_ids: str  # the facts this row reads, comma-separated (facts.fact_id)


@dataclass(slots=True)
class ErrorRow:
    file: str
    doc_id: str | None
    stage: str  # read, tag, assemble, write
    error_type: str
    message: str


@dataclass(slots=True)
class RunRow:
    """One run of ``extract --out`` into an output folder: what produced its rows."""

    run_id: str  # also in the names of the part files the run wrote
    status: str  # running (or killed), completed, interrupted
    started: str  # ISO 8601, UTC
    ended: str | None
    perf_facts_version: str
    model: str  # the pipeline's name (perf_facts_zh), or "rules"
    model_version: str | None
    model_hash: str | None  # sha256 over the model folder's files (rules: their data files)
    model_path: str | None
    cues: str  # the cue policy the facts were composed with
    tagger: str  # where the trained tagger ran: gaps, all
    max_chars: int = 0
    timeout_s: float = 0.0
    format: str = "parquet"  # parquet, jsonl, csv, xlsx
    backend: str = "local"  # local, dask
    workers: int = 0
    inputs: int = 0  # distinct input documents found (by content)
    inputs_hash: str = ""  # sha256 over their sorted content hashes
    to_process: int = 0
    duplicates: int = 0
    already_done: int = 0
    ok: int = 0
    failed: int = 0
    facts: int = 0
    entities: int = 0
    flags: int = 0
    chars: int = 0


_ARROW_TYPES = {
    "str": pa.string(),
    "str | None": pa.string(),
    "int": pa.int64(),
    "int | None": pa.int64(),
    "float": pa.float64(),
    "float | None": pa.float64(),
    "bool | None": pa.bool_(),
}


def arrow_schema(row_type: type) -> pa.Schema:
    """The pyarrow schema of a row dataclass; nullability follows the type hints."""
    return pa.schema(
        [
            pa.field(f.name, _ARROW_TYPES[str(f.type)], nullable="None" in str(f.type))
            for f in fields(row_type)
        ]
    )


# The tables of the documents, written part by part (batch output).
TABLES: dict[str, type] = {
    "documents": DocumentRow,
    "facts": FactRow,
    "indicators": IndicatorRow,
    "entities": EntityRow,
    "flags": FlagRow,
    "errors": ErrorRow,
}
# The table of runs: one row per run into an output folder, written by the run.
RUNS_TABLE = "runs"
OUTPUT_TABLES: dict[str, type] = {**TABLES, RUNS_TABLE: RunRow}
SCHEMAS: dict[str, pa.Schema] = {name: arrow_schema(t) for name, t in OUTPUT_TABLES.items()}
