/** The two PySpark streaming jobs (helper stream-jobs) as child processes of a stream run. */
import * as fs from "fs";
import * as path from "path";
import { runtime } from "../../contracts";
import { REPO_ROOT, VENV_PYTHON } from "../local/proc";
import { spawnDetached, Spawned, stopProcess } from "../engines/process";
import type { LogKind } from "./replayPlan";

export type Trigger = "available-now" | "processing-time:10 seconds";

export interface JobSettings {
  readonly kafkaBootstrap: string;
  readonly cassandraHosts: string;
  readonly warehouse: string;
  readonly checkpointRoot: string;
  readonly trigger: Trigger;
  /** Raw records per micro-batch (default `LOCAL_MAX_OFFSETS_PER_TRIGGER`). */
  readonly maxOffsetsPerTrigger?: number;
  /** Loopback port each job serves its Prometheus metrics on (jobs/lakehouse_jobs/streaming/metrics.py); none: not served. */
  readonly metricsPorts?: Partial<Record<LogKind, number>>;
}

/**
 * Micro-batch bound for local runs, as in a deployment (`lakehouse:streaming.maxOffsetsPerTrigger`): a backlog is
 * processed in steps of this many records, so memory stays bounded at any scale and each committed batch shows
 * progress; one batch of 100k access-log lines takes well under a minute on 2 cores.
 */
export const LOCAL_MAX_OFFSETS_PER_TRIGGER = 100_000;

/** Python module of a job. */
export const jobModule = (kind: LogKind): string =>
  ({ clickstream: runtime.jobModules.streamingClickstream, accesslog: runtime.jobModules.streamingAccesslog })[kind];

/** Command line of a job (common options of both jobs). */
export function jobArgs(kind: LogKind, s: JobSettings): string[] {
  return [
    "-m",
    jobModule(kind),
    "--master",
    "local[2]",
    "--warehouse",
    s.warehouse,
    "--kafka-bootstrap",
    s.kafkaBootstrap,
    "--cassandra-hosts",
    s.cassandraHosts,
    "--checkpoint-root",
    s.checkpointRoot,
    "--trigger",
    s.trigger,
    "--max-offsets-per-trigger",
    String(s.maxOffsetsPerTrigger ?? LOCAL_MAX_OFFSETS_PER_TRIGGER),
  ];
}

/**
 * What a stream run needs from other helpers and setup, as messages naming the missing piece; empty when complete.
 * `needGenerator`: no log files were given, so `lakehouse data generate --logs-only` must exist.
 */
export function missingPieces(needGenerator: boolean, root: string = REPO_ROOT): string[] {
  const missing: string[] = [];
  const cqlDir = path.join(root, "cql");
  if (!fs.existsSync(cqlDir) || !fs.readdirSync(cqlDir).some((f) => f.endsWith(".cql"))) missing.push("cql/*.cql: the Cassandra schema (helper stream-jobs)");
  for (const kind of ["clickstream", "accesslog"] as const) {
    const file = path.join(root, "jobs", "lakehouse_jobs", "streaming", `${kind}.py`);
    if (!fs.existsSync(file)) missing.push(`jobs/lakehouse_jobs/streaming/${kind}.py: the ${kind} streaming job (helper stream-jobs)`);
  }
  if (!fs.existsSync(path.join(root, ".venv", "bin", "python"))) missing.push(".venv: the Python environment (run: bash scripts/setup.sh)");
  if (needGenerator && !fs.existsSync(path.join(root, "cli", "commands", "data.ts"))) {
    missing.push("lakehouse data generate --logs-only: the log generator (helper source-data); or pass --clickstream and --accesslog files");
  }
  return missing;
}

export interface RunningJob {
  readonly kind: LogKind;
  readonly proc: Spawned;
  readonly logFile: string;
  readonly marker: string;
}

/** Starts a job in its own process group (its Spark JVM is a child of the Python driver), output in a log file. */
export function startJob(kind: LogKind, s: JobSettings, logDir: string): RunningJob {
  const logFile = path.join(logDir, `${kind}-job.log`);
  const port = s.metricsPorts?.[kind];
  const metrics = port === undefined ? {} : { [runtime.env.metricsPort]: `127.0.0.1:${port}` };
  const env = { ...process.env, SPARK_LOCAL_IP: "127.0.0.1", PYSPARK_PYTHON: VENV_PYTHON, ...metrics };
  const proc = spawnDetached(VENV_PYTHON, jobArgs(kind, s), { cwd: REPO_ROOT, logFile, env });
  return { kind, proc, logFile, marker: s.checkpointRoot };
}

export async function stopJob(job: RunningJob): Promise<void> {
  const pid = job.proc.child.pid;
  if (pid && !job.proc.exited()) await stopProcess(pid, job.marker, 30_000);
}
