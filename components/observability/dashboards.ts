/**
 * Grafana dashboards as code, built with Grafana's typed SDK (@grafana/grafana-foundation-sdk): pipeline health (the
 * jobs' metrics), container resources (cAdvisor) and the streaming data in Cassandra, queried by the dashboard's time
 * range. Pure functions returning dashboard JSON models.
 */
import { Builder, Dataquery } from "@grafana/grafana-foundation-sdk/cog";
import * as common from "@grafana/grafana-foundation-sdk/common";
import { DashboardBuilder } from "@grafana/grafana-foundation-sdk/dashboard";
import { DataqueryBuilder } from "@grafana/grafana-foundation-sdk/prometheus";
import * as table from "@grafana/grafana-foundation-sdk/table";
import * as timeseries from "@grafana/grafana-foundation-sdk/timeseries";
import { cassandra, metrics } from "../../contracts";

export const PROMETHEUS_UID = "lakehouse-prometheus";
export const CASSANDRA_UID = "lakehouse-cassandra";

/** A panel as this module describes it: what it shows; the SDK builds Grafana's model from it. */
interface Panel {
  readonly title: string;
  readonly type: "timeseries" | "table";
  readonly unit?: string;
  readonly targets: readonly Builder<Dataquery>[];
}

/**
 * A query of the Cassandra datasource plugin (hadesarchitect-cassandra-datasource), which the SDK does not ship:
 * declared as a custom Dataquery variant, as the SDK documents for third-party plugins.
 */
class CassandraQueryBuilder implements Builder<Dataquery> {
  constructor(private readonly cql: string) {}

  build(): Dataquery {
    const query = { queryType: "query", rawQuery: true, target: this.cql, _implementsDataqueryVariant() {} };
    return query;
  }
}

const W = 12;
const H = 8;

const legend = () => new common.VizLegendOptionsBuilder().displayMode(common.LegendDisplayMode.List).placement(common.LegendPlacement.Bottom).showLegend(true);

function panel(p: Panel, i: number, ds: common.DataSourceRef) {
  const builder = p.type === "table" ? new table.PanelBuilder() : new timeseries.PanelBuilder().legend(legend());
  builder.title(p.title).datasource(ds).gridPos({ x: (i % 2) * W, y: Math.floor(i / 2) * H, w: W, h: H });
  if (p.unit) builder.unit(p.unit);
  p.targets.forEach((t) => builder.withTarget(t));
  return builder;
}

/** A dashboard built with the typed SDK, serialised as Grafana's JSON model (what the file provider loads). */
function dashboard(uid: string, title: string, panels: readonly Panel[], ds: common.DataSourceRef, from: string) {
  const builder = new DashboardBuilder(title).uid(uid).tags(["lakehouse"]).readonly().time({ from, to: "now" }).refresh("30s");
  panels.forEach((p, i) => builder.withPanel(panel(p, i, ds)));
  const model = JSON.parse(JSON.stringify(builder.build())) as { panels: { title: string; targets: Record<string, unknown>[] }[] } & Record<string, unknown>;
  // refIds and per-target datasources, as Grafana's own editor saves them (the SDK leaves them empty).
  model.panels.forEach((p) => p.targets.forEach((t, j) => Object.assign(t, { refId: String.fromCharCode(65 + j), datasource: ds })));
  return model;
}

const PROMETHEUS: common.DataSourceRef = { type: "prometheus", uid: PROMETHEUS_UID };
const CASSANDRA_DS: common.DataSourceRef = { type: "hadesarchitect-cassandra-datasource", uid: CASSANDRA_UID };

const prom = (expr: string, legend = "{{name}}") => new DataqueryBuilder().expr(expr).legendFormat(legend);
const byContainer = '{name=~".+"}';

