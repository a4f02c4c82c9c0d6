/**
 * One measurement of evaluating the Pulumi program under mocks (the harness of tests/pulumi): wall time from
 * process start of the evaluation to all registrations settled, peak RSS, and resource counts. Scenarios:
 *   reference  a trivial program with one resource, same harness (the baseline the ratios use)
 *   dev        the dev stack with its defaults
 *   large      the dev stack with 10 datanodes and 10 Spark workers
 * Prints one JSON line; bench/pulumi-program.sh runs it several times per scenario and aggregates.
 */
import { performance } from "node:perf_hooks";
import { MockHarness } from "../tests/pulumi/harness";

const SCENARIOS: Record<string, Record<string, string> | null> = {
  reference: null,
  dev: {},
  large: { "lakehouse:datanodes": "10", "lakehouse:sparkWorkers": "10" },
};

async function main(): Promise<void> {
  const scenario = process.argv[2] ?? "";
  if (!(scenario in SCENARIOS)) throw new Error(`unknown scenario "${scenario}"; expected one of ${Object.keys(SCENARIOS).join(", ")}`);
  const config = SCENARIOS[scenario];
  const started = performance.now();
  const h = new MockHarness({ stack: "dev", config: config ?? {} });
  await h.install();
  if (config === null) {
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
  };
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
