"""What produced an output folder's rows: the runs table, and the refusal to
mix rows of two compositions in one folder.

Each run into ``--out`` writes its row of ``OUT/runs/`` when it starts (status
``running``) and replaces it when it ends (``completed`` or ``interrupted``; a
killed run stays ``running``). A run whose settings (perf-facts version, model
name, version and hash, cue policy, tagger) differ from those of the runs
already in the folder is refused before any work, unless it is told to start a
new run there: the earlier output then moves to ``OUT/_previous/<time>/``,
whole and readable, and the new run starts on an empty folder. An output
written before runs were recorded (no ``runs/``) resumes as before.
"""

from __future__ import annotations

import hashlib
import os
import time
from dataclasses import asdict, dataclass, fields
from pathlib import Path

from pipeline.batch.export import CSV_FOLDER, XLSX_FILE
from pipeline.batch.plan import Plan
from pipeline.batch.validate import UsageError
from pipeline.batch.writer import (
    MANIFEST,
    RUNS,
    read_table,
    run_files,
    write_run_row,
)
from pipeline.schema import RUNS_TABLE, TABLES, RunRow
from pipeline.settings import CompositionSettings
from pipeline.version import perf_facts_version

PREVIOUS = "_previous"
RUNNING, COMPLETED, INTERRUPTED = "running", "completed", "interrupted"
# What a folder's earlier output is made of (moved whole by a new run).
_OUTPUT_PARTS = (*TABLES, RUNS_TABLE, MANIFEST, RUNS, CSV_FOLDER, XLSX_FILE)
# The settings that decide the rows: runs into one folder must agree on them.
_KEY_FIELDS = ("perf_facts_version", "model", "model_version", "model_hash", "cues", "tagger")


def _tree_hash(files: list[Path], root: Path) -> str:
    h = hashlib.sha256()
    for path in sorted(files):
        h.update(path.relative_to(root).as_posix().encode("utf-8") + b"\0")
        h.update(hashlib.sha256(path.read_bytes()).digest())
    return h.hexdigest()


@dataclass(frozen=True, slots=True)
class RunSettings:
    """The model and composition a run tags and assembles with."""

    perf_facts_version: str
    model: str
    model_version: str | None
    model_hash: str | None
    model_path: str | None
    cues: str
    tagger: str

    def key(self) -> tuple:
        return tuple(getattr(self, f) for f in _KEY_FIELDS)

    def describe(self) -> str:
        short = f" ({self.model_hash[:12]})" if self.model_hash else ""
        version = f" {self.model_version}" if self.model_version else ""
        return (
            f"model {self.model}{version}{short}, cues {self.cues}, tagger {self.tagger}, "
            f"perf-facts {self.perf_facts_version}"
        )


def _model_folder(model: str | Path | None) -> Path | None:
    """The spaCy pipeline folder ``model`` names (None: the rule layer)."""
    from pipeline.loading import DEFAULT_MODEL

    if model is None:
        return DEFAULT_MODEL if (DEFAULT_MODEL / "config.cfg").exists() else None
    return None if str(model) == "rules" else Path(model).resolve()


def _configured(folder: Path | None) -> CompositionSettings:
    """The composition a pipeline folder's config selects (without loading it)."""
    from pipeline.facts.composition import DEFAULT_CUES, DEFAULT_TAGGER
    from pipeline.settings import COMPONENT

    if folder is None:
        return CompositionSettings(DEFAULT_CUES, DEFAULT_TAGGER)
    from thinc.api import Config

    config = Config().from_disk(folder / "config.cfg", interpolate=False)
    component = config.get("components", {}).get(COMPONENT, {})
    return CompositionSettings(
        component.get("cue_policy", {}).get("name", DEFAULT_CUES),
        component.get("tagger_gate", {}).get("where", DEFAULT_TAGGER),
    )


