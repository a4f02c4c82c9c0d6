#!/usr/bin/env bash
# Batch pipeline benchmark: full run wall time and peak memory at each scale (default 1; BENCH_BATCH_SCALES="1 10"),
# an incremental run after a one-day append as a ratio to the full run, and the same Gold star schema computed by
# DuckDB from the same Bronze Parquet (ratio Spark Silver+Gold / DuckDB). JSON to bench/results/batch.json.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
# shellcheck source=bench/lib/results.sh
source bench/lib/results.sh
export SPARK_LOCAL_IP=127.0.0.1
.venv/bin/pip install --quiet -e "jobs[bench]"
scales="${BENCH_BATCH_SCALES:-1}"
work="$(mktemp -d "${TMPDIR:-/tmp}/lakehouse-bench-batch-XXXXXX")"
pgdir=""
cleanup() { [ -z "$pgdir" ] || bin/lakehouse db stop --data-dir "$pgdir" >/dev/null 2>&1 || true; rm -rf "$work"; }
trap cleanup EXIT
# Each scale gets its own embedded PostgreSQL: the loader refuses to load over rows that are already there.
start_db() {
  [ -z "$pgdir" ] || bin/lakehouse db stop --data-dir "$pgdir" >/dev/null
  pgdir="$work/pg-$1"
  bin/lakehouse db start --data-dir "$pgdir" >"$work/pg.json"
  export "$(runtime_name env jdbcPassword)=$(cat "$(field 'd["passwordFile"]')")"
}
# A name from contracts/runtime.json, e.g. `runtime_name env jdbcPassword`.
runtime_name() { .venv/bin/python -c "import json,sys; print(json.load(open('contracts/runtime.json'))[sys.argv[1]][sys.argv[2]])" "$1" "$2"; }
field() { .venv/bin/python -c "import json,sys; d=json.load(open(sys.argv[1])); print(eval(sys.argv[2]))" "$work/pg.json" "$1"; }
jdbc() { field "'jdbc:postgresql://' + d['host'] + ':' + str(d['port']) + '/$1'"; }

# Runs the pipeline; prints "<wall seconds> <peak RSS KiB of the process tree, JVM included> <silver+gold seconds>".
run_pipeline() {
  local warehouse="$1" day="$2"; shift 2
  .venv/bin/python bench/measure.py "$work/time" -- .venv/bin/python -m "$(runtime_name jobModules pipeline)" --run-date "$day" \
    --jdbc-url-ecom "$(jdbc ecom)" --jdbc-url-marketing "$(jdbc marketing)" --jdbc-user "$(field 'd["user"]')" \
    --warehouse "$warehouse" --master 'local[*]' --shuffle-partitions 8 "$@" >"$work/out" 2>"$work/err" \
    || { tail -20 "$work/out" "$work/err" >&2; return 1; }
  local sg; sg="$(awk '/^timing (silver|gold):/ {s += $3} END {print s}' "$work/out")"
  echo "$(cat "$work/time") $sg"
}

results=()
for scale in $scales; do
  start_db "$scale"
  rm -rf "$work/duck"
  bin/lakehouse data load --data-dir "$pgdir" --scale "$scale" --seed 1 --keep-running >/dev/null
  rm -rf "$work/wh"
  read -r full_s full_kib full_sg < <(run_pipeline "$work/wh" 2026-01-01)
  mkdir -p "$work/duck"
  duck_s="$(.venv/bin/python bench/batch_duckdb.py "$work/wh/bronze" "$work/duck" | .venv/bin/python -c 'import json,sys; print(json.load(sys.stdin)["seconds"])')"
  bin/lakehouse data load --data-dir "$pgdir" --append --day 2026-01-02 --seed 1 --keep-running >/dev/null
  read -r inc_s inc_kib _ < <(run_pipeline "$work/wh" 2026-01-02)
  line="$(.venv/bin/python - "$scale" "$full_s" "$full_kib" "$full_sg" "$inc_s" "$duck_s" <<'PY'
import json, sys
scale, full_s, kib, sg, inc_s, duck_s = sys.argv[1], *map(float, sys.argv[2:])
print(json.dumps({"scale": float(scale), "full_seconds": full_s, "peak_rss_mib": round(kib / 1024),
  "incremental_seconds": inc_s, "incremental_to_full": round(inc_s / full_s, 3),
  "spark_silver_gold_seconds": round(sg, 1), "duckdb_gold_seconds": duck_s,
  "spark_to_duckdb": round(sg / duck_s, 2) if duck_s else None}))
PY
)"
  .venv/bin/python - "$line" <<'PY'
import json, sys
r = json.loads(sys.argv[1])
print(f"scale {r['scale']:g}: full pipeline {r['full_seconds']:.0f} s, peak {r['peak_rss_mib']} MiB; "
      f"incremental after one-day append {r['incremental_seconds']:.0f} s = {r['incremental_to_full']:.2f} x full; "
      f"Silver+Gold Spark {r['spark_silver_gold_seconds']:.0f} s vs DuckDB {r['duckdb_gold_seconds']:.1f} s "
      f"= {r['spark_to_duckdb']} x")
PY
  results+=("$line")
done
write_results batch "${results[@]}"
