#!/usr/bin/env bash
# Airflow virtualenv (.venv-airflow), separate from the jobs venv: Airflow pins its own world of dependencies.
# Top-level versions are in dags/requirements.txt, the full resolution in dags/constraints.txt (our own constraint file:
# Airflow's published ones live off the reachable registries). pip's cache (~/.cache/pip) makes reruns quick.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"
PY="${PYTHON:-python3}"
VENV=.venv-airflow
if [ ! -x "$VENV/bin/python" ]; then
  "$PY" -m venv "$VENV"
fi
stamp="$VENV/.lakehouse-airflow-installed"
if [ ! -f "$stamp" ] || [ dags/requirements.txt -nt "$stamp" ] || [ dags/constraints.txt -nt "$stamp" ]; then
  "$VENV/bin/pip" install --quiet --upgrade pip
  constraints=()
  [ -f dags/constraints.txt ] && constraints=(--constraint dags/constraints.txt)
  "$VENV/bin/pip" install --quiet -r dags/requirements.txt "${constraints[@]}" pytest==9.0.1
  "$VENV/bin/pip" check
  touch "$stamp"
fi
"$VENV/bin/python" -c "import airflow, airflow.providers.apache.spark as s; print('airflow', airflow.__version__)"
