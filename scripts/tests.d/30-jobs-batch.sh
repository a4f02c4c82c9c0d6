#!/usr/bin/env bash
# Batch jobs suite: ruff, mypy, then pytest (except the streaming tests) against a real embedded PostgreSQL loaded
# with generated scale-0.01 data and generated log files. Starts PostgreSQL itself and always stops it.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
# A skipped test fails these pytest runs (scripts/lib/pytest_no_skips.py).
export PYTHONPATH="$ROOT/scripts/lib${PYTHONPATH:+:$PYTHONPATH}" PYTEST_ADDOPTS="-p pytest_no_skips${PYTEST_ADDOPTS:+ $PYTEST_ADDOPTS}"
cd "$ROOT"
export SPARK_LOCAL_IP=127.0.0.1

.venv/bin/ruff check --config jobs/pyproject.toml jobs
.venv/bin/mypy --config-file jobs/pyproject.toml jobs/lakehouse_jobs

work="$(mktemp -d "${TMPDIR:-/tmp}/lakehouse-batch-XXXXXX")"
pgdir="$work/pg"
cleanup() {
  bin/lakehouse db stop --data-dir "$pgdir" >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT

bin/lakehouse db start --data-dir "$pgdir" >"$work/pg.json"
bin/lakehouse data load --data-dir "$pgdir" --scale 0.01 --seed 1 --keep-running >/dev/null
bin/lakehouse data generate --out "$work/logs" --scale 0.002 --seed 1 --logs-only >/dev/null

export LAKEHOUSE_TEST_PG="$(cat "$work/pg.json")" LAKEHOUSE_TEST_PG_DIR="$pgdir" LAKEHOUSE_TEST_LOGS="$work/logs"
cd jobs
../.venv/bin/pytest tests --ignore=tests/streaming --ignore=tests/notebooks -q -p no:cacheprovider --durations=10 \
  --basetemp="$work/pytest" "$@"
