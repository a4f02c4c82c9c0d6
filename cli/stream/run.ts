/**
 * `lakehouse stream run`: Kafka + Cassandra on local engines, topics, schema, the two streaming jobs on local Spark
 * and the replayer, with live counts per sink until the jobs have caught up; everything started is stopped at the
 * end (and on Ctrl-C) unless --keep.
 */
import * as fs from "fs";
import * as path from "path";
import { kafka, sources } from "../../contracts";
import { EngineInfo, startCassandra, startKafka, stopEngine, stopOnInterrupt } from "../engines";
import { LAKEHOUSE_BIN, REPO_ROOT, run, tail } from "../local/proc";
import { applyCql, cqlFiles } from "./cql";
import { JobSettings, missingPieces, RunningJob, startJob, stopJob, Trigger } from "./jobs";
import { replayFile, ReplaySummary } from "./replay";
import { LogKind } from "./replayPlan";
import { caughtUp, cassandraCounts, committedQueries, contractTopicNames, endOffsets, formatCounts, SinkCounts, TopicOffsets, total } from "./sinks";
import { kafkaClient, ensureTopics } from "./topics";
import { planTopics } from "./topicPlan";

export interface StreamRunOptions {
  readonly dir: string;
  readonly clickstream?: string;
  readonly accesslog?: string;
  readonly rate?: number;
  readonly scale: string;
  readonly trigger: Trigger;
  readonly keep?: boolean;
  /** Warehouse the jobs write Silver to and read the Gold products from (default: `<dir>/warehouse`). */
  readonly warehouse?: string;
  /** Give up when neither the topics nor the jobs' committed batches have moved for this long (default 10 minutes). */
  readonly idleTimeoutMs?: number;
  /** Raw records per micro-batch and metrics ports of the jobs (see `JobSettings`). */
  readonly maxOffsetsPerTrigger?: number;
  readonly metricsPorts?: JobSettings["metricsPorts"];
  /** Loopback port of the broker's JMX exporter agent (no agent when omitted). */
  readonly kafkaMetricsPort?: number;
}

