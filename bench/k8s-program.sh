#!/usr/bin/env bash
# Benchmark: evaluating the Pulumi program for the Kubernetes stack `prod` under mocks, at 3 and at 30 replicas per
# scalable service (datanodes, Spark workers), beside a trivial one-resource program evaluated by the same harness in
# the same run (ratios). Each scenario runs RUNS times in a fresh Node process (module loading included); medians.
# Output: table on stdout, JSON in bench/results/k8s-program.json.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
RUNS="${RUNS:-3}"
mkdir -p bench/results
raw="$(mktemp)"
trap 'rm -f "$raw"' EXIT
for i in $(seq "$RUNS"); do
  for s in reference prod3 prod30; do
    npx --no-install tsx bench/pulumi-program.ts "$s" >>"$raw"
  done
done
node - "$raw" "$RUNS" <<'JS'
const fs = require("node:fs");
const [raw, runs] = process.argv.slice(2);
const rows = fs.readFileSync(raw, "utf8").trim().split("\n").map((l) => JSON.parse(l));
const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor(s.length / 2)]; };
const ratio = (a, b) => Math.round((a / b) * 100) / 100;
const agg = (name) => {
  const r = rows.filter((x) => x.scenario === name);
  return { ms: median(r.map((x) => x.ms)), peakRssMb: median(r.map((x) => x.peakRssMb)), resources: r[0].resources, kubernetesObjects: r[0].kubernetesObjects };
};
const ref = agg("reference");
const scenarios = {};
for (const [name, description] of [["prod3", "prod stack, 3 datanodes + 3 Spark workers"], ["prod30", "prod stack, 30 datanodes + 30 Spark workers"]]) {
  const a = agg(name);
  scenarios[name] = { description, ...a, timeRatio: ratio(a.ms, ref.ms), memoryRatio: ratio(a.peakRssMb, ref.peakRssMb) };
}
const result = {
  benchmark: "k8s-program",
  runs: Number(runs),
  machine: { node: process.version, cpus: require("node:os").cpus().length },
  reference: { description: "same mock harness, trivial program with one resource", ...ref },
  scenarios,
};
fs.writeFileSync("bench/results/k8s-program.json", JSON.stringify(result, null, 2) + "\n");
console.log("scenario   time(ms)  x ref  peak RSS(MB)  x ref  resources  k8s objects");
console.log(`reference  ${String(ref.ms).padStart(8)}  ${"1".padStart(5)}  ${String(ref.peakRssMb).padStart(12)}  ${"1".padStart(5)}  ${String(ref.resources).padStart(9)}  ${String(ref.kubernetesObjects).padStart(11)}`);
for (const [n, s] of Object.entries(scenarios)) {
  console.log(`${n.padEnd(9)}  ${String(s.ms).padStart(8)}  ${String(s.timeRatio).padStart(5)}  ${String(s.peakRssMb).padStart(12)}  ${String(s.memoryRatio).padStart(5)}  ${String(s.resources).padStart(9)}  ${String(s.kubernetesObjects).padStart(11)}`);
}
JS
