"""Gold JSONL → DocBin → ``spacy train`` → the assembled perf-facts pipeline.

The shipped composition is the *hybrid*: the trained NER predicts INDICATOR and
ACHIEVEMENT (it is trained on those two labels only) and the rule component
``perf_facts_quantities`` adds MONEY/COUNT/PERCENT after it with
``overwrite_ents=True``: a rule quantity replaces an NER span it overlaps. The
guide forbids overlapping spans and the NER has no quantity labels, so such an
NER span has swallowed a number and is wrong; leave-one-document-out, keeping
it instead (``overwrite_ents=False``) loses 3 of 153 COUNTs and gains nothing. Leave-one-document-out scores for this and the other
compositions: ``benchmarks/loo_eval.py`` and ``models/README.md``.

Reproducibility: the seed goes to ``system.seed`` (spaCy's ``fix_random_seed``
at initialisation and training); training stops at a fixed ``max_steps`` and
the pipeline shipped is ``model-last`` (never a model picked on a dev score), so
the same data, config, seed and step count give the same weights on one
machine. The dev corpus spaCy requires is a slice of the *training* records,
used for the progress log only.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import spacy
from spacy.language import Language

from pipeline.annotations.records import Record
from pipeline.resources.vocabulary import LABELS, NAME_LABELS
from pipeline.shipped import PIPELINE_MODEL, PIPELINE_VERSION

ROOT = Path(__file__).resolve().parents[2]
DEFAULT_CONFIG = ROOT / "configs" / "ner.cfg"
DEFAULT_OUTPUT = ROOT / "models" / "perf_facts_zh"
GOLD_DIR = ROOT / "annotations" / "gold"
AUTHORED = ROOT / "annotations" / "authored" / "authored.jsonl"
HYBRID_LABELS: tuple[str, ...] = NAME_LABELS  # INDICATOR, ACHIEVEMENT
MODEL_NAME = PIPELINE_MODEL
MODEL_VERSION = PIPELINE_VERSION


@dataclass(slots=True)
class TrainResult:
    ner_dir: Path  # spaCy's model-last
    train_records: int
    dev_records: int
    misaligned: int  # gold spans that do not align to tokens (dropped from training)
    labels: tuple[str, ...]


def filter_labels(records: Sequence[Record], labels: Sequence[str]) -> list[Record]:
    """Copies of ``records`` keeping only spans with ``labels`` (relations dropped)."""
    keep = set(labels)
    return [
        Record(r.id, r.text, r.meta, [s for s in r.spans if s.label in keep], [], dict(r.extra))
        for r in records
    ]


def tokenizer_settings(config_path: str | Path) -> dict:
    """The ``[nlp.tokenizer]`` block of a training config, for the DocBin conversion
    (the gold must be tokenized exactly as the trained pipeline tokenizes)."""
    from spacy.util import load_config

    cfg = load_config(Path(config_path), interpolate=False)
    tok = dict(cfg["nlp"]["tokenizer"])
    tok.pop("@tokenizers", None)
    return tok


def spancat_keys(config_path: str | Path) -> list[str]:
    """``spans_key`` of every ``spancat`` component of a training config (empty
    for a ``ner`` config). Their training spans are the gold entities."""
    from spacy.util import load_config

    cfg = load_config(Path(config_path), interpolate=False)
    return [
        c.get("spans_key", "sc")
        for c in cfg.get("components", {}).values()
        if c.get("factory") in ("spancat", "spancat_singlelabel")
    ]


def _ents_to_spans(db, nlp: Language, keys: Sequence[str]):
    """A copy of DocBin ``db`` whose docs also carry their entities in ``doc.spans[key]``."""
    from spacy.tokens import DocBin

    from pipeline.annotations.to_spacy import register_extensions

    register_extensions()
    out = DocBin(store_user_data=True)
    for doc in db.get_docs(nlp.vocab):
        for key in keys:
            doc.spans[key] = list(doc.ents)
        out.add(doc)
    return out


def _make_nlp(config_path: str | Path) -> Language:
    from pipeline.tokenize import make_nlp

    tok = tokenizer_settings(config_path)
    return make_nlp(
        tok.get("segmenter", "jieba"),
        use_domain_dict=tok.get("use_domain_dict", True),
        hmm=tok.get("hmm", False),
        pkuseg_model=tok.get("pkuseg_model"),
    )


def write_corpora(
    train_records: Sequence[Record],
    output_dir: str | Path,
    *,
    config: str | Path = DEFAULT_CONFIG,
    labels: Sequence[str] = LABELS,
    dev_every: int = 10,
) -> tuple[Path, Path, list[Record], list[Record], int]:
    """``train.spacy`` and ``dev.spacy`` under ``output_dir`` from ``train_records``
    (spans of ``labels`` only), tokenized as ``config`` says, with the spans a
    spancat of ``config`` learns from. ``dev_every``: every n-th training record
    also goes to the (progress-only) dev corpus. Returns the two paths, the
    training and dev records, and the number of gold spans that do not align."""
    from pipeline.annotations.to_spacy import records_to_docbin

    output_dir = Path(output_dir)
    output_dir.mkdir(parents=True, exist_ok=True)
    records = filter_labels(train_records, labels)
    if not records:
        raise ValueError("no training records")
    nlp = _make_nlp(config)
    train_db, misaligned = records_to_docbin(records, nlp)
    dev = records[::dev_every] or records[:1]
    dev_db, _ = records_to_docbin(dev, nlp)
    keys = spancat_keys(config)
    if keys:  # spancat learns from doc.spans[key]: the gold entities
        train_db, dev_db = _ents_to_spans(train_db, nlp, keys), _ents_to_spans(dev_db, nlp, keys)
    train_path, dev_path = output_dir / "train.spacy", output_dir / "dev.spacy"
    train_db.to_disk(train_path)
    dev_db.to_disk(dev_path)
    return train_path, dev_path, records, dev, len(misaligned)


def train_ner(
    train_records: Sequence[Record],
    output_dir: str | Path,
    *,
    config: str | Path = DEFAULT_CONFIG,
    labels: Sequence[str] = LABELS,
    seed: int = 0,
    max_steps: int = 1500,
    eval_frequency: int = 300,
    dev_every: int = 10,
) -> TrainResult:
    """Train tok2vec + ner (or + spancat, as ``config`` says) on
    ``train_records`` (spans of ``labels`` only).

    Writes ``train.spacy``/``dev.spacy`` (``write_corpora``) and spaCy's
    ``model-last`` under ``output_dir``.
    """
    from spacy.cli.train import train as spacy_train

    output_dir = Path(output_dir)
    train_path, dev_path, records, dev, misaligned = write_corpora(
        train_records, output_dir, config=config, labels=labels, dev_every=dev_every
    )
    overrides = {
        "paths.train": str(train_path),
        "paths.dev": str(dev_path),
        "system.seed": seed,
        "training.max_steps": max_steps,
        "training.eval_frequency": eval_frequency,
        "training.patience": 0,  # fixed step count: no early stop on a dev score
    }
    spacy_train(Path(config), output_dir / "out", use_gpu=-1, overrides=overrides)
    return TrainResult(
        ner_dir=output_dir / "out" / "model-last",
        train_records=len(records),
        dev_records=len(dev),
        misaligned=misaligned,
        labels=tuple(sorted({s.label for r in records for s in r.spans})),
    )


def assemble(
    ner_dir: str | Path, *, quantities: bool = True, overwrite_ents: bool = False
) -> Language:
    """The trained NER pipeline, plus the quantity rules after it (hybrid).

    ``overwrite_ents``: whether a rule quantity replaces an NER span it overlaps
    (False: the NER span stays and the quantity is dropped).

    A trained ``spancat`` (configs/spancat.cfg) gets ``perf_facts_spans_to_ents``
    after it, so that its spans become ``doc.ents`` (non-overlapping, greedy by
    score) before the rules."""
    import pipeline.quantities  # noqa: F401  (registers perf_facts_quantities)
    from pipeline.loading import add_composition
    from pipeline.training.spans import FACTORY as SPANS_TO_ENTS

    nlp = spacy.load(ner_dir)
    for name in list(nlp.pipe_names):
        factory = nlp.get_pipe_meta(name).factory
        if factory in ("spancat", "spancat_singlelabel") and SPANS_TO_ENTS not in nlp.pipe_names:
            key = nlp.get_pipe(name).cfg.get("spans_key", "sc")
            nlp.add_pipe(SPANS_TO_ENTS, after=name, config={"spans_key": key})
    if quantities:
        nlp.add_pipe("perf_facts_quantities", config={"overwrite_ents": overwrite_ents})
    add_composition(nlp)
    return nlp


def load_training_records(
    gold: Sequence[str | Path] = (GOLD_DIR,),
    train_docs: Sequence[str] | None = None,
    include_authored: bool = True,
    authored: str | Path = AUTHORED,
) -> list[Record]:
    """Gold records of ``train_docs`` (document ids or id prefixes such as
    ``000``; None: all), plus the authored training-only records."""
    from pipeline.annotations.records import load_records

    records = load_records(*gold)
    if train_docs:
        wanted = tuple(train_docs)
        records = [r for r in records if r.meta.doc.startswith(wanted)]
        found = {d for d in wanted if any(r.meta.doc.startswith(d) for r in records)}
        if found != set(wanted):
            raise ValueError(f"no gold records for: {', '.join(sorted(set(wanted) - found))}")
    if include_authored:
        records += load_records(authored)
    return records


def train_pipeline(
    output: str | Path = DEFAULT_OUTPUT,
    *,
    config: str | Path = DEFAULT_CONFIG,
    gold: Sequence[str | Path] = (GOLD_DIR,),
    train_docs: Sequence[str] | None = None,
    include_authored: bool = True,
    seed: int = 0,
    max_steps: int = 1500,
    labels: Sequence[str] = HYBRID_LABELS,
    quantities: bool = True,
    overwrite_ents: bool = True,
    workdir: str | Path | None = None,
    records: Sequence[Record] | None = None,
    split: str | None = None,
) -> tuple[Path, TrainResult]:
    """Train and save the assembled pipeline at ``output`` (replaced if present).
    ``records``: train on exactly these (e.g. one part of splits.json, named by
    ``split`` in the model's meta) instead of ``gold``/``train_docs``/authored."""
    output = Path(output)
    if output.exists() and not (output / "config.cfg").exists():
        raise FileExistsError(f"{output} exists and is not a spaCy pipeline; not replacing it")
    if records is None:
        records = load_training_records(gold, train_docs, include_authored)
    tmp = None
    if workdir is None:
        tmp = tempfile.mkdtemp(prefix="perf_facts_train_")
        workdir = tmp
    try:
        result = train_ner(
            records, workdir, config=config, labels=labels, seed=seed, max_steps=max_steps
        )
        nlp = assemble(result.ner_dir, quantities=quantities, overwrite_ents=overwrite_ents)
        docs = sorted({r.meta.doc for r in records})
        nlp.meta.update(
            {
                "name": MODEL_NAME,
                "version": MODEL_VERSION,
                "description": (
                    "perf-facts hybrid tagger: trained NER for "
                    f"{', '.join(result.labels)}"
                    + ("; rule quantities (MONEY, COUNT, PERCENT)" if quantities else "")
                ),
                "perf_facts": {
                    "seed": seed,
                    "max_steps": max_steps,
                    "ner_labels": list(result.labels),
                    "rule_quantities": quantities,
                    "rules_overwrite_ents": overwrite_ents,
                    "train_records": result.train_records,
                    "train_documents": len(docs),
                    "include_authored": include_authored,
                    "split": split,
                    "misaligned_gold_spans": result.misaligned,
                },
            }
        )
        # the DocBins lived in a temporary directory: do not ship their paths
        nlp.config["paths"]["train"] = None
        nlp.config["paths"]["dev"] = None
        if output.exists():
            shutil.rmtree(output)
        nlp.to_disk(output)
        return output, result
    finally:
        if tmp is not None:
            shutil.rmtree(tmp, ignore_errors=True)
