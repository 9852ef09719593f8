"""Indicator name → (一级, 二级, confidence): char n-gram TF-IDF + a linear model.

Training data: the indicator tables whose category cells are stated
(``pipeline.taxonomy.tables``) plus the curated seed names in
``pipeline/resources/indicator_seeds.tsv``. The classifier predicts level 2;
level 1 is the level-2 category's parent (``categories.PARENT``), so the two
levels never disagree. Cross-validation groups examples by source document
(seed names in fixed pseudo-documents) so that names from one table are never
on both sides of a split.
"""

from __future__ import annotations

import json
import platform
import time
import weakref
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

from pipeline.shipped import TAXONOMY_MODEL, model_dir
from pipeline.taxonomy.categories import LEVEL2, PARENT, clean_cell, normalize_level2
from pipeline.taxonomy.tables import Example, table_examples

SEEDS = Path(__file__).resolve().parents[1] / "resources" / "indicator_seeds.tsv"
MODEL_DIR = model_dir(TAXONOMY_MODEL)  # installed package data, or models/ of a checkout
MODEL_FILE = "model.joblib"
SEED_GROUPS = 5  # seed names are split into this many pseudo-documents for CV
RANDOM_STATE = 0


def read_seeds(path: Path = SEEDS) -> list[Example]:
    out = []
    with path.open(encoding="utf-8") as fh:
        rows = [line.rstrip("\n").split("\t") for line in fh if line.strip()]
    rows = [r for r in rows if not r[0].startswith("#") and r[0] != "category_l1"]
    for i, (l1, l2, name) in enumerate(rows):
        l2n = normalize_level2(l2)
        if l2n is None:
            raise ValueError(f"{path}: unknown level-2 category {l2!r}")
        out.append(Example(name, l1, l2n, source=f"seeds{i % SEED_GROUPS}"))
    return out


def training_examples() -> list[Example]:
    """Table examples first, then seeds whose name no table already has."""
    tables = table_examples()
    seen = {normalize_name(e.name) for e in tables}
    seeds = [e for e in read_seeds() if normalize_name(e.name) not in seen]
    return tables + seeds


def normalize_name(name: str) -> str:
    """What the vectoriser sees: no whitespace, no trailing weight, NFKC-ish width."""
    cleaned, _ = clean_cell(name)
    return cleaned.translate(_FULLWIDTH)


_FULLWIDTH = {c: c - 0xFEE0 for c in range(0xFF01, 0xFF5F)}


# --- model options -------------------------------------------------------------------


def make_model(option: str = "logreg"):
    """The candidate pipelines compared by ``cross_validate``."""
    from sklearn.calibration import CalibratedClassifierCV
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline
    from sklearn.svm import LinearSVC

    def tfidf(ngrams=(1, 3)):
        return TfidfVectorizer(
            analyzer="char", ngram_range=ngrams, sublinear_tf=True, preprocessor=normalize_name
        )

    if option == "logreg_1_2":
        clf = LogisticRegression(C=30.0, class_weight="balanced", max_iter=2000)
        return make_pipeline(tfidf((1, 2)), clf)
    if option == "logreg_1_3":
        clf = LogisticRegression(C=10.0, class_weight="balanced", max_iter=2000)
        return make_pipeline(tfidf((1, 3)), clf)
    if option == "svm_calibrated":
        svm = LinearSVC(C=0.5, class_weight="balanced")
        return make_pipeline(tfidf(), CalibratedClassifierCV(svm, cv=3, method="sigmoid"))
    raise ValueError(f"unknown model option {option!r}")


OPTIONS: tuple[str, ...] = ("logreg_1_2", "logreg_1_3", "svm_calibrated")
DEFAULT_OPTION = "logreg_1_2"


@dataclass(slots=True)
class CVResult:
    option: str
    macro_f1_l2: float
    macro_f1_l1: float
    macro_f1_l2_tables: float  # held-out table rows only (seeds excluded from scoring)
    macro_f1_l1_tables: float
    accuracy_l2: float
    n: int
    n_tables: int
    folds: int


