/**
 * Observability against live signals: a real Prometheus (Debian's) scrapes both streaming jobs, run on local Spark
 * against the embedded Kafka and Cassandra, and node_exporter serving a real (failing) batch run's metrics textfile,
 * with the scrape jobs and alert rules the program renders. Then every dashboard and alert expression is evaluated,
 * provoked alerts must fire (dead letters injected into one log only, jobs gone, a failed batch run) and the silent
 * look-alike must not, and every CQL query of the Cassandra dashboard returns rows.
 */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { kafka, logs, metrics, runtime, type LogFieldKey, type LogProducerKey } from "../../contracts";
import { ALERT_RULES } from "../../components/observability/alerts";
import { logstashField, renderLogstashPipeline } from "../../components/observability/logs";
import { CASSANDRA_PANELS, cassandraQuery, dashboardPromQL } from "../../components/observability/dashboards";
import { stopEngine } from "../../cli/engines";
import { batchMetricsEnv, LocalObserve, queryRange, startObserve } from "../../cli/local/observe";
import { REPO_ROOT, VENV_PYTHON } from "../../cli/local/proc";
import { cassandraClient } from "../../cli/stream/cql";
import { runStream, StreamRunSummary } from "../../cli/stream/run";
import { clickLine, removeTempDirs, tempDir } from "../stream/helpers";

jest.setTimeout(900_000);

const S = metrics.streaming;
const B = metrics.batch;
/** Metrics only a container host (cAdvisor) or a successful batch run (Postgres sources) produces: not fed here. */
const NOT_LOCAL = [/container_/, new RegExp(`${B.stepDuration.name}|${B.rows.name}|${B.quarantinedRows.name}|${B.silverRowsIn.name}`)];
const fedLocally = (expr: string) => !NOT_LOCAL.some((re) => re.test(expr));

let dir: string;
let observe: LocalObserve | undefined;
let summary: StreamRunSummary | undefined;
let start: number;
let end: number;
let logDir: string;

function accessLine(i: number): string {
  return `177.34.12.${i % 5} - - [12/Mar/2017:14:${String(i % 60).padStart(2, "0")}:00 -0300] "GET /products/${i % 7} HTTP/1.1" ${i % 9 === 0 ? 500 : 200} ${100 + i}`;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const now = () => Date.now() / 1000;

async function firing(alert: string): Promise<Record<string, string>[]> {
  const series = await queryRange(observe!.url, `ALERTS{alertname="${alert}", alertstate="firing"}`, start, now());
  return series.map((s) => s.metric);
}

async function waitFiring(alert: string, timeoutMs = 60_000): Promise<Record<string, string>[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = await firing(alert);
    if (found.length > 0 || Date.now() > deadline) return found;
    await sleep(2000);
  }
}

beforeAll(async () => {
  dir = tempDir("observe-live");
  // Rules as deployed, but without their hold times, so a provoked alert fires within seconds.
  observe = await startObserve({ dir: path.join(dir, "observe"), scrapeIntervalSeconds: 1, rules: ALERT_RULES.map((r) => ({ ...r, for: "0s" })) });
  start = now();
  // The jobs started below (streaming drivers, the batch run) inherit the folder of their JSON logs.
  logDir = path.join(dir, "logs");
  process.env[runtime.env.logDir] = logDir;
  // One in four clickstream lines malformed: its dead-letter share is far above the alert's; the access log is clean.
  const clicks = Array.from({ length: 400 }, (_, i) => (i % 4 === 0 ? `garbage line ${i}` : clickLine(i % 5, i % 9, i)));
  const access = Array.from({ length: 300 }, (_, i) => accessLine(i));
  fs.writeFileSync(path.join(dir, "clicks.txt"), clicks.join("\n") + "\n");
  fs.writeFileSync(path.join(dir, "access.txt"), access.join("\n") + "\n");
  summary = await runStream({
    dir: path.join(dir, "stream"),
    clickstream: path.join(dir, "clicks.txt"),
    accesslog: path.join(dir, "access.txt"),
    scale: "0",
    trigger: "available-now",
    keep: true, // engines stay up for the CQL checks; the jobs are stopped (so their targets go down)
    maxOffsetsPerTrigger: 100,
    metricsPorts: observe.streamingPorts,
    kafkaMetricsPort: observe.kafkaPort,
  });
  // A real batch run that fails (its sources are unreachable) and leaves its metrics for node_exporter.
  const batch = spawnSync(
    VENV_PYTHON,
    ["-m", runtime.jobModules.pipeline, "--run-date", "2026-11-29", "--master", "local[1]", "--warehouse", path.join(dir, "warehouse"),
      "--jdbc-url-ecom", "jdbc:postgresql://127.0.0.1:1/ecom", "--jdbc-url-marketing", "jdbc:postgresql://127.0.0.1:1/marketing", "--jdbc-user", "nobody"],
    { cwd: path.join(REPO_ROOT, "jobs"), encoding: "utf8", timeout: 300_000, env: { ...process.env, SPARK_LOCAL_IP: "127.0.0.1", [runtime.env.jdbcPassword]: "unused", ...batchMetricsEnv(observe) } },
  );
  if (batch.status === 0) throw new Error(`the batch run against unreachable sources succeeded:\n${batch.stdout}`);
  await sleep(5000); // a few scrapes and rule evaluations after the batch metrics appeared and the jobs left
  end = now();
});

