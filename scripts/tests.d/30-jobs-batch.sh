#!/usr/bin/env bash
# Batch jobs suite: ruff, mypy, then pytest (except the streaming tests) against a real embedded PostgreSQL loaded
# with generated scale-0.01 data and generated log files. Starts PostgreSQL itself and always stops it.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"
# A skipped test fails these pytest runs (scripts/lib/suite.sh loads scripts/lib/pytest_no_skips.py).
source "$ROOT/scripts/lib/suite.sh"
export SPARK_LOCAL_IP=127.0.0.1

.venv/bin/ruff check --config jobs/pyproject.toml jobs
.venv/bin/mypy --config-file jobs/pyproject.toml jobs/lakehouse_jobs

suite_postgres batch 0.01
bin/lakehouse data generate --out "$work/logs" --scale 0.002 --seed 1 --logs-only >/dev/null

export LAKEHOUSE_TEST_PG="$(cat "$work/pg.json")" LAKEHOUSE_TEST_PG_DIR="$pgdir" LAKEHOUSE_TEST_LOGS="$work/logs"
cd jobs
../.venv/bin/pytest tests --ignore=tests/streaming --ignore=tests/notebooks -q -p no:cacheprovider --durations=10 \
  --basetemp="$work/pytest" "$@"
