#!/usr/bin/env bash
# Benchmark: evaluating the whole Pulumi program under mocks, for `dev` and for 10 datanodes + 10 workers, each
# beside a trivial one-resource program evaluated by the same harness in the same run (ratios). Each scenario runs
# RUNS times in a fresh Node process (module loading included); medians are reported.
# Output: table on stdout, JSON in bench/results/pulumi-program.json.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
RUNS="${RUNS:-3}"
mkdir -p bench/results
raw="$(mktemp)"
trap 'rm -f "$raw"' EXIT
for i in $(seq "$RUNS"); do
  for s in reference dev large; do
    npx --no-install tsx bench/pulumi-program.ts "$s" >>"$raw"
  done
done
node - "$raw" "$RUNS" <<'JS'
const fs = require("node:fs");
const [raw, runs] = process.argv.slice(2);
const rows = fs.readFileSync(raw, "utf8").trim().split("\n").map((l) => JSON.parse(l));
const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor(s.length / 2)]; };
const agg = {};
for (const name of ["reference", "dev", "large"]) {
  const r = rows.filter((x) => x.scenario === name);
  agg[name] = { ms: median(r.map((x) => x.ms)), peakRssMb: median(r.map((x) => x.peakRssMb)), resources: r[0].resources, containers: r[0].containers };
}
const ref = agg.reference;
const ratio = (a, b) => Math.round((a / b) * 100) / 100;
const result = {
  benchmark: "pulumi-program",
  runs: Number(runs),
  machine: { node: process.version, cpus: require("node:os").cpus().length },
  reference: { description: "same mock harness, trivial program with one resource", ...ref },
  scenarios: Object.fromEntries(["dev", "large"].map((n) => [n, { ...agg[n], timeRatio: ratio(agg[n].ms, ref.ms), memoryRatio: ratio(agg[n].peakRssMb, ref.peakRssMb) }])),
};
result.scenarios.large.description = "10 datanodes + 10 Spark workers";
result.scenarios.dev.description = "dev stack defaults";
fs.writeFileSync("bench/results/pulumi-program.json", JSON.stringify(result, null, 2) + "\n");
console.log("scenario   time(ms)  x ref  peak RSS(MB)  x ref  resources  containers");
const line = (n, a, t, m) => console.log(`${n.padEnd(10)} ${String(a.ms).padStart(8)}  ${t.padStart(5)}  ${String(a.peakRssMb).padStart(12)}  ${m.padStart(5)}  ${String(a.resources).padStart(9)}  ${String(a.containers).padStart(10)}`);
line("reference", ref, "1.00", "1.00");
for (const n of ["dev", "large"]) line(n, agg[n], result.scenarios[n].timeRatio.toFixed(2), result.scenarios[n].memoryRatio.toFixed(2));
JS
