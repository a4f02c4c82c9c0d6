/** `lakehouse batch`: the batch pipeline (Postgres -> Bronze -> Silver -> Gold) on local Spark, and its Thrift Server. */
import { spawn } from "child_process";
import * as path from "path";
import { Command, InvalidArgumentError } from "commander";
import { readPassword, startEmbedded } from "../db/embedded";
import { assertRunDate, pipelinePlan, ProcessPlan, thriftPlan, todayUtc } from "../batch/plan";

const REPO_ROOT = path.resolve(__dirname, "..", "..");

function runDate(value: string): string {
  try {
    return assertRunDate(value);
  } catch (err) {
    throw new InvalidArgumentError((err as Error).message);
  }
}

function port(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value) || n < 1 || n > 65535) throw new InvalidArgumentError(`not a TCP port: ${value}`);
  return n;
}

/** Runs the planned process with inherited stdio; resolves with its exit code (signals forwarded). */
function execute(plan: ProcessPlan): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(plan.command, [...plan.args], { stdio: "inherit", env: { ...process.env, ...plan.env } });
    const forward = (sig: NodeJS.Signals) => child.kill(sig);
    process.on("SIGINT", forward).on("SIGTERM", forward);
    child.on("error", reject);
    child.on("exit", (code, signal) => {
      process.off("SIGINT", forward).off("SIGTERM", forward);
      resolve(code ?? (signal ? 1 : 0));
    });
  });
}

export function register(program: Command): void {
  const batch = program.command("batch").description("Run the batch pipeline on local Spark and serve Gold over HiveServer2 HTTP");

  batch
    .command("run")
    .description(
      "Ingest the embedded PostgreSQL (loaded by `lakehouse data load`) into Bronze, build Silver and Gold, run the " +
        "quality checks, and print per-table row counts and the quality report. Exits 1 if a check fails.\n" +
        "Embedded Spark keeps its Derby metastore in the warehouse: one Spark process at a time, so run " +
        "`lakehouse batch serve` after this finishes.",
    )
    .option("--data-dir <dir>", "embedded PostgreSQL data directory (started if needed)", ".local/postgres")
    .option("--warehouse <dir>", "warehouse root (Bronze/Silver/Gold and the metastore)", ".local/warehouse")
    .option("--run-date <yyyy-mm-dd>", "the run date (partition of this ingestion)", runDate, todayUtc())
    .option("--logs-dir <dir>", "folder with the clickstream and access-log files (`lakehouse data generate --logs-only`)")
    .option("--full", "ignore watermarks and re-read every source row")
    .action(async (o: { dataDir: string; warehouse: string; runDate: string; logsDir?: string; full?: boolean }) => {
      const db = await startEmbedded(o.dataDir);
      const plan = pipelinePlan({ repoRoot: REPO_ROOT, ...o }, db, readPassword(db.passwordFile));
      process.exitCode = await execute(plan);
    });

  batch
    .command("serve")
    .description("Start the Spark Thrift Server (HTTP transport, path from contracts/services.json) over the warehouse, in the foreground")
    .option("--warehouse <dir>", "warehouse root", ".local/warehouse")
    .option("--port <n>", "HTTP port", port)
    .action(async (o: { warehouse: string; port?: number }) => {
      process.exitCode = await execute(thriftPlan({ repoRoot: REPO_ROOT, warehouse: o.warehouse }, o.port));
    });
}