def cross_validate(
    examples: Sequence[Example], option: str = DEFAULT_OPTION, folds: int = 5
) -> CVResult:
    """StratifiedGroupKFold by source document; macro-F1 per level over the
    out-of-fold predictions (level 1 derived from level 2)."""
    from sklearn.metrics import accuracy_score, f1_score
    from sklearn.model_selection import StratifiedGroupKFold

    names = [e.name for e in examples]
    y2 = np.array([e.category_l2 for e in examples])
    y1 = np.array([e.category_l1 for e in examples])
    groups = np.array([e.source for e in examples])
    pred = np.empty_like(y2)
    splitter = StratifiedGroupKFold(n_splits=folds, shuffle=True, random_state=RANDOM_STATE)
    with _one_thread():
        for train, test in splitter.split(names, y2, groups):
            model = make_model(option)
            model.fit([names[i] for i in train], y2[train])
            pred[test] = model.predict([names[i] for i in test])
    pred1 = np.array([PARENT[p] for p in pred])
    is_table = np.array([not e.source.startswith("seeds") for e in examples])

    def f1(y, p, mask=None):
        if mask is not None:
            y, p = y[mask], p[mask]
        return float(f1_score(y, p, average="macro", labels=sorted(set(y)), zero_division=0))

    return CVResult(
        option=option,
        macro_f1_l2=f1(y2, pred),
        macro_f1_l1=f1(y1, pred1),
        macro_f1_l2_tables=f1(y2, pred, is_table),
        macro_f1_l1_tables=f1(y1, pred1, is_table),
        accuracy_l2=float(accuracy_score(y2, pred)),
        n=len(examples),
        n_tables=int(is_table.sum()),
        folds=folds,
    )


# --- train, save, load, classify -----------------------------------------------------


