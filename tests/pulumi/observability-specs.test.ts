import { cassandra, metrics } from "../../contracts";
import { probeTest } from "../../components/platform/service";
import { CASSANDRA_PANELS, cassandraQuery, containerResourcesDashboard, streamingDataDashboard } from "../../components/observability/dashboards";
import { elasticsearchSpec, ES_SETUP_SCRIPT, esSetupJobSpec, kibanaSetupJobSpec, kibanaSpec } from "../../components/observability/elastic";
import { renderKibanaSavedObjects } from "../../components/observability/kibana";
import { grafanaSpec, renderDatasources } from "../../components/observability/grafana";
import { filebeatSpec, logstashSpec, renderFilebeatConfig, renderLogstashPipeline } from "../../components/observability/logs";
import { ALERT_RULES_PATH, cadvisorSpec, prometheusSpec, renderPrometheusConfig, scrapeJobs } from "../../components/observability/metrics";
import { observabilityConfigSchema } from "../../stacks/observability";
import { deployed, envOf, filesOf, installMocks, isSecret, PUBLISH } from "./svc-helpers";

beforeAll(installMocks);

describe("elasticsearch and kibana", () => {
  it("runs Elasticsearch with security on, a secret elastic password, a fixed heap and a data volume", async () => {
    const spec = elasticsearchSpec({ image: "docker.elastic.co/elasticsearch/elasticsearch:9.2.1", memoryMb: 2048, publish: PUBLISH, elasticPassword: "pw" });
    expect(await envOf(spec)).toMatchObject({ "xpack.security.enabled": "true", "discovery.type": "single-node", ES_JAVA_OPTS: "-Xms1024m -Xmx1024m" });
    expect(await isSecret(spec.env!.ELASTIC_PASSWORD)).toBe(true);
    expect(spec.volumes).toEqual([{ name: "data", mountPath: "/usr/share/elasticsearch/data", keepsData: true }]);
    // The healthcheck reads the password from the container env, never from the spec.
    expect(probeTest(spec.healthcheck!)[1]).toContain('"elastic:$ELASTIC_PASSWORD"');
  });

  it("sets the kibana_system password and a write-only Logstash user without passwords in arguments", async () => {
    const spec = esSetupJobSpec({ image: "es:9.2.1", elasticPassword: "a", kibanaSystemPassword: "b", logstashWriterPassword: "c", elasticsearch: deployed("elasticsearch"), memoryMb: 256 });
    expect(spec.oneShot).toBe(true);
    for (const k of ["ELASTIC_PASSWORD", "KIBANA_SYSTEM_PASSWORD", "LOGSTASH_WRITER_PASSWORD"]) expect(await isSecret(spec.env![k])).toBe(true);
    expect(ES_SETUP_SCRIPT).toContain("/_security/user/kibana_system/_password");
    expect(ES_SETUP_SCRIPT).toContain('"names":["lakehouse-logs-*"]');
    expect(ES_SETUP_SCRIPT).not.toMatch(/-u\s/);
  });

  it("connects Kibana as kibana_system after the setup job and imports the data view as code", async () => {
    const kb = kibanaSpec({ image: "kibana:9.2.1", memoryMb: 1024, hostPort: 5601, publish: PUBLISH, kibanaSystemPassword: "k", encryptionKey: "e", elasticsearch: deployed("elasticsearch"), esSetup: deployed("elasticsearch-setup") });
    expect(await envOf(kb)).toMatchObject({ ELASTICSEARCH_HOSTS: "http://elasticsearch:9200", ELASTICSEARCH_USERNAME: "kibana_system" });
    expect(kb.dependsOn?.map((d) => d.name)).toEqual(["elasticsearch", "elasticsearch-setup"]);
    expect(kb.ports).toEqual([{ name: "http", containerPort: 5601, publish: { hostPort: 5601, hostIp: "127.0.0.1" } }]);
    expect(JSON.parse(renderKibanaSavedObjects().split("\n")[0])).toEqual({
      type: "index-pattern",
      id: "lakehouse-logs",
      attributes: { title: "lakehouse-logs-*", name: "Lakehouse logs", timeFieldName: "@timestamp" },
      references: [],
    });
    const setup = kibanaSetupJobSpec({ image: "kibana:9.2.1", elasticPassword: "p", kibana: deployed("kibana"), memoryMb: 256 });
    expect((await filesOf(setup))["/opt/lakehouse/kibana-setup.sh"]).toContain("/api/saved_objects/_import?overwrite=true");
  });
});

