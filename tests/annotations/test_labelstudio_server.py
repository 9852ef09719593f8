"""Round trip through a real Label Studio server.

Needs the ``label-studio`` executable from a separate virtual environment (its
pinned dependencies do not belong in the project's): set
PERF_FACTS_LABEL_STUDIO to its path, or run ``scripts/run_labelstudio_test.sh``,
which creates that environment and runs this file. The server runs on
127.0.0.1 with a free port, a temporary data directory and a random API token,
and is stopped at the end.
"""

from __future__ import annotations

import json
import os
import secrets
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request

import pytest
from typer.testing import CliRunner

from pipeline.annotations.labelstudio import labeling_config, records_to_tasks, tasks_to_records
from pipeline.annotations.ls_predictions import gold_source
from pipeline.annotations.records import (
    Meta,
    Record,
    Relation,
    Span,
    dump_records,
    dumps_record,
    load_records,
)
from pipeline.cli import app

LS_EXE = os.environ.get("PERF_FACTS_LABEL_STUDIO")

pytestmark = [
    pytest.mark.labelstudio,
    pytest.mark.skipif(
        not LS_EXE,
        reason="PERF_FACTS_LABEL_STUDIO (path to the label-studio executable) is not set; "
        "scripts/run_labelstudio_test.sh installs Label Studio in its own venv and runs this",
    ),
]

STARTUP_TIMEOUT_S = 420  # first start migrates a fresh SQLite database


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    def __init__(self, base: str, token: str) -> None:
        self.base = base
        self.token = token

    def request(self, method: str, path: str, body=None, timeout: float = 120):
        data = None if body is None else json.dumps(body, ensure_ascii=False).encode("utf-8")
        req = urllib.request.Request(
            self.base + path,
            data=data,
            method=method,
            headers={"Authorization": f"Token {self.token}", "Content-Type": "application/json"},
        )
        try:
            with urllib.request.urlopen(req, timeout=timeout) as resp:
                raw = resp.read()
        except urllib.error.HTTPError as exc:
            raise AssertionError(f"{method} {path}: {exc.code} {exc.read()[:2000]!r}") from exc
        return json.loads(raw) if raw else None


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    data_dir = tmp_path_factory.mktemp("label-studio-data")
    port = _free_port()
    token = secrets.token_hex(20)
    env = {k: v for k, v in os.environ.items() if k != "HOST"}
    env.update(
        LABEL_STUDIO_BASE_DATA_DIR=str(data_dir),
        LABEL_STUDIO_USERNAME="perf-facts@example.com",
        LABEL_STUDIO_PASSWORD=secrets.token_hex(12),
        LABEL_STUDIO_USER_TOKEN=token,
        LABEL_STUDIO_DISABLE_SIGNUP_WITHOUT_LINK="true",
        # the token above is a "legacy" token, off by default since 1.19
        LABEL_STUDIO_ENABLE_LEGACY_API_TOKEN="true",
        LATEST_VERSION_CHECK="false",
    )
    log = (data_dir / "server.log").open("w")
    cmd = [
        LS_EXE,
        "start",
        "--internal-host",
        "127.0.0.1",
        "--port",
        str(port),
        "--no-browser",
        "--data-dir",
        str(data_dir),
    ]
    proc = subprocess.Popen(
        cmd, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
    )
    base = f"http://127.0.0.1:{port}"
    t0 = time.monotonic()
    try:
        while True:
            if proc.poll() is not None:
                pytest.fail(f"label-studio exited with {proc.returncode}; see {log.name}")
            try:
                with urllib.request.urlopen(base + "/health", timeout=5) as resp:
                    if resp.status == 200:
                        break
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                pass
            if time.monotonic() - t0 > STARTUP_TIMEOUT_S:
                pytest.fail(f"label-studio not up after {STARTUP_TIMEOUT_S} s; see {log.name}")
            time.sleep(1)
        print(f"label-studio up on {base} after {time.monotonic() - t0:.0f} s")
        yield Server(base, token)
    finally:
        try:
            os.killpg(proc.pid, signal.SIGTERM)
            proc.wait(timeout=30)
        except ProcessLookupError:
            pass
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(timeout=30)
        log.close()