export function containerResourcesDashboard() {
  const panels: Panel[] = [
    { title: "CPU (cores) per container", type: "timeseries", targets: [prom(`sum by (name) (rate(container_cpu_usage_seconds_total${byContainer}[1m]))`)] },
    { title: "Memory working set per container", type: "timeseries", unit: "bytes", targets: [prom(`sum by (name) (container_memory_working_set_bytes${byContainer})`)] },
    { title: "Memory use vs limit", type: "timeseries", unit: "percentunit", targets: [prom(`sum by (name) (container_memory_working_set_bytes${byContainer}) / sum by (name) (container_spec_memory_limit_bytes${byContainer} > 0)`)] },
    { title: "Filesystem usage per container", type: "timeseries", unit: "bytes", targets: [prom(`sum by (name) (container_fs_usage_bytes${byContainer})`)] },
    { title: "Disk writes per container", type: "timeseries", unit: "Bps", targets: [prom(`sum by (name) (rate(container_fs_writes_bytes_total${byContainer}[1m]))`)] },
    { title: "Network received per container", type: "timeseries", unit: "Bps", targets: [prom(`sum by (name) (rate(container_network_receive_bytes_total${byContainer}[1m]))`)] },
  ];
  return dashboard("lakehouse-containers", "Lakehouse containers", panels, PROMETHEUS, "now-1h");
}

/** One Cassandra panel: which table (contract key) and which columns it reads (columns of cql/lakehouse.cql). */
export interface CassandraPanelSpec {
  readonly title: string;
  readonly table: string;
  /** Time series: [series, value, time] (the plugin's shape); table: any columns. */
  readonly columns: readonly string[];
  readonly timeColumn: string;
  readonly type: "timeseries" | "table";
}

export const CASSANDRA_PANELS: readonly CassandraPanelSpec[] = [
  { title: "Click events per minute by type", table: "clickMetricsByMinute", columns: ["event_type", "events", "window_start"], timeColumn: "window_start", type: "timeseries" },
  { title: "Funnel conversion per minute", table: "clickConversionByMinute", columns: ["window_start", "events", "product_views", "add_to_carts", "purchases", "conversion_rate"], timeColumn: "window_start", type: "table" },
  { title: "Latest click events", table: "clickEventsBySession", columns: ["event_ts", "session_id", "user_id", "event_type", "product_id", "amount", "outcome"], timeColumn: "event_ts", type: "table" },
  { title: "Requests and errors per minute", table: "accessMetricsByMinute", columns: ["window_start", "requests", "client_errors", "server_errors", "error_rate"], timeColumn: "window_start", type: "table" },
  { title: "Requests per minute by endpoint", table: "accessMetricsByEndpointMinute", columns: ["endpoint", "requests", "window_start"], timeColumn: "window_start", type: "timeseries" },
  { title: "Latest requests", table: "accessRequestsByHour", columns: ["request_ts", "host", "method", "endpoint", "status", "bytes", "ua_browser"], timeColumn: "request_ts", type: "table" },
];

/**
 * CQL for a panel, bounded by the dashboard's time range ($__timeFrom/$__timeTo are the plugin's macros). ALLOW
 * FILTERING keeps the query independent of each table's partition key; the tables hold minute aggregates, so small.
 */
export function cassandraQuery(p: CassandraPanelSpec): string {
  const table = cassandra.tables[p.table];
  if (table === undefined) throw new Error(`dashboard panel "${p.title}": no table "${p.table}" in contracts/cassandra.json`);
  const cols = p.type === "timeseries" ? [p.columns[0], `CAST(${p.columns[1]} AS double)`, p.columns[2]] : p.columns;
  const limit = p.type === "table" ? " LIMIT 500" : "";
  return `SELECT ${cols.join(", ")} FROM ${cassandra.keyspace}.${table} WHERE ${p.timeColumn} >= $__timeFrom AND ${p.timeColumn} <= $__timeTo${limit} ALLOW FILTERING`;
}

export function streamingDataDashboard() {
  const panels: Panel[] = CASSANDRA_PANELS.map((p) => ({
    title: p.title,
    type: p.type,
    targets: [new CassandraQueryBuilder(cassandraQuery(p))],
  }));
  return dashboard("lakehouse-streaming", "Lakehouse streaming data", panels, CASSANDRA_DS, "now-6h");
}

