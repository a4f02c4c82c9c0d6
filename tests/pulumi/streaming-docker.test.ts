/** The streaming and observability layers on the Docker platform, dev defaults (all optional parts on). */
import * as pulumi from "@pulumi/pulumi";
import { MockHarness, RecordedResource, envOf, uploadsOf, valueOf } from "./harness";
import { images } from "../../stacks/images";
import { buildProgram, OBSERVABILITY_SERVICES, SPARK_IMAGE, STREAMING_CORE, STREAMING_OPTIONAL } from "./svc-program";
import type { StreamingLayer } from "../../components/streaming/streamingLayer";
import type { Observability } from "../../components/observability/observability";
import { runtime } from "../../contracts";

const h = new MockHarness({ stack: "dev" });
let streaming: StreamingLayer;
let observability: Observability | undefined;

beforeAll(async () => {
  await h.install();
  ({ streaming, observability } = await buildProgram());
  await h.settle();
});

const names = () => h.containers().map((c) => c.name).sort();
const isJob = (c: RecordedResource) => c.inputs.attach === true;

it("deploys exactly the streaming and observability services", () => {
  expect(names()).toEqual([...STREAMING_CORE, ...STREAMING_OPTIONAL, ...OBSERVABILITY_SERVICES].sort());
});

it("gives every container a pinned image, the platform, the private network and a memory limit", () => {
  const pinned = new Set<string>([...Object.values(images), SPARK_IMAGE]);
  for (const c of h.containers()) {
    expect([c.name, pinned.has(c.inputs.image as string)]).toEqual([c.name, true]);
    expect(c.inputs).toMatchObject({ platform: "linux/arm64", networksAdvanced: [{ name: "lakehouse-dev-net", aliases: [c.name] }] });
    expect(c.inputs.memory).toBeGreaterThanOrEqual(64);
    expect(c.inputs.memorySwap).toBe(c.inputs.memory);
  }
});

it("gives every long-running service a healthcheck, a restart policy and a health wait; jobs run once", () => {
  for (const c of h.containers()) {
    if (isJob(c)) {
      expect([c.name, c.inputs.restart]).toEqual([c.name, "no"]);
    } else {
      expect([c.name, c.inputs.wait, typeof (c.inputs.healthcheck as { tests: string[] }).tests[0]]).toEqual([c.name, true, "string"]);
      const expected = c.name.startsWith("streaming-") ? "on-failure" : "unless-stopped";
      expect([c.name, c.inputs.restart]).toEqual([c.name, expected]);
    }
  }
});

it("keeps state on named volumes and shares one log volume between the drivers and Filebeat", () => {
  const volumes = (n: string) => (h.container(n).inputs.volumes as { volumeName: string; containerPath: string; readOnly?: boolean }[]) ?? [];
  expect(volumes("kafka")).toEqual([{ volumeName: "lakehouse-dev-kafka-data", containerPath: "/var/lib/kafka/data" }]);
  expect(volumes("cassandra")).toEqual([{ volumeName: "lakehouse-dev-cassandra-data", containerPath: "/var/lib/cassandra" }]);
  expect(volumes("elasticsearch")[0].volumeName).toBe("lakehouse-dev-elasticsearch-data");
  expect(volumes("grafana")[0].volumeName).toBe("lakehouse-dev-grafana-data");
  expect(volumes("prometheus")[0].volumeName).toBe("lakehouse-dev-prometheus-data");
  const logs = { volumeName: "lakehouse-dev-logs", containerPath: "/var/log/lakehouse" };
  expect(volumes("streaming-clickstream")).toContainEqual(logs);
  expect(volumes("streaming-accesslog")).toContainEqual(logs);
  expect(volumes("filebeat")).toContainEqual({ ...logs, readOnly: true });
  expect(h.ofType("docker:index/volume:Volume").filter((v) => v.inputs.name === "lakehouse-dev-logs")).toHaveLength(1);
});

it("publishes only UIs and the Kafka external listener, all on the configured address", () => {
  const published = h.containers().flatMap((c) => ((c.inputs.ports as { external: number; ip: string }[]) ?? []).map((p) => [c.name, p.external, p.ip]));
  expect(published.sort()).toEqual(
    [
      ["grafana", 3000, "127.0.0.1"],
      ["kafka", 9094, "127.0.0.1"],
      ["kibana", 5601, "127.0.0.1"],
      ["nifi", 8443, "127.0.0.1"],
      ["prometheus", 9090, "127.0.0.1"],
      ["redpanda-console", 8085, "127.0.0.1"],
    ].sort(),
  );
  expect(envOf(h.container("kafka")).KAFKA_ADVERTISED_LISTENERS).toBe("INTERNAL://kafka:9092,EXTERNAL://127.0.0.1:9094");
});

