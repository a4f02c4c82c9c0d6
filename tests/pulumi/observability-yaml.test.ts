/** The rendered YAML configs parse, and their structure wires the services together as intended. */
import { load } from "js-yaml";
import { renderConsoleConfig } from "../../components/streaming/kafka";
import { renderDashboardProvider, renderDatasources } from "../../components/observability/grafana";
import { renderFilebeatConfig } from "../../components/observability/logs";
import { renderPrometheusConfig } from "../../components/observability/metrics";

type Doc = Record<string, unknown>;
const yaml = (text: string) => load(text) as Doc;

it("Redpanda Console v3: brokers under kafka, no v2 `connect` block", () => {
  expect(yaml(renderConsoleConfig())).toEqual({ kafka: { brokers: ["kafka:9092"] }, server: { listenPort: 8080 } });
});

it("Filebeat: one filestream input per log producer with unique ids, output to Logstash only", () => {
  const doc = yaml(renderFilebeatConfig("logstash"));
  const inputs = doc["filebeat.inputs"] as Doc[];
  expect(inputs.map((i) => [i.type, i.id])).toEqual([
    ["filestream", "lakehouse-spark"],
    ["filestream", "lakehouse-streaming"],
    ["filestream", "lakehouse-airflow"],
  ]);
  expect(doc["output.logstash"]).toEqual({ hosts: ["logstash:5044"] });
  expect(Object.keys(doc).filter((k) => k.startsWith("output."))).toEqual(["output.logstash"]);
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
