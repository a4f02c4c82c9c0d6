#!/usr/bin/env bash
# DAG parse time: each file in dags/ parsed by Airflow's own DagBag in a fresh process (as the dag-processor does),
# the median of N runs, beside a reference measured the same way in the same run: a file holding one empty DAG.
# Prints figures as ratios to the reference and writes bench/results/dag-parse.json.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
RUNS="${DAG_PARSE_RUNS:-5}"
[ -x .venv-airflow/bin/python ] || bash scripts/setup.d/40-airflow.sh >/dev/null
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/ref" "$work/home" bench/results
cat > "$work/ref/empty_dag.py" <<'PY'
from airflow.sdk import DAG

with DAG(dag_id="reference_empty", schedule=None):
    pass
PY
cat > "$work/measure.py" <<'PY'
"""Print the seconds DagBag takes to process one file (Airflow itself is imported before the clock starts)."""
import sys
import time
from pathlib import Path

from airflow.dag_processing.dagbag import BundleDagBag

path = Path(sys.argv[1]).resolve()
bag = BundleDagBag(dag_folder=str(path.parent), bundle_path=path.parent, collect_dags=False)
start = time.perf_counter()
found = bag.process_file(str(path))
elapsed = time.perf_counter() - start
if bag.import_errors or not found:
    sys.exit(f"{path.name}: import errors {bag.import_errors}")
print(f"{elapsed:.6f} {len(found)}")
PY
export AIRFLOW_HOME="$work/home" AIRFLOW__CORE__LOAD_EXAMPLES=False AIRFLOW__CORE__DAGS_FOLDER="$ROOT/dags"
export AIRFLOW__DATABASE__SQL_ALCHEMY_CONN="sqlite:///$work/home/unused.db"
measure() { # file -> "median_seconds dag_count"
  local f="$1" i out times=() count=0
  for ((i = 0; i < RUNS; i++)); do
    out="$(.venv-airflow/bin/python "$work/measure.py" "$f" 2>/dev/null | tail -1)"
    times+=("${out% *}"); count="${out#* }"
  done
  printf '%s %s\n' "$(printf '%s\n' "${times[@]}" | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')" "$count"
}
read -r ref _ < <(measure "$work/ref/empty_dag.py")
rows=()
total=0
printf '%-28s %6s %12s %10s\n' "file" "dags" "parse (ms)" "x empty"
printf '%-28s %6s %12.1f %10s\n' "(reference: empty DAG)" 1 "$(awk -v s="$ref" 'BEGIN{print s*1000}')" "1.00"
for f in dags/*.py; do
  read -r secs count < <(measure "$f")
  total="$(awk -v a="$total" -v b="$secs" 'BEGIN{print a+b}')"
  ratio="$(awk -v s="$secs" -v r="$ref" 'BEGIN{printf "%.2f", s/r}')"
  printf '%-28s %6s %12.1f %10s\n' "$(basename "$f")" "$count" "$(awk -v s="$secs" 'BEGIN{print s*1000}')" "$ratio"
  rows+=("{\"file\":\"$(basename "$f")\",\"dags\":$count,\"seconds\":$secs,\"ratio_to_reference\":$ratio}")
done
total_ratio="$(awk -v s="$total" -v r="$ref" 'BEGIN{printf "%.2f", s/r}')"
printf '%-28s %6s %12.1f %10s\n' "total" "" "$(awk -v s="$total" 'BEGIN{print s*1000}')" "$total_ratio"
{
  printf '{"benchmark":"dag-parse","runs_per_file":%s,"statistic":"median","reference":{"file":"empty_dag.py","seconds":%s},' "$RUNS" "$ref"
  printf '"files":[%s],' "$(IFS=,; echo "${rows[*]}")"
  printf '"total":{"seconds":%s,"ratio_to_reference":%s}}\n' "$total" "$total_ratio"
} > bench/results/dag-parse.json
echo "wrote bench/results/dag-parse.json"