afterAll(async () => {
  delete process.env[runtime.env.logDir];
  await observe?.stop();
  for (const engine of ["kafka", "cassandra"]) await stopEngine(path.join(dir, "stream", engine)).catch(() => undefined);
  removeTempDirs();
});

test("the stream run itself was sound (the signals below come from a real run)", () => {
  expect(summary?.conserved).toEqual({ clickstream: true, accesslog: true });
});

test("every dashboard expression fed locally returns a series; the rest read cAdvisor or a successful batch run only", async () => {
  const exprs = dashboardPromQL();
  expect(exprs.filter((e) => fedLocally(e.expr)).length).toBeGreaterThanOrEqual(10);
  const empty: string[] = [];
  for (const e of exprs.filter((x) => fedLocally(x.expr))) {
    if ((await queryRange(observe!.url, e.expr, start, end)).length === 0) empty.push(`${e.dashboard} / ${e.title}: ${e.expr}`);
  }
  expect(empty).toEqual([]);
});

test("every metric an alert reads has series (cAdvisor's aside), and each alert expression is valid PromQL", async () => {
  const missing: string[] = [];
  for (const rule of ALERT_RULES) {
    await queryRange(observe!.url, rule.expr, start, end); // throws on a parse error
    for (const selector of rule.expr.match(/\b(?:lakehouse_\w+|up\{[^}]*\})/g) ?? []) {
      if (fedLocally(selector) && (await queryRange(observe!.url, selector, start, end)).length === 0) missing.push(`${rule.alert}: ${selector}`);
    }
  }
  expect(missing).toEqual([]);
});

test("the progress metrics carry what the jobs did: rows in, dead letters of the clickstream only", async () => {
  const last = async (expr: string) => (await queryRange(observe!.url, expr, start, end)).map((s) => [s.metric[metrics.labels.job], Number(s.values!.at(-1)![1])]);
  expect(Object.fromEntries(await last(`sum by (${metrics.labels.job}) (${S.deadLetters.name})`))).toEqual({ clickstream: 100, accesslog: 0 });
  expect(Object.fromEntries(await last(`max by (${metrics.labels.job}) (${S.inputRows.name})`))).toEqual({ clickstream: 400, accesslog: 300 });
});

test("provoked alerts fire, and only for what was provoked", async () => {
  const dead = await waitFiring("LakehouseDeadLetterRateHigh");
  expect(dead.map((m) => m[metrics.labels.job])).toEqual(["clickstream"]);
  const down = await waitFiring("LakehouseStreamingJobDown");
  expect(down.map((m) => m.instance).sort()).toEqual(Object.values(observe!.streamingPorts).map((p) => `127.0.0.1:${p}`).sort());
  expect((await waitFiring("LakehouseBatchRunFailed")).map((m) => m.job)).toEqual([metrics.scrapeJobs.batch]);
  // Silent: nothing stalled, no lag growing, no quality gate evaluated (the run failed before it).
  for (const alert of ["LakehouseStreamingQueryStalled", "LakehouseConsumerLagGrowing", "LakehouseQualityGateFailed"]) {
    expect([alert, await firing(alert)]).toEqual([alert, []]);
  }
});

