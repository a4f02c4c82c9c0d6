/**
 * `lakehouse local up`: the whole lakehouse on this machine, end to end, on embedded engines.
 * Steps: preflight → PostgreSQL → generate + load → batch (Bronze → Silver → Gold + quality) → streaming (Kafka →
 * Spark → Kafka/Silver/Cassandra) → Spark Thrift Server → .pbids → HTML report → summary.
 * Every service started is recorded in `<run-dir>/state.json`; failures and Ctrl-C stop them all (unless --keep on success).
 */
import * as fs from "fs";
import * as path from "path";
import { runBatch, BatchSummary } from "./batch";
import { checkJava, checkPortFree, checkPythonEnv } from "./preflight";
import { lastJsonLine, LAKEHOUSE_BIN, run, StepError } from "./proc";
import { buildLocalReport } from "./report";
import { startThrift, THRIFT_PATH, writeLocalPbids } from "./serving";
import { LocalState, saveState, DbInfo } from "./state";
import { StepRunner } from "./steps";
import { runStreams, StreamSummary } from "./stream";
import { stopAll } from "./down";
import { batchMetricsEnv, startObserve } from "./observe";

export interface UpOptions {
  readonly runDir: string;
  readonly scale: number;
  readonly seed: number;
  readonly runDate: string;
  readonly thriftPort: number;
  readonly keep: boolean;
  readonly stream: boolean;
  readonly report: boolean;
  /** Also run Prometheus on loopback, scraping the jobs; the report gains a pipeline-health section. */
  readonly observe?: boolean;
}

export interface UpSummary {
  readonly batch?: BatchSummary;
  readonly stream?: StreamSummary;
  readonly steps: StepRunner["timings"];
  readonly totalSeconds: number;
  readonly report?: string;
  readonly pbids?: string;
  readonly thriftUrl?: string;
  readonly prometheusUrl?: string;
}

export async function localUp(opts: UpOptions, out: (line: string) => void = (l) => process.stdout.write(`${l}\n`)): Promise<UpSummary> {
  const runDir = path.resolve(opts.runDir);
  const logs = path.join(runDir, "logs");
  fs.mkdirSync(logs, { recursive: true });
  const state: LocalState = { runDir, runDate: opts.runDate, scale: opts.scale, warehouse: path.join(runDir, "warehouse") };
  saveState(state);
  const steps = new StepRunner(out);
  let interrupted = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (interrupted) return;
    interrupted = true;
    out(`\n${signal}: stopping everything this run started...`);
    stopAll(state, out).finally(() => process.exit(130));
  };
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);
  try {
    await steps.step("preflight", async (progress) => {
      progress(`Java ${checkJava()} found`);
      checkPythonEnv();
      await checkPortFree(opts.thriftPort, "Spark Thrift Server (--thrift-port)");
    });
    const observe = opts.observe
      ? await steps.step("Prometheus (loopback)", async (progress) => {
          const o = await startObserve({ dir: path.join(runDir, "observe") });
          state.observe = { url: o.url, pids: o.pids, startedAt: Date.now() / 1000 };
          saveState(state);
          progress(`Prometheus at ${o.url} (alerts: ${o.url}/alerts)`);
          return o;
        })
      : undefined;
    const db = await steps.step("PostgreSQL (embedded)", async (progress) => {
      const dataDir = path.join(runDir, "postgres");
      const { stdout } = await run(LAKEHOUSE_BIN, ["db", "start", "--data-dir", dataDir], { logFile: path.join(logs, "postgres.log") });
      const info = lastJsonLine<DbInfo>(stdout);
      state.db = { ...info, dataDir };
      saveState(state);
      progress(`listening on ${info.host}:${info.port}`);
      return state.db;
    });
    const dataDir = path.join(runDir, "data");
    await steps.step(`source data (scale ${opts.scale})`, async (progress) => {
      const logFile = path.join(logs, "data.log");
      await run(LAKEHOUSE_BIN, ["data", "generate", "--out", dataDir, "--scale", String(opts.scale), "--seed", String(opts.seed)], { logFile });
      progress(`generated into ${dataDir}`);
      await run(LAKEHOUSE_BIN, ["data", "load", "--data-dir", db.dataDir, "--from-csv", dataDir], { logFile });
      progress("loaded into ecom and marketing");
    });
    const batch = await steps.step("batch: Bronze → Silver → Gold + quality", (progress) =>
      runBatch({ state, db, logsDir: dataDir, logFile: path.join(logs, "batch.log"), progress, env: observe && batchMetricsEnv(observe) }),
    );
    const stream = opts.stream
      ? await steps.step("streaming: Kafka → Spark → Kafka/Silver/Cassandra", (progress) =>
          runStreams({ state, dataDir, logFile: path.join(logs, "stream.log"), progress, onStarted: () => saveState(state), metricsPorts: observe?.streamingPorts, kafkaMetricsPort: observe?.kafkaPort }),
        )
      : (steps.skip("streaming", "--no-stream"), undefined);
    saveState(state);
    const thrift = await steps.step(`Spark Thrift Server (HTTP :${opts.thriftPort}/${THRIFT_PATH})`, async (progress) => {
      const t = await startThrift(state, opts.thriftPort, path.join(logs, "thrift.log"));
      saveState(state);
      progress(`serving Gold at ${t.url}`);
      return t;
    });
    state.pbids = writeLocalPbids(runDir, opts.thriftPort);
    const report = opts.report
      ? await steps.step("HTML report", async (progress) => {
          const file = await buildLocalReport(state, path.join(runDir, "report.html"), steps.timings);
          progress(`open file://${file}`);
          return file;
        })
      : undefined;
    state.report = report;
    const summary: UpSummary = { batch, stream, steps: steps.timings, totalSeconds: steps.totalSeconds, report, pbids: state.pbids, thriftUrl: thrift.url, prometheusUrl: state.observe?.url };
    state.summary = summary;
    saveState(state);
    if (!opts.keep) await stopAll(state, out);
    return summary;
  } catch (err) {
    out(`\nlakehouse local up failed: ${err instanceof Error ? err.message : String(err)}`);
    if (err instanceof StepError && err.hint) out(`→ ${err.hint}`);
    await stopAll(state, out);
    throw err;
  } finally {
    process.off("SIGINT", onSignal);
    process.off("SIGTERM", onSignal);
  }
}