def train(out: Path = MODEL_DIR, option: str | None = None, folds: int = 5) -> dict:
    """Cross-validate every option, fit the best (or the given) one on all the
    data, and write model.joblib, metrics.json and README.md (the model card)."""
    import joblib
    import sklearn

    examples = training_examples()
    results = [cross_validate(examples, opt, folds) for opt in OPTIONS]
    chosen = option or max(results, key=lambda r: (r.macro_f1_l2, r.macro_f1_l1)).option
    model = make_model(chosen)
    with _one_thread():
        model.fit([e.name for e in examples], [e.category_l2 for e in examples])
    out.mkdir(parents=True, exist_ok=True)
    joblib.dump({"model": model, "option": chosen}, out / MODEL_FILE, compress=3)
    counts = {c: sum(e.category_l2 == c for e in examples) for c in LEVEL2}
    metrics = {
        "chosen": chosen,
        "cv": [
            {k: round(v, 4) if isinstance(v, float) else v for k, v in asdict(r).items()}
            for r in results
        ],
        "examples": len(examples),
        "table_examples": sum(not e.source.startswith("seeds") for e in examples),
        "per_category": counts,
        "sklearn": sklearn.__version__,
        "python": platform.python_version(),
        "trained": time.strftime("%Y-%m-%d"),
    }
    (out / "metrics.json").write_text(
        json.dumps(metrics, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
    )
    (out / "README.md").write_text(_model_card(metrics), encoding="utf-8")
    load_model.cache_clear()
    return metrics


def _one_thread():
    """BLAS thread pools oversubscribe small fits on a busy machine (seconds
    instead of milliseconds); one thread is fastest at this size."""
    from threadpoolctl import threadpool_limits

    return threadpool_limits(1)


def _model_card(m: dict) -> str:
    rows = "\n".join(
        f"| {r['option']}{' (shipped)' if r['option'] == m['chosen'] else ''} "
        f"| {r['macro_f1_l1']:.3f} | {r['macro_f1_l2']:.3f} "
        f"| {r['macro_f1_l1_tables']:.3f} | {r['macro_f1_l2_tables']:.3f} | {r['accuracy_l2']:.3f} |"
        for r in m["cv"]
    )
    cats = "\n".join(f"| {c} | {PARENT[c]} | {n} |" for c, n in m["per_category"].items())
    return f"""# Indicator taxonomy classifier

Maps an indicator name (三级指标, free text) to the national framework:
level 1 (一级: 产出 / 效益 / 满意度 指标) and level 2 (二级: 数量 / 质量 / 时效 / 成本 /
经济效益 / 社会效益 / 生态效益 / 可持续影响 / 服务对象满意度 指标), with a confidence
(the level-2 class probability). Level 1 is the parent of the predicted level 2.

- **Model**: character n-gram TF-IDF + a linear classifier (scikit-learn), `{m["chosen"]}`.
- **File**: `model.joblib` (a pickle: load only files you trust, with the same
  scikit-learn minor version, here {m["sklearn"]}).
- **Train**: `perf-facts taxonomy train` (writes this folder; seconds).
- **Predict**: `perf-facts taxonomy predict 资金拨付及时率 受益群众满意度`, or in Python
  `from pipeline.taxonomy import classify`.

## Data ({m["examples"]} names)

- {m["table_examples"]} indicator names whose category the tables state: the authored
  indicator tables (`annotations/authored/`, training-only synthetic reports) and report 001's
  indicator table, read by `pipeline/taxonomy/tables.py` (INDICATOR spans in the
  三级指标 column, labelled with the 一级/二级 cells above them).
- The rest from the curated seed list `pipeline/resources/indicator_seeds.tsv`
  (names written for this project, about 18 per level-2 category).

| level 2 | level 1 | names |
|---|---|---|
{cats}

## Cross-validated scores

StratifiedGroupKFold, {m["cv"][0]["folds"]} folds, grouped by source document (each table is
one group; the seed names are split into 5 pseudo-documents), out-of-fold macro-F1 over the
categories present. "tables only" scores just the held-out table rows. The shipped option is
the best macro-F1 L2 on this same CV, so its row is slightly optimistic.

| option | macro-F1 L1 | macro-F1 L2 | L1 tables only | L2 tables only | accuracy L2 |
|---|---|---|---|---|---|
{rows}

## Limits

- Small data: {m["examples"]} names, some categories (经济效益, 生态效益, 可持续影响) mostly from
  seeds; the tables-only scores are the closer estimate for real reports.
- Real tables sometimes file a name under a category its wording does not suggest
  (report 001 lists 参学率 under 数量指标); the model follows the wording.
- Names from running text (not table rows) are classified too; their confidence is lower
  and the category is a guess at which column the name would sit in.
- 成本指标 is level 2 under 产出指标, as in the corpus tables; 经济/社会/生态环境成本 map to it.
"""


def _heading(name: str) -> tuple[str, str, float] | None:
    cleaned = normalize_name(name)
    if not cleaned.endswith("指标"):
        return None
    if cleaned in ("产出指标", "效益指标"):
        return (cleaned, "", 1.0)
    if cleaned == "满意度指标":
        return ("满意度指标", "服务对象满意度指标", 1.0)
    l2 = normalize_level2(cleaned)
    return (PARENT[l2], l2, 1.0) if l2 is not None else None


@lru_cache(maxsize=4)
def load_model(path: str | None = None):
    """The fitted pipeline (cached). ``path`` None: the shipped model."""
    import joblib

    file = Path(path) if path else MODEL_DIR / MODEL_FILE
    if file.is_dir():
        file = file / MODEL_FILE
    if not file.exists():
        raise FileNotFoundError(f"no taxonomy model at {file}; run `perf-facts taxonomy train`")
    return joblib.load(file)["model"]


def classify(
    names: Sequence[str], model_path: str | Path | None = None
) -> list[tuple[str, str, float]]:
    """(category_l1, category_l2, confidence) for each indicator name.

    A name that is itself a category heading gets that category with confidence
    1.0: 数量指标 → (产出指标, 数量指标, 1.0); a level-1 heading such as
    效益指标（30分） has no level 2: (效益指标, "", 1.0). Empty names get ("", "", 0.0).
    """
    names = list(names)
    if not names:
        return []
    out: list[tuple[str, str, float] | None] = [None] * len(names)
    todo: list[int] = []
    for i, name in enumerate(names):
        if not name or not normalize_name(name):
            out[i] = ("", "", 0.0)
            continue
        heading = _heading(name)
        if heading is not None:
            out[i] = heading
        else:
            todo.append(i)
    if todo:
        model = load_model(str(model_path) if model_path else None)
        known = _known_names(model)
        new = list(dict.fromkeys(names[i] for i in todo if names[i] not in known))
        if new:
            proba = model.predict_proba(new)
            classes = model.classes_
            if len(known) + len(new) > NAME_CACHE_SIZE:
                known.clear()
            for name, row in zip(new, proba, strict=True):
                k = int(np.argmax(row))
                l2 = str(classes[k])
                known[name] = (PARENT[l2], l2, round(float(row[k]), 4))
        for i in todo:
            out[i] = known[names[i]]
    return out  # type: ignore[return-value]


# Predictions kept per loaded model, by name. A report names the same indicator
# for several facts and reports share most indicator names, while every
# predict_proba call costs about a millisecond of scikit-learn overhead however
# few names it gets. A name's row depends on that name alone (TF-IDF and the
# linear model work row by row), so a kept prediction is the one a new call
# would make.
NAME_CACHE_SIZE = 100_000
_NAMES: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def _known_names(model) -> dict[str, tuple[str, str, float]]:
    known = _NAMES.get(model)
    if known is None:
        known = _NAMES[model] = {}
    return known