it("points the streaming drivers at the Spark master, Kafka, Cassandra and HDFS outputs", () => {
  for (const job of ["clickstream", "accesslog"]) {
    const cmd = h.container(`streaming-${job}`).inputs.command as string[];
    const arg = (flag: string) => cmd[cmd.lastIndexOf(flag) + 1];
    expect(cmd[cmd.indexOf(`/opt/lakehouse/jobs/${runtime.artifacts.jobsLauncher}`) + 1]).toBe({ clickstream: runtime.jobModules.streamingClickstream, accesslog: runtime.jobModules.streamingAccesslog }[job]);
    expect([arg("--master"), arg("--kafka-bootstrap"), arg("--cassandra-hosts"), arg("--checkpoint-root")]).toEqual([
      "spark://spark-master:7077",
      "kafka:9092",
      "cassandra:9042",
      `hdfs://namenode:9000/lakehouse/_checkpoints/${job}`,
    ]);
    expect(uploadsOf(h.container(`streaming-${job}`))[`/opt/lakehouse/jobs/${runtime.artifacts.jobsLauncher}`]).toBe("print('run')\n");
  }
});

it("applies the contract topics through the one-shot job after the broker is healthy", () => {
  const script = uploadsOf(h.container("kafka-topics"))["/opt/lakehouse/kafka-topics.sh"];
  expect(script.match(/^\S+ \d+ 1 retention\.ms=\d+,cleanup\.policy=delete'?$/gm)).toHaveLength(8);
  expect(script).toContain("PLAN='clickstream.raw 3 1 retention.ms=604800000,cleanup.policy=delete\n");
});

it("wires Filebeat → Logstash → Elasticsearch and Grafana → Prometheus + Cassandra", () => {
  expect(uploadsOf(h.container("filebeat"))["/usr/share/filebeat/filebeat.yml"]).toContain('hosts: ["logstash:5044"]');
  expect(envOf(h.container("logstash")).ELASTICSEARCH_URL).toBe("http://elasticsearch:9200");
  expect(envOf(h.container("kibana")).ELASTICSEARCH_HOSTS).toBe("http://elasticsearch:9200");
  const ds = uploadsOf(h.container("grafana"))["/etc/grafana/provisioning/datasources/lakehouse.yaml"];
  expect(ds).toContain("url: http://prometheus:9090");
  expect(ds).toContain("url: cassandra:9042");
  const prom = uploadsOf(h.container("prometheus"))["/etc/prometheus/prometheus.yml"];
  for (const target of ["cadvisor:8080", "spark-master:8080", "spark-worker-2:8081", "streaming-clickstream:4040", "streaming-accesslog:4040"]) {
    expect(prom).toContain(`"${target}"`);
  }
});

it("uploads Filebeat's config 0644 and no config writable by group or others", () => {
  expect((h.container("filebeat").inputs.uploads as { permissions: string }[])[0].permissions).toBe("0644");
  for (const c of h.containers()) {
    for (const u of (c.inputs.uploads as { file: string; permissions: string }[]) ?? []) {
      expect([c.name, u.file, /[2367]/.test(u.permissions.slice(-2))]).toEqual([c.name, u.file, false]);
    }
  }
});

it("runs only cAdvisor privileged, with read-only host mounts", () => {
  expect(h.containers().filter((c) => c.inputs.privileged).map((c) => c.name)).toEqual(["cadvisor"]);
  const mounts = (h.container("cadvisor").inputs.volumes as { hostPath?: string; readOnly?: boolean }[]).filter((v) => v.hostPath);
  expect(mounts.length).toBe(5);
  expect(mounts.every((m) => m.readOnly)).toBe(true);
});

it("never records a generated secret in plaintext", () => {
  expect(h.secretValues.length).toBeGreaterThan(10);
  expect(h.plaintextSecretLeaks()).toEqual([]);
});

it("exports URLs on the configured address and logins as secrets", async () => {
  expect(await valueOf(streaming.kafkaBootstrap)).toBe("kafka:9092");
  expect(await valueOf(streaming.kafkaBootstrapPublished)).toBe("127.0.0.1:9094");
  expect(await valueOf(streaming.consoleUrl)).toBe("http://127.0.0.1:8085");
  expect(await valueOf(streaming.nifiUrl)).toBe("https://127.0.0.1:8443/nifi");
  expect(await valueOf(observability!.grafanaUrl)).toBe("http://127.0.0.1:3000");
  expect(await valueOf(observability!.kibanaUrl)).toBe("http://127.0.0.1:5601");
  for (const login of [streaming.nifiLogin!, streaming.cassandraReader, observability!.grafanaLogin, observability!.kibanaLogin]) {
    expect(await pulumi.isSecret(login.password)).toBe(true);
  }
});
