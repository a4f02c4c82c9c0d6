/**
 * Grafana dashboards as code: container resources (cAdvisor via Prometheus) and the streaming data in Cassandra,
 * queried by the dashboard's time range. Pure builders returning dashboard JSON models.
 */
import { cassandra } from "../../contracts";

export const PROMETHEUS_UID = "lakehouse-prometheus";
export const CASSANDRA_UID = "lakehouse-cassandra";

interface Panel {
  readonly title: string;
  readonly type: "timeseries" | "table";
  readonly unit?: string;
  readonly targets: readonly Record<string, unknown>[];
}

function layout(panels: readonly Panel[], datasourceUid: string, datasourceType: string) {
  return panels.map((p, i) => ({
    id: i + 1,
    title: p.title,
    type: p.type,
    datasource: { type: datasourceType, uid: datasourceUid },
    gridPos: { x: (i % 2) * 12, y: Math.floor(i / 2) * 8, w: 12, h: 8 },
    fieldConfig: { defaults: p.unit ? { unit: p.unit } : {}, overrides: [] },
    targets: p.targets.map((t, j) => ({ refId: String.fromCharCode(65 + j), datasource: { type: datasourceType, uid: datasourceUid }, ...t })),
  }));
}

function dashboard<P>(uid: string, title: string, panels: P[], from: string) {
  return { uid, title, tags: ["lakehouse"], schemaVersion: 39, version: 1, editable: false, time: { from, to: "now" }, refresh: "30s", panels };
}

const prom = (expr: string, legend = "{{name}}") => ({ expr, legendFormat: legend });
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
  return dashboard("lakehouse-containers", "Lakehouse containers", layout(panels, PROMETHEUS_UID, "prometheus"), "now-1h");
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
    targets: [{ queryType: "query", rawQuery: true, target: cassandraQuery(p) }],
  }));
  return dashboard("lakehouse-streaming", "Lakehouse streaming data", layout(panels, CASSANDRA_UID, "hadesarchitect-cassandra-datasource"), "now-6h");
}
