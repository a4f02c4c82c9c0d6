/** The rendered YAML configs parse, and their structure wires the services together as intended. */
import { load } from "js-yaml";
import { renderConsoleConfig } from "../../components/streaming/kafka";
import { renderDashboardProvider, renderDatasources } from "../../components/observability/grafana";
import * as path from "path";
import { logs } from "../../contracts";
import { renderKibanaSavedObjects } from "../../components/observability/kibana";
import { CLUSTER_LOG_PRODUCERS, LOG_FOLDER_OWNERS, LOGS_DIR, logFolder } from "../../components/observability/logLayout";
import { renderFilebeatConfig, renderLogstashPipeline } from "../../components/observability/logs";
import { renderPrometheusConfig } from "../../components/observability/metrics";

type Doc = Record<string, unknown>;
const yaml = (text: string) => load(text) as Doc;

it("Redpanda Console v3: brokers under kafka, no v2 `connect` block", () => {
  expect(yaml(renderConsoleConfig())).toEqual({ kafka: { brokers: ["kafka:9092"] }, server: { listenPort: 8080 } });
});

it("Filebeat: one filestream input per log producer of the deployment (contracts/logs.json), output to Logstash only", () => {
  const doc = yaml(renderFilebeatConfig("logstash"));
  const inputs = doc["filebeat.inputs"] as { type: string; id: string; paths: string[]; fields: Record<string, string>; fields_under_root: boolean }[];
  const producers = Object.entries(logs.producers).filter(([, p]) => p.cluster);
  expect(producers.length).toBeGreaterThanOrEqual(4);
  expect(inputs.map((i) => i.fields[logs.logstash.producerField]).sort()).toEqual(producers.map(([name]) => name).sort());
  for (const [name, p] of producers) {
    const input = inputs.find((i) => i.fields[logs.logstash.producerField] === name)!;
    expect(input).toMatchObject({ type: "filestream", id: `lakehouse-${name}`, fields_under_root: true });
    expect(input.fields[logs.logstash.layerField]).toBe(p.layer);
    expect(input.paths).toEqual(p.globs.map((g) => `${LOGS_DIR}/${p.folder}/${g}`));
  }
  // The CLI runs on an operator's machine: its folder is on no volume Filebeat mounts.
  expect(inputs.some((i) => i.paths.some((path) => path.includes(`/${logs.producers.cli.folder}/`)))).toBe(false);
  expect(doc["output.logstash"]).toEqual({ hosts: ["logstash:5044"] });
  expect(Object.keys(doc).filter((k) => k.startsWith("output."))).toEqual(["output.logstash"]);
});

it("every folder a deployed producer writes is one Filebeat reads: the jobs and the Airflow tasks log where it looks", () => {
  const read = new Set((yaml(renderFilebeatConfig("logstash"))["filebeat.inputs"] as { paths: string[] }[]).flatMap((i) => i.paths.map((p) => path.posix.dirname(p).replace(/\/\*\*$/, ""))));
  for (const producer of CLUSTER_LOG_PRODUCERS) expect(read).toContain(logFolder(producer));
  expect(Object.keys(LOG_FOLDER_OWNERS).sort()).toEqual([...CLUSTER_LOG_PRODUCERS].sort());
});

it("Logstash addresses only contract fields, and every field the Kibana objects query is one Logstash places", () => {
  const conf = renderLogstashPipeline();
  const target = logs.logstash.target;
  const used = [...conf.matchAll(new RegExp(`\\[${target}\\]\\[([^\\]]+)\\]`, "g"))].map((m) => m[1]);
  const foreign = Object.values(logs.foreign).flatMap((names) => Object.values(names));
  expect(used.length).toBeGreaterThan(0);
  for (const name of used) expect([...Object.values(logs.fields), ...foreign]).toContain(name);
  for (const key of ["timestamp", "message", "level"] as const) expect(used).toContain(logs.fields[key]);
  const objects = renderKibanaSavedObjects().trimEnd().split("\n").map((l) => JSON.parse(l) as { type: string; id: string; attributes: Record<string, string>; references: { id: string }[] });
  const ids = new Set(objects.map((o) => o.id));
  for (const o of objects) for (const r of o.references) expect(ids).toContain(r.id);
  const queried = objects
    .filter((o) => o.type === "visualization")
    .flatMap((o) => [o.attributes.visState, o.attributes.kibanaSavedObjectMeta ? JSON.stringify(o.attributes.kibanaSavedObjectMeta) : ""])
    .flatMap((text) => [...text.matchAll(new RegExp(`${target}\\.([a-z_]+)`, "g"))].map((m) => m[1]));
  expect(new Set(queried)).toEqual(new Set(["level", "job", "dag_id", "event", "duration_s", "status"].map((k) => k)));
  for (const name of queried) expect(Object.values(logs.fields)).toContain(name);
  expect(objects.map((o) => o.type)).toEqual(["index-pattern", "visualization", "visualization", "visualization", "dashboard"]);
  // Each bar chart splits by one field only: a document without it would drop out of the chart.
  const charts = objects.filter((x) => x.type === "visualization").map((o) => JSON.parse(o.attributes.visState) as { type: string; aggs: { type: string }[] });
  expect(charts.filter((v) => v.type === "histogram").map((v) => v.aggs.filter((a) => a.type === "terms").length)).toEqual([1, 1]);
});

it("Prometheus: one static target list per job, unique job names, configured interval", () => {
  const doc = yaml(
    renderPrometheusConfig({ sparkMaster: "spark-master", sparkWorkers: ["spark-worker-1"], streamingDrivers: ["streaming-accesslog"], cadvisor: "cadvisor" }, 20),
  );
  expect(doc.global).toEqual({ scrape_interval: "20s", evaluation_interval: "20s" });
  const jobs = doc.scrape_configs as { job_name: string; metrics_path: string; static_configs: { targets: string[] }[] }[];
  expect(new Set(jobs.map((j) => j.job_name)).size).toBe(jobs.length);
  expect(jobs.find((j) => j.job_name === "spark-drivers")).toEqual({
    job_name: "spark-drivers",
    metrics_path: "/metrics/prometheus",
    static_configs: [{ targets: ["streaming-accesslog:4040"] }],
  });
});

it("Grafana: datasources point at the Prometheus and Cassandra hosts; dashboards come from files", () => {
  const ds = yaml(renderDatasources("prometheus", "cassandra", "grafana_reader")).datasources as Doc[];
  expect(ds.map((d) => [d.name, d.type, d.url])).toEqual([
    ["Prometheus", "prometheus", "http://prometheus:9090"],
    ["Cassandra", "hadesarchitect-cassandra-datasource", "cassandra:9042"],
  ]);
  expect(ds[1].secureJsonData).toEqual({ password: "${GF_CASSANDRA_PASSWORD}" });
  const providers = yaml(renderDashboardProvider()).providers as Doc[];
  expect(providers).toEqual([
    { name: "lakehouse", folder: "Lakehouse", type: "file", disableDeletion: true, allowUiUpdates: false, options: { path: "/etc/grafana/dashboards" } },
  ]);
});
