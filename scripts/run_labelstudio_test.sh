#!/usr/bin/env bash
# Integration test of the Label Studio round trip against a real server.
#
# Creates a separate virtual environment with the `label-studio` pip package
# (it pins heavy dependencies, so it never goes into the project's .venv),
# then runs the pytest tests marked `labelstudio` with PERF_FACTS_LABEL_STUDIO
# pointing at its executable. The test starts the server on 127.0.0.1 with a
# free port and a temporary data dir, and stops it at the end.
#
# Usage: scripts/run_labelstudio_test.sh            (venv at $LS_VENV, default /tmp/ls-venv)
#        LS_VENV=.venv-ls LS_VERSION=1.23.2 scripts/run_labelstudio_test.sh
# Prints the seconds spent installing and testing.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
LS_VENV="${LS_VENV:-/tmp/ls-venv}"
LS_VERSION="${LS_VERSION:-}"
PROJECT_PY="${PROJECT_PY:-$ROOT/.venv/bin/python}"

t0=$(date +%s)
if [[ ! -x "$LS_VENV/bin/label-studio" ]]; then
    echo "== installing label-studio${LS_VERSION:+==$LS_VERSION} into $LS_VENV"
    python3 -m venv "$LS_VENV"
    "$LS_VENV/bin/python" -m pip install --quiet --upgrade pip
    "$LS_VENV/bin/python" -m pip install --quiet "label-studio${LS_VERSION:+==$LS_VERSION}"
else
    echo "== reusing $LS_VENV"
fi
t1=$(date +%s)
# (`label-studio --version` boots Django against ~/.local/share: ask pip metadata instead)
"$LS_VENV/bin/python" -c 'import importlib.metadata as m; print("== label-studio", m.version("label-studio"))'

cd "$ROOT"
export PERF_FACTS_LABEL_STUDIO="$LS_VENV/bin/label-studio"
set +e
"$PROJECT_PY" -m pytest -m labelstudio tests/annotations -v "$@"
rc=$?
set -e
t2=$(date +%s)
echo "== label-studio install: $((t1 - t0)) s, test: $((t2 - t1)) s, total: $((t2 - t0)) s"
exit $rc
