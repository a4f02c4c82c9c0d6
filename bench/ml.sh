#!/usr/bin/env bash
# ML jobs benchmark: per model (late delivery, repeat purchase, ALS recommendations) the wall time and peak memory of
# the job (train + evaluate + publish, its own Spark process) at each scale (default 0.1; BENCH_ML_SCALES="0.1 1"),
# against a reference measured in the same run: the batch pipeline that builds the Gold the models learn from. Also
# records each model's metrics beside its baseline (from the job's report). JSON to bench/results/ml.json.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
# shellcheck source=bench/lib/results.sh
source bench/lib/results.sh
export SPARK_LOCAL_IP=127.0.0.1
scales="${BENCH_ML_SCALES:-0.1}"
work="$(mktemp -d "${TMPDIR:-/tmp}/lakehouse-bench-ml-XXXXXX")"
pgdir=""
cleanup() { [ -z "$pgdir" ] || bin/lakehouse db stop --data-dir "$pgdir" >/dev/null 2>&1 || true; rm -rf "$work"; }
trap cleanup EXIT
# A name from contracts/*.json, e.g. `contract runtime jobModules pipeline`.
contract() { .venv/bin/python -c "import json,sys; print(json.load(open(f'contracts/{sys.argv[1]}.json'))[sys.argv[2]][sys.argv[3]])" "$@"; }
field() { .venv/bin/python -c "import json,sys; d=json.load(open(sys.argv[1])); print(eval(sys.argv[2]))" "$work/pg.json" "$1"; }
jdbc() { field "'jdbc:postgresql://' + d['host'] + ':' + str(d['port']) + '/$1'"; }
# Runs a job module; prints "<wall seconds> <peak RSS KiB of the process tree, JVM included>".
measure() {
  .venv/bin/python bench/measure.py "$work/time" -- .venv/bin/python -m "$@" --master 'local[*]' --shuffle-partitions 8 \
    >"$work/out" 2>"$work/err" || { tail -20 "$work/out" "$work/err" >&2; return 1; }
  cat "$work/time"
}

results=()
for scale in $scales; do
  [ -z "$pgdir" ] || bin/lakehouse db stop --data-dir "$pgdir" >/dev/null
  pgdir="$work/pg-$scale"
  bin/lakehouse db start --data-dir "$pgdir" >"$work/pg.json"
  export "$(contract runtime env jdbcPassword)=$(cat "$(field 'd["passwordFile"]')")"
  bin/lakehouse data load --data-dir "$pgdir" --scale "$scale" --seed 1 --keep-running >/dev/null
  wh="$work/wh-$scale"
  read -r ref_s ref_kib < <(measure "$(contract runtime jobModules pipeline)" --run-date 2026-01-01 --warehouse "$wh" \
    --jdbc-url-ecom "$(jdbc ecom)" --jdbc-url-marketing "$(jdbc marketing)" --jdbc-user "$(field 'd["user"]')")
  models=()
  for key in mlLateDelivery mlRepeatPurchase mlRecommendations; do
    read -r s kib < <(measure "$(contract runtime jobModules "$key")" --run-date 2026-01-01 --warehouse "$wh")
    job="$(contract runtime jobModules "$key" | sed 's/.*\.//')"
    report="$(cat "$wh/$(contract storage paths mlReports)/$job"/part-*)"
    models+=("$(.venv/bin/python - "$job" "$s" "$kib" "$ref_s" "$report" <<'PY'
import json, sys
job, s, kib, ref_s, report = sys.argv[1], float(sys.argv[2]), int(sys.argv[3]), float(sys.argv[4]), json.loads(sys.argv[5])
keep = lambda m: {k: v for k, v in m.items() if k != "reliability"}
print(json.dumps({"job": job, "seconds": s, "peak_rss_mib": round(kib / 1024), "to_pipeline": round(s / ref_s, 3),
  "model": keep(report["model"]), "baseline": keep(report["baseline"]), "verdict": report["verdict"]}))
PY
)")
  done
  line="$(printf '%s\n' "${models[@]}" | .venv/bin/python -c '
import json, sys
scale, ref_s, ref_kib = float(sys.argv[1]), float(sys.argv[2]), int(sys.argv[3])
models = [json.loads(l) for l in sys.stdin]
print(json.dumps({"scale": scale, "reference": {"what": "batch pipeline building the Gold the models read",
  "seconds": ref_s, "peak_rss_mib": round(ref_kib / 1024)}, "models": models}))' "$scale" "$ref_s" "$ref_kib")"
  .venv/bin/python - "$line" <<'PY'
import json, sys
r = json.loads(sys.argv[1])
print(f"scale {r['scale']:g}: reference pipeline {r['reference']['seconds']:.0f} s, {r['reference']['peak_rss_mib']} MiB")
for m in r["models"]:
    v = m["verdict"]
    print(f"  {m['job']}: {m['seconds']:.0f} s ({m['to_pipeline']} x pipeline), peak {m['peak_rss_mib']} MiB; "
          f"{v['metric']} model {v['model']} vs baseline {v['baseline']} -> beats baseline: {v['beats_baseline']}")
PY
  results+=("$line")
done
write_results ml "${results[@]}"
