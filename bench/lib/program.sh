#!/usr/bin/env bash
# The harness of the program-evaluation benchmarks (bench/pulumi-program.sh, bench/k8s-program.sh): evaluates the
# Pulumi program under mocks (bench/pulumi-program.ts) for each scenario, beside a trivial one-resource program
# evaluated by the same harness in the same run (ratios). Each scenario runs RUNS times (default 3) in a fresh Node
# process (module loading included); medians are reported. Lives in bench/lib so scripts/bench.sh does not run it.
# Usage: bench/lib/program.sh NAME COUNT_FIELD SCENARIO=DESCRIPTION...
#   NAME         benchmark name; JSON goes to bench/results/NAME.json
#   COUNT_FIELD  extra count column from bench/pulumi-program.ts' output (containers | kubernetesObjects)
set -euo pipefail
if [ $# -lt 3 ]; then
  echo "usage: $0 NAME COUNT_FIELD SCENARIO=DESCRIPTION..." >&2
  exit 2
fi
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"
name="$1" field="$2"
shift 2
RUNS="${RUNS:-3}"
mkdir -p bench/results
raw="$(mktemp)"
trap 'rm -f "$raw"' EXIT
scenarios=()
for s in "$@"; do scenarios+=("${s%%=*}"); done
for i in $(seq "$RUNS"); do
  for s in reference "${scenarios[@]}"; do
    npx --no-install tsx bench/pulumi-program.ts "$s" >>"$raw"
  done
done
node - "$raw" "$RUNS" "$name" "$field" "$@" <<'JS'
const fs = require("node:fs");
const [raw, runs, name, field, ...specs] = process.argv.slice(2);
const rows = fs.readFileSync(raw, "utf8").trim().split("\n").map((l) => JSON.parse(l));
const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor(s.length / 2)]; };
const ratio = (a, b) => Math.round((a / b) * 100) / 100;
const agg = (scenario) => {
  const r = rows.filter((x) => x.scenario === scenario);
  if (!(field in r[0])) throw new Error(`bench/pulumi-program.ts reports no field "${field}"; it reports ${Object.keys(r[0]).join(", ")}`);
  return { ms: median(r.map((x) => x.ms)), peakRssMb: median(r.map((x) => x.peakRssMb)), resources: r[0].resources, [field]: r[0][field] };
};
const ref = agg("reference");
const scenarios = {};
for (const spec of specs) {
  const at = spec.indexOf("=");
  const scenario = spec.slice(0, at);
  const a = agg(scenario);
  scenarios[scenario] = { description: spec.slice(at + 1), ...a, timeRatio: ratio(a.ms, ref.ms), memoryRatio: ratio(a.peakRssMb, ref.peakRssMb) };
}
const result = {
  benchmark: name,
  runs: Number(runs),
  machine: { node: process.version, cpus: require("node:os").cpus().length, loadavg: require("node:os").loadavg() },
  reference: { description: "same mock harness, trivial program with one resource", ...ref },
  scenarios,
};
fs.writeFileSync(`bench/results/${name}.json`, JSON.stringify(result, null, 2) + "\n");
console.log(`scenario   time(ms)  x ref  peak RSS(MB)  x ref  resources  ${field}`);
const line = (n, a, t, m) => console.log(`${n.padEnd(10)} ${String(a.ms).padStart(8)}  ${t.padStart(5)}  ${String(a.peakRssMb).padStart(12)}  ${m.padStart(5)}  ${String(a.resources).padStart(9)}  ${String(a[field]).padStart(field.length)}`);
line("reference", ref, "1.00", "1.00");
for (const [n, s] of Object.entries(scenarios)) line(n, s, s.timeRatio.toFixed(2), s.memoryRatio.toFixed(2));
JS
