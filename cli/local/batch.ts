/** The batch step of the local run: the jobs package's pipeline entry point on local Spark against the embedded DB. */
import * as fs from "fs";
import * as path from "path";
import { runtime } from "../../contracts";
import { readPassword } from "../db/embedded";
import { run, StepError, VENV_PYTHON } from "./proc";
import { DbInfo, LocalState } from "./state";

export interface BatchSummary {
  /** Row counts per layer and table, e.g. { bronze: { "ecom.orders": 990 }, silver: {...}, gold: {...} }. */
  readonly counts: Readonly<Record<string, Readonly<Record<string, number>>>>;
  readonly quality: { readonly passed: boolean; readonly checks: number; readonly failures: readonly string[] };
}

/** JDBC URL for one database of the embedded server (the JDBC form of the `postgresql://` URL it prints). */
export function jdbcUrl(db: DbInfo, database: string): string {
  return `jdbc:postgresql://${db.host}:${db.port}/${database}`;
}

/** Spark settings shared by every local job: small, loopback-only, one warehouse. */
export function localSparkArgs(state: LocalState): string[] {
  return ["--master", "local[2]", "--warehouse", state.warehouse, "--shuffle-partitions", "4"];
}

export function localSparkEnv(): NodeJS.ProcessEnv {
  return { SPARK_LOCAL_IP: "127.0.0.1", PYSPARK_PYTHON: VENV_PYTHON };
}

export async function runBatch(args: {
  state: LocalState;
  db: DbInfo;
  logsDir: string;
  logFile: string;
  progress: (msg: string) => void;
  /** Extra environment (e.g. where to leave the run's metrics, `--observe`). */
  env?: Readonly<Record<string, string>>;
}): Promise<BatchSummary> {
  const { state, db } = args;
  const summaryFile = path.join(state.runDir, "batch-summary.json");
  fs.rmSync(summaryFile, { force: true });
  await run(
    VENV_PYTHON,
    [
      "-m",
      runtime.jobModules.pipeline,
      ...localSparkArgs(state),
      "--run-date",
      state.runDate,
      "--jdbc-url-ecom",
      jdbcUrl(db, "ecom"),
      "--jdbc-url-marketing",
      jdbcUrl(db, "marketing"),
      "--jdbc-user",
      db.user,
      "--logs-dir",
      args.logsDir,
      "--summary-json",
      summaryFile,
    ],
    {
      logFile: args.logFile,
      env: { ...localSparkEnv(), ...args.env, [runtime.env.jdbcPassword]: readPassword(db.passwordFile) },
      onLine: (line) => {
        if (/^\s*(bronze|silver|gold|quality)\b/i.test(line)) args.progress(line.trim());
      },
    },
  );
  if (!fs.existsSync(summaryFile)) throw new StepError(`the batch pipeline wrote no summary (${summaryFile})`, `see ${args.logFile}`);
  return JSON.parse(fs.readFileSync(summaryFile, "utf8")) as BatchSummary;
}