const S = metrics.streaming;
const B = metrics.batch;
const K = metrics.kafka;
const L = metrics.labels;
const by = (...labels: string[]) => `by (${labels.join(", ")})`;
const perQuery = by(L.job, L.query);
const perQueryLegend = `{{${L.job}}} {{${L.query}}}`;

/** Pipeline health: the jobs' own metrics (contracts/metrics.json), streaming first, then the last batch run. */
export const PIPELINE_PANELS: readonly Panel[] = [
  { title: "Streaming input rate", type: "timeseries", unit: "rowsps", targets: [prom(`sum ${perQuery} (${S.inputRate.name})`, perQueryLegend)] },
  { title: "Streaming processing rate", type: "timeseries", unit: "rowsps", targets: [prom(`sum ${perQuery} (${S.processingRate.name})`, perQueryLegend)] },
  { title: "Micro-batch duration", type: "timeseries", unit: "s", targets: [prom(`max ${perQuery} (${S.batchDuration.name})`, perQueryLegend)] },
  { title: "Kafka consumer lag (offsets behind latest)", type: "timeseries", targets: [prom(`sum ${by(L.job, L.source)} (${S.offsetsBehind.name})`, `{{${L.job}}} {{${L.source}}}`)] },
  { title: "Watermark delay", type: "timeseries", unit: "s", targets: [prom(`max ${perQuery} (${S.watermarkDelay.name})`, perQueryLegend)] },
  { title: "State store rows", type: "timeseries", targets: [prom(`sum ${perQuery} (${S.stateRows.name})`, perQueryLegend)] },
  { title: "Dead-letter rate", type: "timeseries", unit: "rowsps", targets: [prom(`sum ${by(L.job)} (rate(${S.deadLetters.name}[5m]))`, `{{${L.job}}}`)] },
  { title: "Queries running", type: "timeseries", targets: [prom(`sum ${by(L.job)} (${S.active.name})`, `{{${L.job}}}`)] },
  // The broker, through its JMX exporter agent (kafkaJmx.ts).
  { title: "Kafka messages in per topic", type: "timeseries", unit: "rowsps", targets: [prom(`sum by (topic) (rate(${K.messagesIn.name}[1m]))`, "{{topic}}")] },
  { title: "Kafka under-replicated partitions", type: "timeseries", targets: [prom(`sum (${K.underReplicatedPartitions.name})`, "under-replicated")] },
  { title: "Last batch run succeeded", type: "timeseries", targets: [prom(`max ${by(L.job)} (${B.runSuccess.name})`, `{{${L.job}}}`)] },
  { title: "Quality checks failed", type: "timeseries", targets: [prom(`max ${by(L.job)} (${B.qualityFailures.name})`, `{{${L.job}}}`)] },
  { title: "Batch step durations", type: "timeseries", unit: "s", targets: [prom(`max ${by(L.step)} (${B.stepDuration.name})`, `{{${L.step}}}`)] },
  { title: "Rows per layer", type: "timeseries", targets: [prom(`sum ${by(L.layer)} (${B.rows.name})`, `{{${L.layer}}}`)] },
  { title: "Rows quarantined per Silver table", type: "table", targets: [prom(`max ${by(L.table)} (${B.quarantinedRows.name})`, `{{${L.table}}}`)] },
];

export function pipelineHealthDashboard() {
  return dashboard("lakehouse-pipelines", "Lakehouse pipeline health", PIPELINE_PANELS, PROMETHEUS, "now-6h");
}

/** Every PromQL expression of the Prometheus dashboards (the live test runs each against a real Prometheus). */
export function dashboardPromQL(): { readonly dashboard: string; readonly title: string; readonly expr: string }[] {
  return [containerResourcesDashboard(), pipelineHealthDashboard()].flatMap((d) =>
    d.panels.flatMap((p) => p.targets.map((t) => ({ dashboard: String(d.uid), title: p.title, expr: String(t.expr) }))),
  );
}
