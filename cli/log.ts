/**
 * Structured logs of the CLI's commands: JSON lines with the field names of `contracts/logs.json` (the ones the jobs,
 * the Airflow alert and the Logstash pipeline use), appended to `<LAKEHOUSE_LOG_DIR>/<cli folder>/lakehouse.log`
 * when that variable is set (never to the terminal, which keeps its human output). A command's run id is exported
 * as `LAKEHOUSE_RUN_ID`, so the jobs it starts log under the same run.
 */
import { randomBytes } from "crypto";
import * as fs from "fs";
import * as path from "path";
import { logs, runtime, type LogFieldKey } from "../contracts";

export type LogLevel = "INFO" | "WARNING" | "ERROR";
/** Contract keys a record may add (`durationSeconds`, `event`, `status`, `exception`). */
export type LogExtra = Partial<Record<Extract<LogFieldKey, "event" | "durationSeconds" | "status" | "exception">, string | number>>;

export interface CommandLog {
  readonly runId: string;
  /** The file written, undefined when no log folder is configured. */
  readonly file?: string;
  write(level: LogLevel, message: string, extra?: LogExtra): void;
}

const F = logs.fields;
const LOGGER = "lakehouse.cli";

export function newRunId(job: string, now = new Date()): string {
  const stamp = now.toISOString().replace(/[-:]/g, "").replace(/\.\d+Z$/, "Z");
  return `${job.replace(/[^A-Za-z0-9_.-]/g, "-")}-${stamp}-${randomBytes(3).toString("hex")}`;
}

/** The file a CLI run appends to under a root log folder (the producer's folder from the contract). */
export const cliLogFile = (root: string) => path.join(root, logs.producers.cli.folder, "lakehouse.log");

/** The record of one line, by contract names (exported for the tests and for anyone rendering a line). */
export function logRecord(job: string, runId: string, level: LogLevel, message: string, extra: LogExtra = {}, now = new Date()): Record<string, unknown> {
  const record: Record<string, unknown> = {
    [F.timestamp]: now.toISOString(),
    [F.level]: level,
    [F.logger]: LOGGER,
    [F.message]: message,
    [F.job]: job,
    [F.runId]: runId,
    [F.layer]: logs.producers.cli.layer,
  };
  for (const [key, value] of Object.entries(extra)) if (value !== undefined) record[F[key as LogFieldKey]] = value;
  return record;
}

/** The log of one command (`job` is its name, e.g. `lakehouse local up`); reads the folder and run id from `env`. */
export function commandLog(job: string, env: NodeJS.ProcessEnv = process.env): CommandLog {
  const runId = env[runtime.env.runId] || newRunId(job);
  const root = env[runtime.env.logDir];
  const file = root ? cliLogFile(root) : undefined;
  if (file) fs.mkdirSync(path.dirname(file), { recursive: true });
  return {
    runId,
    file,
    write(level, message, extra) {
      if (file) fs.appendFileSync(file, `${JSON.stringify(logRecord(job, runId, level, message, extra))}\n`);
    },
  };
}
