/** `lakehouse local`: the whole lakehouse on this machine (embedded PostgreSQL, local Spark, Kafka, Cassandra). */
import { Command, InvalidArgumentError } from "commander";
import * as fs from "fs";
import { execFileSync } from "child_process";
import { services } from "../../contracts";
import { deployedOutputs } from "../deploy/paths";
import { stopAll } from "../local/down";
import { loadState } from "../local/state";
import { localStateTarget, reconcile, ReconcileTarget, stackTarget } from "../reconcile/run";
import { localUp, UpSummary } from "../local/up";
import { Check, formatChecks, verifyLocal, verifyStack } from "../local/verify";

const DEFAULT_RUN_DIR = ".local/run";

function positiveNumber(value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) throw new InvalidArgumentError(`expected a positive number, got ${value}`);
  return n;
}

function port(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 65535) throw new InvalidArgumentError(`not a TCP port: ${value}`);
  return n;
}

function isoDate(value: string): string {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value) || Number.isNaN(Date.parse(value))) throw new InvalidArgumentError(`expected YYYY-MM-DD, got ${value}`);
  return value;
}

function prefixed(prefix: string, counts: Readonly<Record<string, number>> = {}): Record<string, number> {
  return Object.fromEntries(Object.entries(counts).map(([k, v]) => [`${prefix} ${k}`, v]));
}

export function printSummary(s: UpSummary): void {
  const lines: string[] = ["", "══ Local lakehouse summary ══"];
  for (const [layer, tables] of Object.entries(s.batch?.counts ?? {})) {
    lines.push(`${layer}:`);
    for (const [table, n] of Object.entries(tables)) lines.push(`  ${table.padEnd(44)} ${String(n).padStart(10)}`);
  }
  if (s.batch) lines.push(`quality: ${s.batch.quality.passed ? "passed" : "FAILED"} (${s.batch.quality.checks} checks)${s.batch.quality.failures.map((f) => `\n  ✘ ${f}`).join("")}`);
  if (s.stream) {
    lines.push("stream sinks (Kafka topic offsets, Cassandra rows):");
    const sinks = { ...prefixed("kafka", s.stream.counts.topics), ...prefixed("cassandra", s.stream.counts.cassandra) };
    for (const [sink, n] of Object.entries(sinks)) lines.push(`  ${sink.padEnd(44)} ${String(n).padStart(10)}`);
    for (const [kind, ok] of Object.entries(s.stream.conserved)) lines.push(`  ${kind}: raw = processed + dead-lettered ${ok ? "✔" : "✘"}`);
  }
  lines.push("elapsed per step:");
  for (const t of s.steps) lines.push(`  ${t.step.padEnd(52)} ${t.status.padEnd(8)} ${t.seconds.toFixed(1).padStart(7)}s`);
  lines.push(`total: ${s.totalSeconds.toFixed(1)}s`);
  if (s.thriftUrl) lines.push(`Power BI: Get Data → Spark, server ${s.thriftUrl}, protocol HTTP, DirectQuery (or open ${s.pbids})`);
  if (s.prometheusUrl) lines.push(`Prometheus: ${s.prometheusUrl} (alerts: ${s.prometheusUrl}/alerts)`);
  if (s.report) lines.push(`report: file://${s.report}`);
  console.log(lines.join("\n"));
}

/** Prints the checks and exits: 1 when any failed, naming the first failure. */
export function finish(checks: readonly Check[]): void {
  console.log(formatChecks(checks));
  const failed = checks.filter((c) => !c.ok);
  if (failed.length > 0) {
    console.error(`\n${failed.length} of ${checks.length} checks failed; first: [${failed[0].layer}] ${failed[0].check}: ${failed[0].detail}`);
    process.exitCode = 1;
  } else console.log(`\nall ${checks.length} checks passed`);
  // A HiveServer2 client that timed out may still hold its socket; the verdict is final, so exit now.
  process.exit(process.exitCode ?? 0);
}

interface VerifyOptions {
  runDir: string;
  stack?: string;
  outputs?: string;
  reconcile?: boolean;
  logsDir?: string;
  databaseUrl?: string;
}

function requireLogsDir(dir: string | undefined): string {
  if (!dir) throw new InvalidArgumentError("--reconcile against a stack needs --logs-dir: the log files the deployment ingested");
  return dir;
}

