#!/usr/bin/env bash
# Log parser benchmark (bench/logparse.py): lines/s of the shared parser (every check and typed column, valid lines
# kept) beside one pass of the whole-line regex over the same cached lines, the floor of any regex parser, as a ratio.
# Local Spark, one core. Sizes: BENCH_PARSE_SCALE (generated logs, default 1), BENCH_PARSE_ROWS (default 200000).
# JSON: bench/results/logparse.json.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
work="$(mktemp -d "${TMPDIR:-/tmp}/bench-logparse-XXXXXX")"
trap 'rm -rf "$work"' EXIT
bin/lakehouse data generate --logs-only --out "$work" --scale "${BENCH_PARSE_SCALE:-1}" >/dev/null
SPARK_LOCAL_IP=127.0.0.1 exec .venv/bin/python bench/logparse.py "$work"
