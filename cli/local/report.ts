/**
 * The local run's HTML report, built from the Gold tables (over HiveServer2 HTTP, as Power BI reads them) and from
 * Cassandra (as Grafana reads it), with the same SQL/CQL a BI user would run. Queries are data, shown under each chart.
 */
import * as cassandraDriver from "cassandra-driver";
import * as fs from "fs";
import { cassandra as cassandraNames, storage } from "../../contracts";
import { ChartSpec } from "../report/charts";
import { renderReport, ReportData } from "../report/html";
import { parseHttpEndpoint, queryHive, Row } from "../serving/hive";
import { prometheusHealthCharts } from "./health";
import { LocalState } from "./state";
import { StepTiming } from "./steps";

const GOLD = storage.hiveDatabases.gold;
const KS = cassandraNames.keyspace;

/** Gold charts: [id, title, kind, format, SQL returning (label, value)]. */
export const GOLD_CHARTS: readonly (readonly [string, string, ChartSpec["kind"], ChartSpec["format"], string])[] = [
  ["revenue-by-month", "Revenue by purchase month (payments, R$)", "bar", "money",
    `SELECT purchase_month AS label, ROUND(SUM(payment_value), 2) AS value FROM ${GOLD}.fact_orders ` +
    `WHERE order_status NOT IN ('canceled', 'unavailable') GROUP BY purchase_month ORDER BY purchase_month`],
  ["orders-by-state", "Orders by customer state (top 15)", "hbar", "int",
    `SELECT c.customer_state AS label, COUNT(*) AS value FROM ${GOLD}.fact_orders o ` +
    `JOIN ${GOLD}.dim_customers c ON o.customer_id = c.customer_id GROUP BY c.customer_state ORDER BY value DESC LIMIT 15`],
  ["top-categories", "Top product categories by item revenue (R$)", "hbar", "money",
    `SELECT p.product_category_name_english AS label, ROUND(SUM(i.price), 2) AS value FROM ${GOLD}.fact_order_items i ` +
    `JOIN ${GOLD}.dim_products p ON i.product_id = p.product_id WHERE p.product_category_name_english IS NOT NULL ` +
    `GROUP BY p.product_category_name_english ORDER BY value DESC LIMIT 12`],
  ["delivery-delay", "Delivery delay vs estimate (days, clipped to ±30; negative = early)", "bar", "int",
    `SELECT CAST(LEAST(GREATEST(delivery_delay_days, -30), 30) AS STRING) AS label, COUNT(*) AS value ` +
    `FROM ${GOLD}.fact_orders WHERE delivery_delay_days IS NOT NULL ` +
    `GROUP BY LEAST(GREATEST(delivery_delay_days, -30), 30) ORDER BY LEAST(GREATEST(delivery_delay_days, -30), 30)`],
  ["review-scores", "Orders by review score", "bar", "int",
    `SELECT CAST(CAST(ROUND(review_score_avg) AS INT) AS STRING) AS label, COUNT(*) AS value FROM ${GOLD}.fact_orders ` +
    `WHERE review_score_avg IS NOT NULL GROUP BY CAST(ROUND(review_score_avg) AS INT) ORDER BY CAST(ROUND(review_score_avg) AS INT)`],
  ["mql-conversion", "MQL → closed deal conversion by origin", "hbar", "pct",
    `SELECT origin AS label, AVG(CASE WHEN is_closed THEN 1.0 ELSE 0.0 END) AS value FROM ${GOLD}.dim_mql ` +
    `GROUP BY origin ORDER BY value DESC`],
  ["clicks-by-month", "Clickstream events by month (Gold)", "line", "int",
    `SELECT date_format(event_ts, 'yyyy-MM') AS label, COUNT(*) AS value FROM ${GOLD}.fact_clickstream_events ` +
    `GROUP BY date_format(event_ts, 'yyyy-MM') ORDER BY label`],
];

export const KPI_SQL =
  `SELECT COUNT(*) AS orders, ROUND(SUM(payment_value), 2) AS revenue, ROUND(AVG(review_score_avg), 2) AS review, ` +
  `AVG(CASE WHEN is_late THEN 0.0 WHEN is_late = false THEN 1.0 END) AS on_time FROM ${GOLD}.fact_orders`;

const FUNNEL_ORDER = ["page_view", "product_view", "add_to_cart", "purchase"];

/** Cassandra queries (full scans are fine at local scale; Grafana queries the same tables by day partition). */
export const CQL = {
  clickMetrics: `SELECT window_start, event_type, events FROM ${KS}.${cassandraNames.tables.clickMetricsByMinute}`,
  endpointMetrics: `SELECT endpoint, requests, client_errors, server_errors FROM ${KS}.${cassandraNames.tables.accessMetricsByEndpointMinute}`,
};

export function toPoints(rows: readonly Row[]): ChartSpec["points"] {
  return rows.map((r) => ({ label: String(r.label ?? "(none)"), value: Number(r.value) }));
}

/** Funnel from per-minute event counts: total events per type in funnel order, then any other types. */
export function funnelPoints(rows: readonly { event_type: string; events: number }[]): ChartSpec["points"] {
  const totals = new Map<string, number>();
  rows.forEach((r) => totals.set(r.event_type, (totals.get(r.event_type) ?? 0) + Number(r.events)));
  const rank = (t: string) => (FUNNEL_ORDER.includes(t) ? FUNNEL_ORDER.indexOf(t) : FUNNEL_ORDER.length);
  return [...totals.entries()].sort((a, b) => rank(a[0]) - rank(b[0]) || b[1] - a[1]).map(([label, value]) => ({ label, value }));
}