test("every CQL query of the Cassandra dashboard returns rows after the stream run", async () => {
  const client = cassandraClient(summary!.cassandra);
  try {
    for (const panel of CASSANDRA_PANELS) {
      const cql = cassandraQuery(panel).replace("$__timeFrom", "0").replace("$__timeTo", String(Date.now()));
      const rows = (await client.execute(cql)).rows.length;
      expect([panel.title, rows > 0]).toEqual([panel.title, true]);
    }
  } finally {
    await client.shutdown();
  }
});

test("every log line the jobs wrote in these runs is a JSON record of contracts/logs.json, with the fields Logstash reads", () => {
  const F = logs.fields;
  const byProducer = new Map<LogProducerKey, Record<string, unknown>[]>();
  for (const producer of ["jobs", "streaming"] as const) {
    const folder = path.join(logDir, logs.producers[producer].folder);
    const files = fs.readdirSync(folder).filter((f) => f.endsWith(".log"));
    expect(files.length).toBeGreaterThanOrEqual(producer === "streaming" ? 2 : 1);
    const records = files.flatMap((f) =>
      fs.readFileSync(path.join(folder, f), "utf8").trimEnd().split("\n").map((line, i) => {
        try {
          return JSON.parse(line) as Record<string, unknown>;
        } catch {
          throw new Error(`${producer}/${f}:${i + 1} is not JSON: ${line.slice(0, 200)}`);
        }
      }),
    );
    for (const r of records) {
      for (const key of logs.required) expect([key, r[F[key]]]).toEqual([key, expect.anything()]);
      expect(logs.subject.some((key) => typeof r[F[key]] === "string" && r[F[key]] !== "")).toBe(true);
      expect(logs.levels).toContain(r[F.level]);
      expect(Number.isNaN(Date.parse(r[F.timestamp] as string))).toBe(false);
      expect(r[F.layer]).toBe(logs.producers[producer].layer);
    }
    byProducer.set(producer, records);
  }
  // The failed batch run: started, then failed with its traceback and duration, all under one run id.
  const batch = byProducer.get("jobs")!;
  expect(new Set(batch.map((r) => r[F.runId])).size).toBe(1);
  const finished = batch.find((r) => r[F.event] === logs.events.runFinished)!;
  expect(finished).toMatchObject({ [F.status]: logs.status.failed, [F.level]: "ERROR" });
  expect(finished[F.exception]).toMatch(/Traceback/);
  expect(typeof finished[F.durationSeconds]).toBe("number");
  // The streaming drivers: one line per micro-batch with its batch id.
  const batches = byProducer.get("streaming")!.filter((r) => r[F.event] === logs.events.batchCompleted);
  expect(batches.length).toBeGreaterThan(0);
  for (const r of batches) expect(Number.isInteger(r[F.batchId])).toBe(true);
  // Logstash addresses these fields by the same names: each contract field its filter reads is in the lines.
  const conf = renderLogstashPipeline();
  const seen = new Set([...byProducer.values()].flat().flatMap((r) => Object.keys(r)));
  const read = (Object.keys(F) as LogFieldKey[]).filter((key) => conf.includes(logstashField(key)));
  expect(read).toEqual(expect.arrayContaining(["timestamp", "message", "level"]));
  for (const key of read) expect(seen).toContain(F[key]);
});

test("the embedded broker's JMX exporter agent is scraped: every broker metric of the contract returns a series", async () => {
  for (const spec of Object.values(metrics.kafka)) {
    const series = await queryRange(observe!.url, spec.name, start, end);
    expect([spec.name, series.length > 0]).toEqual([spec.name, true]);
  }
  // Messages in per topic: the raw topics the replayer wrote carry a non-zero count.
  const raw = await queryRange(observe!.url, `${metrics.kafka.messagesIn.name}{topic="${kafka.topics.clickstreamRaw.name}"}`, start, end);
  expect(Math.max(...raw.flatMap((s) => (s.values ?? []).map(([, v]) => Number(v))))).toBeGreaterThan(0);
  expect((await queryRange(observe!.url, `up{job="${metrics.scrapeJobs.kafka}"}`, start, end)).length).toBe(1);
});