describe("log shipping", () => {
  it("parses JSON log lines into [lakehouse], routes by layer and writes with credentials from env", () => {
    const conf = renderLogstashPipeline();
    expect(conf).toContain("beats { port => 5044 }");
    expect(conf).toMatch(/json \{\s+source => "message"\s+target => "lakehouse"/);
    expect(conf).toContain('match => ["[lakehouse][ts]", "ISO8601"]');
    expect(conf).toContain('hosts => ["${ELASTICSEARCH_URL}"]');
    expect(conf).toContain('password => "${LOGSTASH_ES_PASSWORD}"');
    expect(conf).toContain('if [lakehouse_layer] in ["batch", "streaming", "platform", "orchestration"] {');
    expect(conf).toContain('index => "lakehouse-logs-%{[@metadata][layer]}-%{+YYYY.MM.dd}"');
  });

  it("wires Logstash to Elasticsearch as the write-only user", async () => {
    const spec = logstashSpec({ image: "logstash:9.2.1", memoryMb: 1024, writerPassword: "w", elasticsearch: deployed("elasticsearch"), esSetup: deployed("elasticsearch-setup") });
    expect(await envOf(spec)).toMatchObject({ ELASTICSEARCH_URL: "http://elasticsearch:9200", LOGSTASH_ES_USER: "lakehouse_logstash", LS_JAVA_OPTS: "-Xms512m -Xmx512m" });
    expect(await isSecret(spec.env!.LOGSTASH_ES_PASSWORD)).toBe(true);
  });

  it("ships the jobs', streaming, Spark and Airflow logs from the shared volume to Logstash with a 0644 config", async () => {
    const rendered = renderFilebeatConfig("logstash");
    expect(rendered).toContain(
      [
        "  - type: filestream",
        "    id: lakehouse-jobs",
        "    paths:",
        "      - /var/log/lakehouse/jobs/*.log",
        "    fields:",
        "      lakehouse_producer: jobs",
        "      lakehouse_layer: batch",
        "    fields_under_root: true",
      ].join("\n"),
    );
    expect(rendered).toContain("      - /var/log/lakehouse/airflow/**/*.log\n");
    const spec = filebeatSpec({ image: "filebeat:9.2.1", memoryMb: 256, logstash: deployed("logstash") });
    expect(spec.files?.[0].mode).toBe(0o644);
    expect((await filesOf(spec))["/usr/share/filebeat/filebeat.yml"]).toContain('hosts: ["logstash:5044"]');
    expect(spec.volumes?.[0]).toEqual({ name: "logs", mountPath: "/var/log/lakehouse", shared: true, readOnly: true });
  });
});

describe("metrics", () => {
  const targets = { sparkMaster: "spark-master", sparkWorkers: ["spark-worker-1", "spark-worker-2"], streamingDrivers: ["streaming-clickstream"], cadvisor: "cadvisor" };

  it.each([
    ["cadvisor", "/metrics", ["cadvisor:8080"]],
    ["spark-master", "/metrics/master/prometheus", ["spark-master:8080"]],
    ["spark-applications", "/metrics/applications/prometheus", ["spark-master:8080"]],
    ["spark-workers", "/metrics/prometheus", ["spark-worker-1:8081", "spark-worker-2:8081"]],
    ["spark-drivers", "/metrics/prometheus", ["streaming-clickstream:4040"]],
    ["spark-executors", "/metrics/executors/prometheus", ["streaming-clickstream:4040"]],
    [metrics.scrapeJobs.streaming, "/metrics", [`streaming-clickstream:${metrics.ports.streamingDriver}`]],
  ])("scrapes %s at %s on %j", (name, path, expected) => {
    expect(scrapeJobs(targets).find((j) => j.name === name)).toEqual({ name, path, targets: expected });
  });

  it("leaves out jobs without targets and renders valid-looking YAML", () => {
    const jobs = scrapeJobs({ ...targets, sparkWorkers: [], streamingDrivers: [] }).map((j) => j.name);
    expect(jobs).toEqual(["prometheus", "cadvisor", "spark-master", "spark-applications"]);
    const yaml = renderPrometheusConfig(targets, 30);
    expect(yaml).toContain("  scrape_interval: 30s\n");
    expect(yaml).toContain('rule_files:\n  - "rules/lakehouse.rules.yml"\n'); // beside /etc/prometheus/prometheus.yml
    expect(yaml).toContain('  - job_name: spark-workers\n    metrics_path: /metrics/prometheus\n    static_configs:\n      - targets:\n          - "spark-worker-1:8081"\n          - "spark-worker-2:8081"\n');
  });

  it("keeps Prometheus data on a volume and cAdvisor read-only on the host", () => {
    const prom = prometheusSpec({ image: "prom/prometheus:v3.7.3", memoryMb: 512, hostPort: 9090, publish: PUBLISH, retention: "15d", config: "x", rules: "r" });
    expect(prom.command).toContain("--storage.tsdb.retention.time=15d");
    expect(prom.files?.map((f) => f.path)).toEqual(["/etc/prometheus/prometheus.yml", ALERT_RULES_PATH]);
    expect(prom.volumes).toEqual([{ name: "data", mountPath: "/prometheus" }]);
    const cad = cadvisorSpec("gcr.io/cadvisor/cadvisor:v0.52.1", 256);
    expect(cad.hostMounts?.every((m) => m.readOnly)).toBe(true);
    expect(cad.ports ?? []).toEqual([]);
  });
});

describe("grafana", () => {
  it("provisions Prometheus and Cassandra datasources with the password as an env reference", () => {
    const yaml = renderDatasources("prometheus", "cassandra", "grafana_reader");
    expect(yaml).toContain("    url: http://prometheus:9090\n");
    expect(yaml).toContain("    type: hadesarchitect-cassandra-datasource\n");
    expect(yaml).toContain("    url: cassandra:9042\n");
    expect(yaml).toContain(`      keyspace: ${cassandra.keyspace}\n      user: grafana_reader\n`);
    expect(yaml).toContain("      password: ${GF_CASSANDRA_PASSWORD}\n");
  });

  it("installs the pinned Cassandra plugin and keeps admin and datasource passwords secret", async () => {
    const spec = grafanaSpec({ image: "grafana/grafana:12.3.0", memoryMb: 512, hostPort: 3000, publish: PUBLISH, pluginVersion: "3.1.0", adminPassword: "a", cassandraHost: "cassandra", cassandraUser: "grafana_reader", cassandraPassword: "c", prometheus: deployed("prometheus") });
    expect(await envOf(spec)).toMatchObject({ GF_PLUGINS_PREINSTALL: "hadesarchitect-cassandra-datasource@3.1.0", GF_USERS_ALLOW_SIGN_UP: "false" });
    expect(await isSecret(spec.env!.GF_SECURITY_ADMIN_PASSWORD)).toBe(true);
    expect(await isSecret(spec.env!.GF_CASSANDRA_PASSWORD)).toBe(true);
    expect(Object.keys(await filesOf(spec)).sort()).toEqual([
      "/etc/grafana/dashboards/containers.json",
      "/etc/grafana/dashboards/pipelines.json",
      "/etc/grafana/dashboards/streaming.json",
      "/etc/grafana/provisioning/dashboards/lakehouse.yaml",
      "/etc/grafana/provisioning/datasources/lakehouse.yaml",
    ]);
  });

  it("charts container CPU, memory and disk from cAdvisor metrics", () => {
    const exprs = containerResourcesDashboard().panels.flatMap((p) => p.targets.map((t) => String((t as Record<string, unknown>).expr)));
    for (const metric of ["container_cpu_usage_seconds_total", "container_memory_working_set_bytes", "container_fs_usage_bytes"]) {
      expect(exprs.some((e) => e.includes(metric))).toBe(true);
    }
  });

  it("queries every Cassandra contract table by the dashboard time range", () => {
    const queries = streamingDataDashboard().panels.map((p) => String((p.targets[0] as Record<string, unknown>).target));
    for (const table of Object.values(cassandra.tables)) {
      expect(queries.some((q) => q.includes(`FROM ${cassandra.keyspace}.${table} `))).toBe(true);
    }
    for (const q of queries) expect(q).toMatch(/>= \$__timeFrom AND \S+ <= \$__timeTo/);
    expect(() => cassandraQuery({ ...CASSANDRA_PANELS[0], table: "clicks" })).toThrow(
      'dashboard panel "Click events per minute by type": no table "clicks" in contracts/cassandra.json',
    );
    expect(cassandraQuery(CASSANDRA_PANELS[0])).toBe(
      "SELECT event_type, CAST(events AS double), window_start FROM lakehouse.click_metrics_by_minute WHERE window_start >= $__timeFrom AND window_start <= $__timeTo ALLOW FILTERING",
    );
  });
});

describe("observability config slice", () => {
  it("defaults and rejects bad values naming the key", () => {
    expect(observabilityConfigSchema.parse(undefined)).toEqual({ prometheus: { retention: "15d", scrapeIntervalSeconds: 15 }, grafana: { cassandraPluginVersion: "3.1.0" } });
    const r = observabilityConfigSchema.safeParse({ prometheus: { retention: "forever" } });
    expect(r.success).toBe(false);
    expect(r.error!.issues[0]).toMatchObject({ path: ["prometheus", "retention"], message: "a duration such as 15d, 48h or 2w" });
  });
});