/** Events per minute during the busiest hour (a per-minute view over two years of data would be unreadable). */
export function busiestHourPoints(rows: readonly { window_start: Date; events: number }[]): ChartSpec["points"] {
  const perMinute = new Map<number, number>();
  rows.forEach((r) => perMinute.set(r.window_start.getTime(), (perMinute.get(r.window_start.getTime()) ?? 0) + Number(r.events)));
  const perHour = new Map<number, number>();
  perMinute.forEach((v, t) => perHour.set(t - (t % 3_600_000), (perHour.get(t - (t % 3_600_000)) ?? 0) + v));
  const busiest = [...perHour.entries()].sort((a, b) => b[1] - a[1])[0]?.[0];
  if (busiest === undefined) return [];
  return [...perMinute.entries()]
    .filter(([t]) => t >= busiest && t < busiest + 3_600_000)
    .sort((a, b) => a[0] - b[0])
    .map(([t, value]) => ({ label: new Date(t).toISOString().slice(11, 16), value }));
}

/** Error rate per endpoint over the whole run (errors / requests), top endpoints by traffic. */
export function endpointErrorPoints(
  rows: readonly { endpoint: string; requests: number; client_errors: number; server_errors: number }[],
  top = 12,
): ChartSpec["points"] {
  const agg = new Map<string, { requests: number; errors: number }>();
  rows.forEach((r) => {
    const a = agg.get(r.endpoint) ?? { requests: 0, errors: 0 };
    a.requests += Number(r.requests);
    a.errors += Number(r.client_errors) + Number(r.server_errors);
    agg.set(r.endpoint, a);
  });
  return [...agg.entries()]
    .sort((a, b) => b[1].requests - a[1].requests)
    .slice(0, top)
    .map(([label, a]) => ({ label, value: a.requests ? a.errors / a.requests : 0 }));
}

async function cassandraRows<T>(state: LocalState, cql: string): Promise<T[]> {
  if (!state.cassandra) return [];
  const client = new cassandraDriver.Client({
    contactPoints: [`${state.cassandra.host}:${state.cassandra.port}`],
    localDataCenter: "datacenter1",
  });
  try {
    const result = await client.execute(cql, [], { fetchSize: 100_000, prepare: false });
    return result.rows as unknown as T[];
  } finally {
    await client.shutdown();
  }
}

export async function buildLocalReport(state: LocalState, file: string, timings: readonly StepTiming[]): Promise<string> {
  if (!state.thrift) throw new Error("the Spark Thrift Server is not running, so Gold cannot be read");
  const endpoint = parseHttpEndpoint(state.thrift.url);
  const [kpiRows, ...chartRows] = await queryHive(endpoint, [KPI_SQL, ...GOLD_CHARTS.map((c) => c[4])]);
  const goldCharts: ChartSpec[] = GOLD_CHARTS.map(([id, title, kind, format, sql], i) => ({ id, title, kind, format, source: sql, points: toPoints(chartRows[i]) }));
  const clicks = await cassandraRows<{ window_start: Date; event_type: string; events: number }>(state, CQL.clickMetrics);
  const endpoints = await cassandraRows<{ endpoint: string; requests: number; client_errors: number; server_errors: number }>(state, CQL.endpointMetrics);
  const streamCharts: ChartSpec[] = [
    { id: "events-per-minute", title: "Clickstream events per minute, busiest hour (Cassandra)", kind: "bar", format: "int", source: CQL.clickMetrics, points: busiestHourPoints(clicks) },
    { id: "funnel", title: "Funnel: events by type (Cassandra)", kind: "hbar", format: "int", source: CQL.clickMetrics, points: funnelPoints(clicks) },
    { id: "endpoint-error-rate", title: "Error rate by endpoint, top endpoints by traffic (Cassandra)", kind: "hbar", format: "pct", source: CQL.endpointMetrics, points: endpointErrorPoints(endpoints) },
  ];
  const health = state.observe ? await prometheusHealthCharts(state.observe.url, state.observe.startedAt, Date.now() / 1000) : [];
  const k = kpiRows[0] ?? {};
  const data: ReportData = {
    title: "E-commerce Insights Lakehouse — local run",
    subtitle: `Scale ${state.scale}, run date ${state.runDate}.`,
    generatedAt: new Date().toISOString(),
    kpis: [
      { label: "Orders (Gold)", value: Number(k.orders ?? 0).toLocaleString("en-US") },
      { label: "Revenue (payments)", value: `R$ ${Number(k.revenue ?? 0).toLocaleString("en-US")}` },
      { label: "Average review score", value: String(k.review ?? "n/a") },
      { label: "Delivered on time", value: `${(Number(k.on_time ?? 0) * 100).toFixed(1)}%` },
    ],
    sections: [
      { title: "Sales and customers (Gold, over the Power BI endpoint)", charts: goldCharts.slice(0, 3) },
      { title: "Delivery, reviews and marketing funnel (Gold)", charts: goldCharts.slice(3, 6) },
      { title: "Streaming (Cassandra and Gold)", charts: [goldCharts[6], ...streamCharts] },
      ...(health.length > 0 ? [{ title: "Pipeline health (Prometheus, over this run)", charts: health }] : []),
    ],
    tables: [{ title: "Elapsed time per step", columns: ["step", "status", "seconds"], rows: timings.map((t) => [t.step, t.status, t.seconds.toFixed(1)]) }],
  };
  fs.writeFileSync(file, renderReport(data));
  return file;
}
