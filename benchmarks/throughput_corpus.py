"""A benchmark corpus in which no paragraph text repeats (issue 13).

The throughput benchmark once repeated four sample reports, so the tokenizer's
cache of segmented chunks answered most of the text from memory and the figure
read high (172k chars/s, against 72–96k with the cache off). This module builds
documents that are new combinations instead, deterministically from a seed:

* the sources are the TRAIN-split documents (annotations/splits.json) of
  annotations/authored/texts and annotations/synthetic/texts — never a dev or
  unseen-test (ut_*) document;
* a document is a title, the running-text units of three or four source
  documents shuffled together, and (seven times in ten) one table form of a
  further source document, kept whole so its rows and cells stay aligned;
* every line is varied: place names (one invented place a document), years
  (shifted), amounts and counts (scaled by one factor per source document, so
  ratios such as 执行率 still hold), and light rewording from ``REWORDING``;
* a line whose text already occurred anywhere in the corpus is varied again
  (other numbers, percentages, an added clause, a place prefix) and dropped
  if it still repeats.

Only *form cells* may repeat: a paragraph whose every cell (split at tabs,
pipes, commas and spaces) has at most ``SHORT_CELL`` characters — column
labels (分值, 得分), scores (5分), 是/否, 100%, section headings. Every report
of a kind repeats those, so a real corpus does too; ``paragraph_stats`` counts
the characters they hold, and every other paragraph occurs once.

    from throughput_corpus import write_corpus, paragraph_stats
    paths, dropped = write_corpus(folder, 300)
    stats = paragraph_stats(paths)
"""

from __future__ import annotations

import json
import random
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SOURCE_FOLDERS = (
    ROOT / "annotations" / "authored" / "texts",
    ROOT / "annotations" / "synthetic" / "texts",
)
SPLITS = ROOT / "annotations" / "splits.json"

# A paragraph may repeat only when every cell of it is at most this long (form labels).
SHORT_CELL = 12
# A source document whose lines are mostly cells is a table form, used whole.
FORM_SHARE = 0.5
FORM_CHANCE = 0.7  # share of generated documents with a table form
MAX_ATTEMPTS = 12  # variations tried before a repeating line is dropped

# Light rewording, our own word pairs: either word may replace the other. None
# touches an indicator or cue word the extraction keys on (完成, 预算, 指标, 整改…).
REWORDING = (
    ("进一步", "持续"),
    ("加强", "强化"),
    ("提升", "提高"),
    ("确保", "保证"),
    ("推动", "推进"),
    ("有序推进", "稳步推进"),
    ("明显", "显著"),
    ("顺利", "如期"),
    ("偏高", "过高"),
    ("滞后", "迟缓"),
    ("较晚", "偏晚"),
    ("工作机制", "工作制度"),
    ("各项", "各类"),
    ("影响", "制约"),
    ("科学设定", "合理设定"),
    ("服务水平", "服务质量"),
    ("事务所", "事务中心"),
    ("服务站", "服务中心"),
    ("项目办", "项目办公室"),
    ("落地见效", "落到实处"),
    ("反映良好", "评价较好"),
    ("发挥效益", "取得实效"),
    ("已督促", "已责成"),
)
# Clauses of our own, added to a line that still repeats after other variation.
ADDED_CLAUSES = (
    "，总体进展平稳",
    "，下一步将跟踪落实",
    "，情况已说明",
    "，已纳入年度考核",
    "，后续持续改进",
    "，详见附件说明",
    "，相关资料已归档",
    "，已报主管部门备案",
)
# Invented place names: a first and a second syllable and a kind.
PLACE_FIRST = "青白云松溪岚枫桐柳梅兰竹荷杉槐杏橙桃麦禾"
PLACE_SECOND = "川山河湖泉岭江原平宁丰阳林谷坪桥湾滨安源"
PLACE_KINDS = "县市区"

_CELL_SPLIT = re.compile(r"[\t|,]|\s+")
_HEADING_OR_CELL = re.compile(r"[\t|]")
# A place name at the start of a cell, followed by the institution it names.
_TITLE_PLACE = re.compile(r"^(?:关于)?([\u4e00-\u9fff]{2,3}?[县市区镇乡州])")
_PLACE = re.compile(
    _TITLE_PLACE.pattern
    + r"(?=[\u4e00-\u9fff]{0,12}?(?:人民政府|政府|局|委员会|委|医院|联合会|中心|所|办|站|系统|\d|“))"
)
_NOT_IN_PLACE = set(
    "根据一是全项目由每万户我局为本表完成建推动各下以其力另已并抽新涉设两带县市区镇乡州"
)
# A number; a fraction part that is a year ("1.2020年度": list number 1, then a year) is not one.
_NUMBER = re.compile(
    r"(?<![0-9.,])(?:[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)(?:\.(?!(?:19|20)[0-9]{2}年)[0-9]+)?"
)
_YEAR_AFTER = tuple("年—-〕）)")


def cells(line: str) -> list[str]:
    return [c for c in _CELL_SPLIT.split(line.strip()) if c]


