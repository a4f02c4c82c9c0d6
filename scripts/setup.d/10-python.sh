#!/usr/bin/env bash
# Python virtualenv (.venv) with the jobs package (editable) and its dev tools. pip's cache (~/.cache/pip) makes reruns quick.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"
PY="${PYTHON:-python3}"
if [ ! -x .venv/bin/python ]; then
  "$PY" -m venv .venv
fi
stamp=.venv/.lakehouse-jobs-installed
if [ ! -f "$stamp" ] || [ jobs/pyproject.toml -nt "$stamp" ]; then
  .venv/bin/pip install --quiet --upgrade pip
  .venv/bin/pip install --quiet -e "jobs[dev,notebook]"
  touch "$stamp"
fi
.venv/bin/python -c "import pyspark; print('pyspark', pyspark.__version__)"