/** The reconciliation as checks; a target that cannot be built is one failed check naming why. */
export async function reconcileChecks(target: () => ReconcileTarget): Promise<Check[]> {
  try {
    return await reconcile(target());
  } catch (err) {
    return [{ layer: "reconcile", check: "KPIs from the sources = KPIs from Gold", ok: false, detail: (err as Error).message.split("\n")[0] }];
  }
}

export function register(program: Command): void {
  const local = program.command("local").description("Run the whole lakehouse on this machine, end to end, without Docker");

  local
    .command("up")
    .description(
      "Start PostgreSQL, generate and load source data, run the batch pipeline to Gold, run both streaming jobs over the " +
        "generated logs until drained, start the Spark Thrift Server over Gold, write the Power BI .pbids file and an HTML " +
        "report, and print a summary. Stops everything at the end unless --keep.",
    )
    .option("--scale <n>", "data scale (1 = the Olist row counts)", positiveNumber, 0.1)
    .option("--seed <n>", "generator seed", (v) => Number.parseInt(v, 10), 1)
    .option("--run-date <date>", "run date passed to the jobs (YYYY-MM-DD)", isoDate, new Date().toISOString().slice(0, 10))
    .option("--run-dir <dir>", "where state, data, warehouse and logs go", DEFAULT_RUN_DIR)
    .option("--thrift-port <port>", "Spark Thrift Server HTTP port (Power BI endpoint)", port, services.sparkThrift.ports.http)
    .option("--keep", "leave PostgreSQL, Kafka, Cassandra and the Thrift Server running for exploration")
    .option("--no-stream", "skip the streaming part")
    .option("--no-report", "skip the HTML report")
    .option("--observe", "also run Prometheus on loopback scraping the jobs (prints its URL); the report gains a pipeline-health section")
    .action(async (opts) => {
      const summary = await localUp({ ...opts, keep: Boolean(opts.keep) });
      printSummary(summary);
      if (opts.keep) console.log(`\nservices left running; stop them with: lakehouse local down --run-dir ${opts.runDir}`);
    });

  local
    .command("down")
    .description("Stop every service a 'local up --keep' left running")
    .option("--run-dir <dir>", "run directory given to 'local up'", DEFAULT_RUN_DIR)
    .action(async (opts: { runDir: string }) => {
      await stopAll(loadState(opts.runDir));
    });

  local
    .command("verify")
    .description("Check every layer of a running local lakehouse (or of a deployed stack with --stack) and exit non-zero if any check fails")
    .option("--run-dir <dir>", "run directory given to 'local up --keep'", DEFAULT_RUN_DIR)
    .option(
      "--stack <name>",
      "verify a deployed stack from its outputs: those 'lakehouse deploy docker' wrote for NAME, else 'pulumi stack output --json --stack NAME'",
    )
    .option("--outputs <file>", "verify a deployed stack from a saved 'pulumi stack output --json --show-secrets' file")
    .option("--reconcile", "also recompute the business KPIs from the source databases and log files with plain SQL and compare them with Gold")
    .option("--logs-dir <dir>", "with --reconcile: the clickstream and access-log files the batch read (local default: <run-dir>/data)")
    .option("--database-url <url>", "with --reconcile --stack: postgresql:// URL of the source server as reachable from here (host, port, credentials)")
    .action(async (opts: VerifyOptions) => {
      if (opts.stack || opts.outputs) {
        const json = opts.outputs
          ? fs.readFileSync(opts.outputs, "utf8")
          : (deployedOutputs(opts.stack as string) ??
            execFileSync("pulumi", ["stack", "output", "--json", "--stack", opts.stack as string, ...(opts.reconcile ? ["--show-secrets"] : [])], { encoding: "utf8" }));
        const outputs = JSON.parse(json) as Record<string, unknown>;
        const checks = await verifyStack(outputs);
        if (opts.reconcile) checks.push(...(await reconcileChecks(() => stackTarget(outputs, requireLogsDir(opts.logsDir), opts.databaseUrl))));
        finish(checks);
      } else {
        const state = loadState(opts.runDir);
        finish(await verifyLocal(state, opts.reconcile ? [() => reconcileChecks(() => localStateTarget(state, opts.logsDir))] : []));
      }
    });
}
