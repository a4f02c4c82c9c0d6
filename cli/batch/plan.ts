/**
 * Planning of `lakehouse batch` (pure): the Python command lines that run the pipeline and the Thrift Server, and
 * the environment they get. The JDBC password travels only in the environment, never on a command line.
 */
import * as path from "path";
import { runtime, services } from "../../contracts";
import type { ServerInfo } from "../db/embedded";

export const PASSWORD_ENV = runtime.env.jdbcPassword;

export interface BatchRunOptions {
  readonly repoRoot: string;
  readonly warehouse: string;
  readonly runDate: string;
  readonly logsDir?: string;
  readonly full?: boolean;
  readonly shufflePartitions?: number;
}

export interface ProcessPlan {
  readonly command: string;
  readonly args: readonly string[];
  readonly env: Readonly<Record<string, string>>;
}

/** `postgresql://user@host:port/db` (as `lakehouse db start` prints it) -> `jdbc:postgresql://host:port/db`. */
export function jdbcUrl(url: string): string {
  const u = new URL(url);
  if (u.protocol !== "postgresql:" && u.protocol !== "postgres:") throw new Error(`not a PostgreSQL URL: ${url}`);
  return `jdbc:postgresql://${u.hostname}:${u.port || "5432"}${u.pathname}`;
}

/** The default run date: today in UTC, as the jobs expect it (YYYY-MM-DD). */
export function todayUtc(now: Date = new Date()): string {
  return now.toISOString().slice(0, 10);
}

export function assertRunDate(value: string): string {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value) || Number.isNaN(Date.parse(`${value}T00:00:00Z`))) {
    throw new Error(`--run-date expects YYYY-MM-DD, got ${value}`);
  }
  return value;
}

function python(repoRoot: string): string {
  return path.join(repoRoot, ".venv", "bin", "python");
}

function commonArgs(o: BatchRunOptions): string[] {
  return ["--master", "local[*]", "--warehouse", path.resolve(o.warehouse), "--shuffle-partitions", String(o.shufflePartitions ?? 4)];
}

function sparkEnv(o: BatchRunOptions): Record<string, string> {
  return { SPARK_LOCAL_IP: "127.0.0.1", PYTHONPATH: path.join(o.repoRoot, "jobs") };
}

export function pipelinePlan(o: BatchRunOptions, db: ServerInfo, password: string): ProcessPlan {
  for (const name of ["ecom", "marketing"]) {
    if (!db.databases[name]) throw new Error(`the source server has no ${name} database (run \`lakehouse db start\`)`);
  }
  const args = [
    "-m", runtime.jobModules.pipeline,
    "--run-date", assertRunDate(o.runDate),
    "--jdbc-url-ecom", jdbcUrl(db.databases.ecom),
    "--jdbc-url-marketing", jdbcUrl(db.databases.marketing),
    "--jdbc-user", db.user,
    ...commonArgs(o),
    ...(o.logsDir ? ["--logs-dir", path.resolve(o.logsDir)] : []),
    ...(o.full ? ["--full"] : []),
  ];
  return { command: python(o.repoRoot), args, env: { ...sparkEnv(o), [PASSWORD_ENV]: password } };
}

export function thriftPlan(o: Omit<BatchRunOptions, "runDate">, port: number = services.sparkThrift.ports.http): ProcessPlan {
  const args = ["-m", runtime.jobModules.thriftServer, "--port", String(port), "--host", "127.0.0.1", ...commonArgs({ ...o, runDate: "" })];
  return { command: python(o.repoRoot), args, env: sparkEnv({ ...o, runDate: "" }) };
}
