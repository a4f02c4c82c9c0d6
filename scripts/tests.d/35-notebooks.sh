#!/usr/bin/env bash
# Notebooks suite: builds a small warehouse the way `local up` does (embedded PostgreSQL loaded with generated
# scale-0.02 data, then the batch pipeline into a local warehouse with its embedded Derby metastore), runs the
# repeat-purchase job's entry point (so one notebook reads a report the job wrote, the others train on their own),
# then executes every notebook in notebooks/ top to bottom with nbclient against that warehouse (that no committed
# notebook carries outputs is the fast tier's tests/local/notebooks.test.ts). Starts PostgreSQL itself and always
# stops it.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"
# A skipped test fails these pytest runs (scripts/lib/suite.sh loads scripts/lib/pytest_no_skips.py).
source "$ROOT/scripts/lib/suite.sh"
export SPARK_LOCAL_IP=127.0.0.1

suite_postgres notebooks 0.02
wh="$work/warehouse"
bin/lakehouse batch run --data-dir "$pgdir" --warehouse "$wh" --run-date 2026-01-01 >"$work/batch.log" 2>&1 \
  || { tail -30 "$work/batch.log"; exit 1; }

# A name from contracts/runtime.json, e.g. `contract env warehouse`.
contract() { .venv/bin/python -c "import json,sys; print(json.load(open('contracts/runtime.json'))[sys.argv[1]][sys.argv[2]])" "$@"; }
# The variables every job reads: the notebooks build their session from them.
export "$(contract env warehouse)=$wh" "$(contract env sparkMaster)=local[2]" "$(contract env shufflePartitions)=4"
.venv/bin/python -m "$(contract jobModules mlRepeatPurchase)" --run-date 2026-01-01 >"$work/ml.log" 2>&1 \
  || { tail -30 "$work/ml.log"; exit 1; }

cd jobs
../.venv/bin/pytest tests/notebooks -q -p no:cacheprovider --durations=10 --basetemp="$work/pytest" "$@"