def may_repeat(line: str) -> bool:
    """A form cell: every cell of the paragraph is at most SHORT_CELL characters."""
    return all(len(c) <= SHORT_CELL for c in cells(line))


def train_documents() -> list[str]:
    """The TRAIN-split document names; never an unseen-test (ut_*) one."""
    names = json.loads(SPLITS.read_text(encoding="utf-8"))["train"]
    return [n for n in names if not n.startswith("ut_")]


@dataclass(frozen=True, slots=True)
class Source:
    index: int
    name: str
    title: str | None  # running-text documents only
    units: tuple[tuple[str, ...], ...]  # running-text units: a line, or a run of cells
    form: tuple[str, ...] | None  # table documents: every line, blank lines included


def _is_cellish(line: str) -> bool:
    return may_repeat(line) or bool(_HEADING_OR_CELL.search(line))


def _running_units(lines: list[str]) -> tuple[tuple[str, ...], ...]:
    """One unit a paragraph; runs of two or more cell-like lines stay together."""
    units: list[tuple[str, ...]] = []
    run: list[str] = []
    for line in lines:
        if _is_cellish(line):
            run.append(line)
            continue
        if run:
            units.extend([tuple(run)] if len(run) > 1 else [(r,) for r in run])
            run = []
        units.append((line,))
    if run:
        units.extend([tuple(run)] if len(run) > 1 else [(r,) for r in run])
    return tuple(units)


def load_sources() -> list[Source]:
    wanted = set(train_documents())
    sources: list[Source] = []
    for folder in SOURCE_FOLDERS:
        for path in sorted(folder.glob("*.txt")):
            if path.stem not in wanted:
                continue
            raw = path.read_text(encoding="utf-8").splitlines()
            lines = [line for line in raw if line.strip()]
            share = sum(map(_is_cellish, lines)) / len(lines)
            i = len(sources)
            if share >= FORM_SHARE:
                sources.append(Source(i, path.stem, None, (), tuple(raw)))
            else:
                sources.append(
                    Source(i, path.stem, lines[0].strip(), _running_units(lines[1:]), None)
                )
    return sources


def place_names(sources: list[Source]) -> list[str]:
    """The place names the sources use (at the start of a cell, before an
    institution or a year), longest first."""
    found: set[str] = set()
    for src in sources:
        lines = [src.title or "", *(x for u in src.units for x in u), *(src.form or ())]
        starts = [(_PLACE, cell.lstrip("#")) for line in lines for cell in cells(line)]
        if src.title:  # a title may start with its place, whatever follows
            starts.append((_TITLE_PLACE, src.title))
        for pattern, text in starts:
            m = pattern.match(text)
            if m and not (_NOT_IN_PLACE & set(m.group(1)[:-1])):
                found.add(m.group(1))
    return sorted(found, key=lambda s: (-len(s), s))


def _pattern(words: list[str]) -> re.Pattern[str]:
    return re.compile("|".join(map(re.escape, sorted(words, key=lambda s: (-len(s), s)))))


_PARTNER = {a: b for a, b in REWORDING} | {b: a for a, b in REWORDING}
assert len(_PARTNER) == 2 * len(REWORDING), "a word in two REWORDING pairs"
_REWORD = _pattern(list(_PARTNER))


def _new_place(rng: random.Random) -> str:
    return rng.choice(PLACE_FIRST) + rng.choice(PLACE_SECOND) + rng.choice(PLACE_KINDS)


def _new_factor(rng: random.Random) -> float:
    """A scale for amounts and counts, never close to 1."""
    return rng.uniform(0.55, 0.9) if rng.random() < 0.5 else rng.uniform(1.1, 1.9)


@dataclass(slots=True)
class Variation:
    """What one generated document varies: its place, its year shift and a
    scale factor per source document (ratios within a source still hold)."""

    rng: random.Random
    place: str
    year_shift: int
    factors: dict[int, float] = field(default_factory=dict)

    def factor(self, source: int) -> float:
        if source not in self.factors:
            self.factors[source] = _new_factor(self.rng)
        return self.factors[source]


def _format(value: float, decimals: int, commas: bool) -> str:
    if decimals == 0:
        n = max(1, round(value))
        return f"{n:,}" if commas else str(n)
    return f"{value:,.{decimals}f}" if commas else f"{value:.{decimals}f}"


def _vary_number(m: re.Match[str], factor: float, var: Variation, attempt: int) -> str:
    """A year shifted; a percentage or points kept (nudged on a retry); an
    amount or count scaled; zeros and small integers (list numbers, scores) kept."""
    s = m[0]
    digits = s.replace(",", "")
    after = m.string[m.end() : m.end() + 1]
    before = m.string[m.start() - 1 : m.start()]
    if len(digits) == 4 and digits[:2] in ("19", "20") and (after in _YEAR_AFTER or before == "〔"):
        return str(int(digits) + var.year_shift)
    value = float(digits)
    decimals = len(digits.partition(".")[2])
    unit = m.string[m.end() : m.end() + 4].lstrip(" ")[:1]
    if unit and unit in "%％分":
        if attempt == 0 or value == 0:
            return s
        nudged = value + var.rng.uniform(-3.0, 3.0)
        nudged = min(max(nudged, 0.1), 100.0) if value <= 100 else nudged
        return _format(nudged, max(decimals, 1) if attempt >= 3 else decimals, False)
    if value == 0 or (decimals == 0 and value <= 10):
        return s
    return _format(value * factor, decimals, "," in s)


