"""Train/dev/test splits by document, and leave-one-document-out folds.

Paragraphs of one report share wording, tables and indicator names, so a split
by record would leak; every split here keeps a document whole (scikit-learn's
group-aware splitters, with the document id as the group).

File format (``annotations/splits.json``), UTF-8 JSON::

    {
      "version": 1,
      "unit": "document",                 # every list below holds meta.doc ids
      "seed": 0,                          # random_state given to scikit-learn
      "method": "GroupShuffleSplit",      # test first, then dev from the rest
      "test_size": 0.25,                  # as given: fraction of documents, or a count
      "dev_size": 0.25,                   # as given (fraction of ALL documents, or a count)
      "sources": ["annotations/gold"],    # the paths the records were read from
      "train_only": ["annotations/synthetic"],  # only with --train-only: sources whose
                                          # documents are drawn, then kept in train
      "documents": {"<doc>": {"records": 82, "spans": 120, "quantities": 60}, ...},
      "train": ["<doc>", ...],            # sorted
      "dev": ["<doc>", ...],
      "test": ["<doc>", ...],
      "unseen-test": ["<doc>", ...],      # only with held-out documents (--unseen):
                                          # written apart, never drawn into train/dev/test
      "folds": [                          # only with --loo (LeaveOneGroupOut);
        {"fold": 0, "train": [...], "test": ["<doc>"]},  # one fold per document,
        ...                               # in sorted document order
      ]
    }

The same records, seed and sizes give the same file (documents are sorted
before splitting, so input order does not matter).
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from pipeline.annotations.records import Record
from pipeline.resources.vocabulary import QUANTITY_LABELS

SPLIT_FORMAT_VERSION = 1


def _n_docs(size: float, n: int) -> int:
    """Number of documents a size means: a fraction (0 < size < 1) of n, rounded
    up as scikit-learn does, or an absolute count (size >= 1)."""
    if size < 0:
        raise ValueError(f"size must be >= 0, got {size}")
    if size == 0:
        return 0
    if size < 1:
        return math.ceil(size * n)
    if size != int(size):
        raise ValueError(f"a size >= 1 is a document count and must be whole, got {size}")
    return int(size)


def document_summary(records: Sequence[Record]) -> dict[str, dict[str, int]]:
    docs: dict[str, dict[str, int]] = {}
    for r in records:
        d = docs.setdefault(r.doc, {"records": 0, "spans": 0, "quantities": 0})
        d["records"] += 1
        d["spans"] += len(r.spans)
        d["quantities"] += sum(s.label in QUANTITY_LABELS for s in r.spans)
    return dict(sorted(docs.items()))


def _group_shuffle(groups: list[str], n_out: int, seed: int) -> tuple[list[str], list[str]]:
    """Split the documents of ``groups`` (one entry per record, the record's
    document) into (rest, held out), holding out ``n_out`` whole documents."""
    from sklearn.model_selection import GroupShuffleSplit

    docs = sorted(set(groups))
    if n_out == 0:
        return docs, []
    if n_out >= len(docs):
        raise ValueError(f"cannot hold out {n_out} of {len(docs)} documents and keep any")
    splitter = GroupShuffleSplit(n_splits=1, test_size=n_out, random_state=seed)
    rest_idx, out_idx = next(splitter.split(groups, groups=groups))
    return sorted({groups[i] for i in rest_idx}), sorted({groups[i] for i in out_idx})


def make_split(
    records: Sequence[Record],
    *,
    seed: int = 0,
    test_size: float = 0.25,
    dev_size: float = 0.25,
    loo: bool = False,
    sources: Sequence[str] = (),
    unseen: Sequence[Record] = (),
    train_only: Sequence[Record] = (),
    train_only_sources: Sequence[str] = (),
) -> dict[str, Any]:
    """The split (and with ``loo`` the leave-one-document-out folds) as a dict
    in the file format above. ``unseen`` records are a fixed held-out part
    (``unseen-test``): their documents were written apart from the rest, so
    they are listed as they are, not drawn at random. ``train_only`` records
    (also among ``records``) take part in the draw, so the other documents'
    parts do not depend on them, and are then kept in train: templated
    synthetic tables would make dev figures say more about the templates than
    about real reports."""
    summary = document_summary(records)
    unseen_docs = sorted(document_summary(unseen))
    clash = set(unseen_docs) & set(summary)
    if clash:
        raise ValueError(f"documents both held out and in the pool: {sorted(clash)[:5]}")
    docs = list(summary)
    if len(docs) < 2:
        raise ValueError(f"need at least 2 documents to split, got {len(docs)}")
    n = len(docs)
    n_test, n_dev = _n_docs(test_size, n), _n_docs(dev_size, n)
    if n_test + n_dev >= n:
        raise ValueError(
            f"test ({n_test}) + dev ({n_dev}) documents leave no training document of {n}"
        )
    # one sample per record, grouped by document; sorted so input order is irrelevant
    groups = sorted(r.doc for r in records)
    rest, test = _group_shuffle(groups, n_test, seed)
    kept = set(rest)
    train, dev = _group_shuffle([g for g in groups if g in kept], n_dev, seed)
    keep_in_train = {r.doc for r in train_only}
    if keep_in_train:
        train = sorted({*train, *(d for d in dev + test if d in keep_in_train)})
        dev = [d for d in dev if d not in keep_in_train]
        test = [d for d in test if d not in keep_in_train]
    out: dict[str, Any] = {
        "version": SPLIT_FORMAT_VERSION,
        "unit": "document",
        "seed": seed,
        "method": "GroupShuffleSplit",
        "test_size": test_size,
        "dev_size": dev_size,
        "sources": list(sources),
        "documents": summary,
        "train": train,
        "dev": dev,
        "test": test,
    }
    if keep_in_train:
        out["train_only"] = list(train_only_sources)
    if unseen_docs:
        out["unseen-test"] = unseen_docs
        out["documents"] = {**summary, **document_summary(unseen)}
    if loo:
        out["folds"] = leave_one_document_out(docs)
    return out


def leave_one_document_out(docs: Sequence[str]) -> list[dict[str, Any]]:
    from sklearn.model_selection import LeaveOneGroupOut

    docs = sorted(set(docs))
    folds = []
    for i, (tr, te) in enumerate(LeaveOneGroupOut().split(docs, groups=docs)):
        folds.append(
            {"fold": i, "train": sorted(docs[j] for j in tr), "test": sorted(docs[j] for j in te)}
        )
    return folds


def write_split(split: dict[str, Any], path: str | Path) -> Path:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(split, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return path


def records_for(records: Sequence[Record], docs: Sequence[str]) -> list[Record]:
    """The records of the given documents (a split part or a fold side)."""
    wanted = set(docs)
    return [r for r in records if r.doc in wanted]