export interface StreamRunSummary {
  readonly ok: boolean;
  readonly dir: string;
  readonly kafka: string;
  readonly cassandra: string;
  readonly replays: readonly ReplaySummary[];
  readonly counts: SinkCounts;
  /** Per log kind: raw messages = processed + dead-lettered. */
  readonly conserved: Record<string, boolean>;
  readonly elapsedMs: number;
  readonly kept: boolean;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function logFiles(opts: StreamRunOptions, dir: string): Promise<Partial<Record<LogKind, string>>> {
  if (opts.clickstream || opts.accesslog) return { clickstream: opts.clickstream, accesslog: opts.accesslog };
  const out = path.join(dir, "input");
  await run(LAKEHOUSE_BIN, ["data", "generate", "--logs-only", "--out", out, "--scale", opts.scale], { logFile: path.join(dir, "logs", "generate.log") });
  return { clickstream: path.join(out, sources.logs.clickstream.file), accesslog: path.join(out, sources.logs.accesslog.file) };
}

/** End offsets of every contract topic (cheap, so it is polled while waiting). */
async function topicEnds(bootstrap: string): Promise<TopicOffsets> {
  const admin = kafkaClient(bootstrap, "lakehouse-stream-run").admin();
  await admin.connect();
  try {
    return await endOffsets(admin, contractTopicNames());
  } finally {
    await admin.disconnect();
  }
}

/** True once every checkpointed query is at the end of the topics it reads. */
function drained(queries: ReturnType<typeof committedQueries>, ends: TopicOffsets): boolean {
  if (queries.length === 0) return false;
  return queries.every((q) => (Object.keys(q.offsets).length > 0 ? caughtUp(q.offsets, ends) : idleQueryDone(q.dir, ends)));
}

/** A query with no committed batch is done only when the raw topic of its kind (read from its path) is empty. */
function idleQueryDone(queryDir: string, ends: TopicOffsets): boolean {
  const kind = (["clickstream", "accesslog"] as const).find((k) => queryDir.includes(k));
  return kind !== undefined && total(ends[kafka.topics[`${kind}Raw`].name]) === 0;
}

function assertJobsAlive(jobs: readonly RunningJob[], allowCleanExit: boolean): void {
  for (const j of jobs) {
    const exit = j.proc.exited();
    if (exit && !(allowCleanExit && exit.code === 0)) {
      throw new Error(`the ${j.kind} streaming job exited (${exit.code ?? exit.signal}); last lines of ${j.logFile}:\n${tail(j.logFile, 30)}`);
    }
  }
}

/**
 * Waits until the jobs have processed everything (available-now: both exited; otherwise: every query caught up with
 * its topics and the counts stable across one poll). Polls only Kafka end offsets and checkpoint commits, which are
 * cheap; Cassandra is counted once at the end (COUNT(*) scans, and would compete with the jobs' writes). Fails when
 * nothing has moved for `idleTimeoutMs`, however long the whole run takes, so large scales never hit a fixed limit.
 */
async function waitDrained(bootstrap: string, cql: string, jobs: readonly RunningJob[], settings: JobSettings, idleTimeoutMs: number): Promise<SinkCounts> {
  const availableNow = settings.trigger === "available-now";
  let lastMove = Date.now();
  let lastLine = "";
  let lastBatches = -1;
  for (;;) {
    assertJobsAlive(jobs, availableNow);
    // One look at the topics and the checkpoints per poll: the status line, the progress check and the end test share it.
    const ends = await topicEnds(bootstrap);
    const queries = committedQueries(settings.checkpointRoot);
    const topics = Object.fromEntries(Object.entries(ends).map(([t, o]) => [t, total(o)]));
    const batches = queries.reduce((n, q) => n + q.batches, 0);
    const line = formatCounts({ topics, cassandra: {} });
    const moved = line !== lastLine || batches !== lastBatches;
    if (line !== lastLine) console.error(line);
    const done = availableNow ? jobs.every((j) => j.proc.exited()) : drained(queries, ends);
    if (done && (availableNow || !moved)) {
      const counts = { topics, cassandra: await cassandraCounts(cql).catch(() => ({})) };
      console.error(formatCounts(counts));
      return counts;
    }
    if (moved) lastMove = Date.now();
    [lastLine, lastBatches] = [line, batches];
    if (Date.now() - lastMove > idleTimeoutMs) {
      throw new Error(`the streaming jobs made no progress for ${Math.round(idleTimeoutMs / 1000)} s (${line}); logs in ${path.dirname(jobs[0].logFile)}`);
    }
    await sleep(5000);
  }
}

/** Per log kind: raw messages = processed + dead-lettered (nothing lost, nothing counted twice). */
export function conservation(counts: SinkCounts): Record<string, boolean> {
  const t = kafka.topics;
  const n = (key: string) => counts.topics[t[key].name] ?? 0;
  return {
    clickstream: n("clickstreamRaw") === n("clickstreamProcessed") + n("clickstreamDeadLetter"),
    accesslog: n("accesslogRaw") === n("accesslogProcessed") + n("accesslogDeadLetter"),
  };
}

/** Starts both engines in parallel; whichever started is recorded (and so stopped) even when the other fails. */
async function startBoth(dir: string, engines: EngineInfo[], kafkaMetricsPort?: number): Promise<[EngineInfo, EngineInfo]> {
  const results = await Promise.allSettled([startKafka({ dir: path.join(dir, "kafka"), metricsPort: kafkaMetricsPort }), startCassandra({ dir: path.join(dir, "cassandra") })]);
  for (const r of results) if (r.status === "fulfilled") engines.push(r.value);
  for (const r of results) if (r.status === "rejected") throw r.reason;
  return [engines[0], engines[1]];
}

export async function runStream(opts: StreamRunOptions): Promise<StreamRunSummary> {
  const started = Date.now();
  const dir = path.resolve(REPO_ROOT, opts.dir);
  const missing = missingPieces(!opts.clickstream && !opts.accesslog);
  if (missing.length > 0) throw new Error(`stream run cannot start; missing:\n  - ${missing.join("\n  - ")}`);
  fs.mkdirSync(path.join(dir, "logs"), { recursive: true });
  const engines: EngineInfo[] = [];
  const jobs: RunningJob[] = [];
  const stopJobs = () => Promise.all(jobs.map(stopJob)).then(() => undefined);
  const removeHandlers = stopOnInterrupt(() => (opts.keep ? [] : engines), stopJobs);
  try {
    const [k, c] = await startBoth(dir, engines, opts.kafkaMetricsPort);
    const bootstrap = `${k.host}:${k.port}`;
    const cql = `${c.host}:${c.port}`;
    console.error(`kafka ${bootstrap}, cassandra ${cql}`);
    await ensureTopics(bootstrap, planTopics());
    await applyCql(cql, cqlFiles(path.join(REPO_ROOT, "cql")));
    const files = await logFiles(opts, dir);
    const settings: JobSettings = { kafkaBootstrap: bootstrap, cassandraHosts: cql, warehouse: opts.warehouse ?? path.join(dir, "warehouse"), checkpointRoot: path.join(dir, "checkpoints"), trigger: opts.trigger, maxOffsetsPerTrigger: opts.maxOffsetsPerTrigger, metricsPorts: opts.metricsPorts };
    const replayAll = () =>
      Promise.all((Object.entries(files) as [LogKind, string | undefined][]).filter(([, f]) => f).map(([kind, file]) => replayFile({ bootstrap, kind, file: file as string, rate: opts.rate })));
    let replays: ReplaySummary[];
    if (opts.trigger === "available-now") {
      replays = await replayAll();
      jobs.push(startJob("clickstream", settings, path.join(dir, "logs")), startJob("accesslog", settings, path.join(dir, "logs")));
    } else {
      jobs.push(startJob("clickstream", settings, path.join(dir, "logs")), startJob("accesslog", settings, path.join(dir, "logs")));
      replays = await replayAll();
    }
    replays.forEach((r) => console.error(JSON.stringify(r)));
    const counts = await waitDrained(bootstrap, cql, jobs, settings, opts.idleTimeoutMs ?? 10 * 60_000);
    const conserved = conservation(counts);
    return { ok: Object.values(conserved).every(Boolean), dir, kafka: bootstrap, cassandra: cql, replays, counts, conserved, elapsedMs: Date.now() - started, kept: !!opts.keep };
  } finally {
    await stopJobs();
    if (!opts.keep) for (const e of engines) await stopEngine(e.dir);
    removeHandlers();
  }
}
