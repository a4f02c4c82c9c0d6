/**
 * One measurement of evaluating the Pulumi program under mocks (the harness of tests/pulumi): wall time from
 * process start of the evaluation to all registrations settled, peak RSS, and resource counts. Scenarios:
 *   reference  a trivial program with one resource, same harness (the baseline the ratios use)
 *   dev        the dev stack with its defaults
 *   large      the dev stack with 10 datanodes and 10 Spark workers
 *   prod3      the prod stack (Kubernetes, Pulumi.prod.yaml): 3 datanodes, 3 Spark workers
 *   prod30     the prod stack with 30 datanodes and 30 Spark workers
 * Prints one JSON line; bench/lib/program.sh (behind bench/pulumi-program.sh and bench/k8s-program.sh) runs it
 * several times per scenario and aggregates.
 */
import { performance } from "node:perf_hooks";
import * as path from "node:path";
import { MockHarness } from "../tests/pulumi/harness";
import { stackConfig } from "../cli/deploy/evaluate";

const prod = (replicas: number) => ({ stack: "prod", config: stackConfig(path.resolve(__dirname, ".."), "prod", { "lakehouse:datanodes": String(replicas), "lakehouse:sparkWorkers": String(replicas) }) });
const SCENARIOS: Record<string, { stack: string; config: Record<string, string> } | null> = {
  reference: null,
  dev: { stack: "dev", config: {} },
  large: { stack: "dev", config: { "lakehouse:datanodes": "10", "lakehouse:sparkWorkers": "10" } },
  prod3: prod(3),
  prod30: prod(30),
};

async function main(): Promise<void> {
  const scenario = process.argv[2] ?? "";
  if (!(scenario in SCENARIOS)) throw new Error(`unknown scenario "${scenario}"; expected one of ${Object.keys(SCENARIOS).join(", ")}`);
  const chosen = SCENARIOS[scenario];
  const started = performance.now();
  const h = new MockHarness({ stack: chosen?.stack ?? "dev", config: chosen?.config ?? {} });
  await h.install();
  if (chosen === null) {
    const random = await import("@pulumi/random");
    new random.RandomPassword("only", { length: 16 });
  } else {
    const { loadConfig } = await import("../stacks");
    const { Lakehouse } = await import("../components/lakehouse");
    new Lakehouse("lakehouse", { config: loadConfig() });
  }
  await h.settle();
  const ms = performance.now() - started;
  const result = {
    scenario,
    ms: Math.round(ms),
    peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
    resources: h.resources.length,
    containers: h.containers().length,
    kubernetesObjects: h.resources.filter((r) => r.type.startsWith("kubernetes:")).length,
  };
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