def run_settings(model: str | Path | None, composition: CompositionSettings) -> RunSettings:
    """The settings of a run with ``model`` and the ``--cues``/``--tagger`` overrides."""
    import json

    folder = _model_folder(model)
    chosen = composition.over(_configured(folder))
    if folder is None:
        data = Path(__file__).resolve().parents[1] / "resources"
        files = [p for p in data.iterdir() if p.suffix in (".txt", ".json", ".tsv")]
        name, version, digest, path = "rules", perf_facts_version(), _tree_hash(files, data), None
    else:
        meta_file = folder / "meta.json"
        meta = json.loads(meta_file.read_text(encoding="utf-8")) if meta_file.exists() else {}
        files = [p for p in folder.rglob("*") if p.is_file()]
        name = meta.get("name") or folder.name
        version, digest, path = meta.get("version"), _tree_hash(files, folder), str(folder)
    return RunSettings(
        perf_facts_version(), name, version, digest, path, chosen.cues or "", chosen.tagger or ""
    )


def check_settings(out: str | Path, settings: RunSettings, new_run: bool = False) -> None:
    """Refuse (``UsageError``, one line) a run into ``out`` whose settings differ
    from those of the runs already there, unless ``new_run``."""
    out = Path(out)
    if new_run or not out.is_dir():
        return
    # An output written before runs were recorded has none: it resumes as it
    # always did, and its runs are recorded from now on.
    runs = read_table(out, RUNS_TABLE).to_pylist() if run_files(out) else []
    hint = "run with the same settings to resume, write to another --out, or add --new-run"
    for run in runs:
        theirs = RunSettings(**{f.name: run[f.name] for f in fields(RunSettings)})
        if theirs.key() != settings.key():
            raise UsageError(
                f"--out {out}: written with {_difference(theirs, settings)}; {hint} "
                f"to start over there (the earlier output moves to {out / PREVIOUS})"
            )


def _difference(theirs: RunSettings, ours: RunSettings) -> str:
    changed = [
        f"{f.replace('_', ' ')} {getattr(theirs, f)} (this run: {getattr(ours, f)})"
        for f in _KEY_FIELDS
        if getattr(theirs, f) != getattr(ours, f)
    ]
    return ", ".join(changed)


def move_previous(out: str | Path) -> Path | None:
    """Move the output already in ``out`` to ``out/_previous/<time>/``; returns
    that folder, or None when there was nothing to move."""
    out = Path(out)
    present = [out / name for name in _OUTPUT_PARTS if (out / name).exists()]
    if not present:
        return None
    target = out / PREVIOUS / time.strftime("%Y%m%d-%H%M%S")
    while target.exists():
        target = target.with_name(target.name + "-1")
    target.mkdir(parents=True)
    for path in present:
        os.replace(path, target / path.name)
    return target


def _now() -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())


def inputs_hash(plan: Plan) -> str:
    return hashlib.sha256("\n".join(sorted(plan.input_hashes)).encode("ascii")).hexdigest()


class RunRecord:
    """One run's row of the runs table: written when the run starts, replaced
    with the counts when it ends."""

    def __init__(self, out: str | Path, run_id: str, fmt: str, settings: RunSettings) -> None:
        self.out, self.fmt = Path(out), fmt
        self.row = RunRow(run_id, RUNNING, _now(), None, **asdict(settings), format=fmt)

    def _write(self) -> None:
        write_run_row(self.out, asdict(self.row), self.fmt)

    def start(self, plan: Plan, limits, summary) -> None:
        """The row as the run starts: ``limits`` (``worker.Limits``) and the
        ``run.BatchSummary`` made from ``plan``."""
        r = self.row
        r.max_chars, r.timeout_s = limits.max_chars, limits.timeout_s
        r.backend, r.workers = summary.backend, summary.workers
        r.inputs, r.inputs_hash = len(plan.input_hashes), inputs_hash(plan)
        r.to_process, r.duplicates = len(plan.items), len(plan.duplicates)
        r.already_done = plan.already_done
        self._write()

    def finish(self, summary) -> None:
        r = self.row
        r.status = INTERRUPTED if summary.interrupted is not None else COMPLETED
        r.ended = _now()
        r.workers = summary.workers
        for name in ("ok", "failed", "facts", "entities", "flags", "chars"):
            setattr(r, name, getattr(summary, name))
        self._write()
