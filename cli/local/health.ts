/**
 * The report's pipeline-health section: what the local Prometheus (`local up --observe`) recorded over the run,
 * queried with the metric names of contracts/metrics.json. Each chart shows one figure per series (its peak or last
 * value over the run) and its PromQL.
 */
import { metrics } from "../../contracts";
import { ChartSpec } from "../report/charts";
import { queryRange } from "./observe";

const S = metrics.streaming;
const B = metrics.batch;
const L = metrics.labels;

/** [id, title, PromQL, label keys, reduce over the run, format]. */
export const HEALTH_CHARTS: readonly (readonly [string, string, string, readonly string[], "max" | "last", ChartSpec["format"]])[] = [
  ["stream-input-rate", "Peak streaming input rate (rows/s)", `max by (${L.job}, ${L.query}) (${S.inputRate.name})`, [L.query], "max", "int"],
  ["stream-processing-rate", "Peak streaming processing rate (rows/s)", `max by (${L.job}, ${L.query}) (${S.processingRate.name})`, [L.query], "max", "int"],
  ["stream-batch-duration", "Longest micro-batch (s)", `max by (${L.job}, ${L.query}) (${S.batchDuration.name})`, [L.query], "max", "float"],
  ["stream-lag", "Peak Kafka consumer lag (offsets behind latest)", `max by (${L.job}, ${L.source}) (${S.offsetsBehind.name})`, [L.job, L.source], "max", "int"],
  ["stream-dead-letters", "Dead-lettered records", `sum by (${L.job}) (${S.deadLetters.name})`, [L.job], "last", "int"],
  ["batch-steps", "Batch step durations (s)", `max by (${L.step}) (${B.stepDuration.name})`, [L.step], "last", "float"],
];

type Query = (expr: string) => Promise<{ metric: Record<string, string>; values?: [number, string][] }[]>;

/** One chart per HEALTH_CHARTS row; a series' label is its label values joined, its value reduced over the run. */
export async function healthCharts(query: Query): Promise<ChartSpec[]> {
  const charts: ChartSpec[] = [];
  for (const [id, title, expr, keys, reduce, format] of HEALTH_CHARTS) {
    const series = await query(expr);
    const points = series.map((s) => {
      const values = (s.values ?? []).map(([, v]) => Number(v)).filter((v) => Number.isFinite(v));
      const value = reduce === "max" ? Math.max(0, ...values) : (values.at(-1) ?? 0);
      return { label: keys.map((k) => s.metric[k] ?? "").join(" "), value };
    });
    charts.push({ id, title: `${title} (Prometheus)`, kind: "hbar", format, source: expr, points });
  }
  return charts;
}

/** The charts from a running Prometheus over [start, end] (unix seconds). */
export function prometheusHealthCharts(url: string, start: number, end: number): Promise<ChartSpec[]> {
  return healthCharts((expr) => queryRange(url, expr, start, end, Math.max(1, Math.ceil((end - start) / 1000))));
}