def _astral_record() -> Record:
    text = "𠀀村累计投入资金 1,297.59万元，占比 95%"
    spans = [
        Span("s1", 5, 7, "INDICATOR", text[5:7]),
        Span("s2", 8, 17, "MONEY", text[8:17], "value"),
        Span("s3", 18, 20, "INDICATOR", text[18:20]),
        Span("s4", 21, 24, "PERCENT", text[21:24], "target"),
    ]
    return Record(
        "t03_astral#p0000",
        text,
        Meta("t03_astral", 0, None, {"page": 1}),
        spans,
        [Relation("s2", "s1"), Relation("s4", "s3")],
    )


def test_gold_survives_label_studio(server, records, pass_a, tmp_path):
    gold_dir = tmp_path / "gold"
    dump_records(records, gold_dir / "t01_sample.jsonl")
    dump_records([_astral_record()], gold_dir / "t03_astral.jsonl")
    for path in pass_a:  # the sample reports' pass A, where present (read-only)
        (gold_dir / path.name).write_bytes(path.read_bytes())
    gold = load_records(gold_dir)

    project = server.request(
        "POST",
        "/api/projects",
        {"title": "perf-facts round trip", "label_config": labeling_config()},
    )
    pid = project["id"]
    tasks = records_to_tasks(gold, annotations=True, predictions=gold_source())
    imported = server.request("POST", f"/api/projects/{pid}/import?commit_to_project=true", tasks)
    assert imported["task_count"] == len(gold)
    assert imported["annotation_count"] == len(gold)
    assert imported["prediction_count"] == len(gold)

    export = server.request(
        "GET", f"/api/projects/{pid}/export?exportType=JSON&download_all_tasks=true", timeout=300
    )
    export_file = tmp_path / "export.json"
    export_file.write_text(json.dumps(export, ensure_ascii=False), encoding="utf-8")
    assert len(export) == len(gold)
    assert all(t["annotations"] and t["predictions"] for t in export)

    back, notes = tasks_to_records(export)
    assert notes == []
    assert [dumps_record(r) for r in back] == [dumps_record(r) for r in gold]
    # predictions are stored too; the plain export lists them by id only, so
    # read them from the predictions API and put them where the export has them
    preds = server.request("GET", f"/api/predictions?project={pid}")
    preds = preds["results"] if isinstance(preds, dict) else preds
    by_task = {p["task"]: p for p in preds}
    assert len(by_task) == len(gold)
    with_preds = [{**t, "annotations": [], "predictions": [by_task[t["id"]]]} for t in export]
    back_pred, _ = tasks_to_records(with_preds, use_predictions=True)
    assert [dumps_record(r) for r in back_pred] == [dumps_record(r) for r in gold]
    assert {p["model_version"] for p in preds} == {"gold"}

    # and through the command line, file for file, byte for byte
    out = tmp_path / "back"
    result = CliRunner().invoke(app, ["annotate", "import-ls", str(export_file), "--out", str(out)])
    assert result.exit_code == 0, result.output
    for path in sorted(gold_dir.glob("*.jsonl")):
        assert (out / path.name).read_bytes() == path.read_bytes(), path.name


def test_document_tasks_survive_label_studio(server, records, make_records, pass_a, tmp_path):
    """--per-document tasks (data.paragraphs, region ids p<k>_s<N>, scored
    predictions) come back from the server as the same records."""
    gold_dir = tmp_path / "gold"
    dump_records(records, gold_dir / "t01_sample.jsonl")
    dump_records(make_records(doc="t02_other"), gold_dir / "t02_other.jsonl")
    dump_records([_astral_record()], gold_dir / "t03_astral.jsonl")
    for path in pass_a:
        (gold_dir / path.name).write_bytes(path.read_bytes())
    gold = load_records(gold_dir)

    project = server.request(
        "POST",
        "/api/projects",
        {"title": "perf-facts document tasks", "label_config": labeling_config()},
    )
    pid = project["id"]
    tasks = records_to_tasks(gold, predictions=gold_source(), per_document=True)
    imported = server.request("POST", f"/api/projects/{pid}/import?commit_to_project=true", tasks)
    assert imported["task_count"] == len(tasks) == len({r.doc for r in gold})
    export = server.request(
        "GET", f"/api/projects/{pid}/export?exportType=JSON&download_all_tasks=true", timeout=300
    )
    back, notes = tasks_to_records(export)
    assert notes == []
    assert [dumps_record(r) for r in back] == [dumps_record(r) for r in gold]
    preds = server.request("GET", f"/api/predictions?project={pid}")
    preds = preds["results"] if isinstance(preds, dict) else preds
    assert {p["score"] for p in preds} == {1.0}