def _add_clause(text: str, rng: random.Random) -> str:
    core = text.rstrip()
    trail = text[len(core) :]
    clause = rng.choice(ADDED_CLAUSES)
    if core[-1:] in ("。", "；"):
        return core[:-1] + clause + core[-1] + trail
    return core + clause + trail


def vary_line(line: str, source: int, var: Variation, places: re.Pattern[str], attempt: int) -> str:
    """``line`` with its place names, years, numbers and some words varied;
    later attempts vary more (other numbers, an added clause, a place prefix)."""
    rng = var.rng
    text = places.sub(var.place, line)
    factor = var.factor(source) if attempt == 0 else _new_factor(rng)
    text = _NUMBER.sub(lambda m: _vary_number(m, factor, var, attempt), text)
    text = _REWORD.sub(lambda m: _PARTNER[m[0]] if rng.random() < 0.5 else m[0], text)
    if attempt >= 3:
        text = _add_clause(text, rng)
    if attempt >= 6:
        lead = text[: len(text) - len(text.lstrip())]
        text = lead + _new_place(rng) + text.lstrip()
    return text


@dataclass
class CorpusGenerator:
    """Documents 0, 1, 2, … for ``seed``, each line new to the corpus (or a form
    cell). Deterministic: the same seed gives the same documents in the same
    order, so the first N of a 2N corpus are the N-document corpus."""

    seed: int = 0
    sources: list[Source] = field(default_factory=load_sources)
    seen: set[str] = field(default_factory=set)
    dropped: int = 0  # lines left out because every variation repeated

    def __post_init__(self) -> None:
        self.places = _pattern(place_names(self.sources))
        self.running = [s for s in self.sources if s.units]
        self.forms = [s for s in self.sources if s.form]

    def documents(self) -> Iterator[str]:
        i = 0
        while True:
            yield self.document(i)
            i += 1

    def document(self, i: int) -> str:
        rng = random.Random(f"{self.seed}:{i}")
        var = Variation(rng, _new_place(rng), rng.randint(-4, 1))
        chosen = rng.sample(self.running, rng.randint(3, 4))
        units: list[tuple[int, tuple[str, ...]]] = [(s.index, u) for s in chosen for u in s.units]
        rng.shuffle(units)
        if rng.random() < FORM_CHANCE:
            form = rng.choice(self.forms)
            units.insert(rng.randint(0, len(units)), (form.index, form.form or ()))
        lines = [self.unique(chosen[0].title or "", chosen[0].index, var)]
        for index, unit in units:
            lines.extend(self.unique(line, index, var) for line in unit)
        return "\n".join(x for x in lines if x is not None) + "\n"

    def unique(self, line: str, source: int, var: Variation) -> str | None:
        """A variation of ``line`` not yet in the corpus; None (dropped) if none is found."""
        if not line.strip():
            return line  # the empty cells of a one-cell-a-line table
        for attempt in range(MAX_ATTEMPTS):
            text = vary_line(line, source, var, self.places, attempt)
            key = text.strip()
            if may_repeat(key):
                return text
            if key not in self.seen:
                self.seen.add(key)
                return text
        self.dropped += 1
        return None


def corpus_path(folder: Path, i: int) -> Path:
    return folder / f"{i // 1000:03d}" / f"r{i:06d}.txt"


def write_corpus(folder: Path, n: int, seed: int = 0) -> tuple[list[Path], int]:
    """Write documents 0 … n-1 of ``seed``'s corpus under ``folder``; returns
    their paths and the number of lines dropped as repeats."""
    gen = CorpusGenerator(seed)
    paths: list[Path] = []
    for i, text in zip(range(n), gen.documents(), strict=False):
        path = corpus_path(folder, i)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths, gen.dropped


def paragraph_stats(paths: list[Path]) -> dict:
    """Paragraph counts of the corpus at ``paths``: how many are distinct, and
    the repeats — form cells (allowed) and others (``repeated``: must be 0)."""
    from pipeline.ingest.paragraphs import split_paragraphs

    counts: Counter[str] = Counter()
    for path in paths:
        counts.update(p.text for p in split_paragraphs(path.read_text(encoding="utf-8")))
    total = sum(counts.values())
    chars = sum(len(t) * n for t, n in counts.items())
    repeat_chars = sum(len(t) * (n - 1) for t, n in counts.items())
    repeated = sorted(t for t, n in counts.items() if n > 1 and not may_repeat(t))
    return {
        "paragraphs": total,
        "distinct": len(counts),
        "distinct_ratio": len(counts) / total if total else 1.0,
        "chars": chars,
        "repeated_form_cell_chars": repeat_chars,
        "repeated_form_cell_char_share": repeat_chars / chars if chars else 0.0,
        "repeated": repeated,
    }
