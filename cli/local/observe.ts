/**
 * Local observability: Debian's Prometheus (and node_exporter for the batch run's metrics textfile) on loopback,
 * scraping the local jobs with the scrape jobs and alert rules the Pulumi program renders for the deployment.
 */
import * as fs from "fs";
import * as path from "path";
import { runtime } from "../../contracts";
import { ALERT_RULES, AlertRule, renderAlertRules } from "../../components/observability/alerts";
import { pipelineScrapeJobs, renderScrapeConfig } from "../../components/observability/metrics";
import { freePort, LOCALHOST } from "../engines/ports";
import { spawnDetached, Spawned, stopProcess, waitReady } from "../engines/process";

export const PROMETHEUS_BIN = "/usr/bin/prometheus";
export const NODE_EXPORTER_BIN = "/usr/bin/prometheus-node-exporter";

export interface LocalObserve {
  readonly url: string;
  /** Folder the batch run writes its metrics textfile into (`LAKEHOUSE_METRICS_DIR`). */
  readonly textfileDir: string;
  /** Loopback ports the streaming jobs serve their metrics on. */
  readonly streamingPorts: { readonly clickstream: number; readonly accesslog: number };
  /** Loopback port the embedded Kafka broker's JMX exporter agent serves on. */
  readonly kafkaPort: number;
  /** Process ids (each leads its own group), for `local down`. */
  readonly pids: readonly number[];
  stop(): Promise<void>;
}

export interface ObserveOptions {
  readonly dir: string;
  readonly scrapeIntervalSeconds?: number;
  /** The rules to load (default: the deployment's); tests pass them with `for: 0s` to see alerts within seconds. */
  readonly rules?: readonly AlertRule[];
}

/** What is missing to observe locally, as messages naming the fix; empty when complete. */
export function observeMissing(): string[] {
  return [PROMETHEUS_BIN, NODE_EXPORTER_BIN]
    .filter((bin) => !fs.existsSync(bin))
    .map((bin) => `${bin}: install Debian's prometheus and prometheus-node-exporter (bash scripts/setup.d/35-conformance-readers.sh)`);
}

const httpOk = (url: string) => async () => (await fetch(url)).ok;

/** Starts node_exporter (textfile collector only) and Prometheus; `stop()` ends both. */
export async function startObserve(opts: ObserveOptions): Promise<LocalObserve> {
  const missing = observeMissing();
  if (missing.length > 0) throw new Error(`--observe cannot start; missing:\n  - ${missing.join("\n  - ")}`);
  const dir = path.resolve(opts.dir);
  const textfileDir = path.join(dir, "textfile");
  fs.mkdirSync(textfileDir, { recursive: true });
  const [promPort, nodePort, clickstream, accesslog, kafkaPort] = [await freePort(), await freePort(), await freePort(), await freePort(), await freePort()];
  const started: Spawned[] = [];
  const stop = async () => {
    for (const p of started.reverse()) if (p.child.pid) await stopProcess(p.child.pid, "", 10_000);
  };
  try {
    const nodeLog = path.join(dir, "node-exporter.log");
    const node = spawnDetached(
      NODE_EXPORTER_BIN,
      [`--web.listen-address=${LOCALHOST}:${nodePort}`, "--collector.disable-defaults", "--collector.textfile", `--collector.textfile.directory=${textfileDir}`],
      { cwd: dir, logFile: nodeLog },
    );
    started.push(node);
    await waitReady("node_exporter", node, nodeLog, httpOk(`http://${LOCALHOST}:${nodePort}/metrics`), 30_000);

    const rulesFile = path.join(dir, "lakehouse.rules.yml");
    fs.writeFileSync(rulesFile, renderAlertRules(opts.rules ?? ALERT_RULES));
    const jobs = pipelineScrapeJobs([`${LOCALHOST}:${clickstream}`, `${LOCALHOST}:${accesslog}`], [`${LOCALHOST}:${nodePort}`], [`${LOCALHOST}:${kafkaPort}`]);
    const config = path.join(dir, "prometheus.yml");
    fs.writeFileSync(config, renderScrapeConfig(jobs, opts.scrapeIntervalSeconds ?? 2, rulesFile));
    const promLog = path.join(dir, "prometheus.log");
    const prom = spawnDetached(
      PROMETHEUS_BIN,
      [`--config.file=${config}`, `--storage.tsdb.path=${path.join(dir, "data")}`, `--web.listen-address=${LOCALHOST}:${promPort}`],
      { cwd: dir, logFile: promLog },
    );
    started.push(prom);
    const url = `http://${LOCALHOST}:${promPort}`;
    await waitReady("prometheus", prom, promLog, httpOk(`${url}/-/ready`), 60_000);
    const pids = started.map((p) => p.child.pid).filter((pid): pid is number => pid !== undefined);
    return { url, textfileDir, streamingPorts: { clickstream, accesslog }, kafkaPort, pids, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}

/** The runtime environment a batch run needs to leave its metrics for the local node_exporter. */
export const batchMetricsEnv = (o: LocalObserve): Record<string, string> => ({ [runtime.env.metricsDir]: o.textfileDir });

interface PromResult {
  readonly metric: Record<string, string>;
  readonly values?: [number, string][];
  readonly value?: [number, string];
}

/** A Prometheus HTTP API query over [start, end] (unix seconds); throws with Prometheus' error text. */
export async function queryRange(url: string, expr: string, start: number, end: number, step = 1): Promise<PromResult[]> {
  const q = new URLSearchParams({ query: expr, start: String(start), end: String(end), step: String(step) });
  const res = await fetch(`${url}/api/v1/query_range?${q}`);
  const body = (await res.json()) as { status: string; error?: string; data?: { result: PromResult[] } };
  if (body.status !== "success") throw new Error(`PromQL ${expr}: ${body.error ?? res.status}`);
  return body.data!.result;
}
