/**
 * Builds the streaming and observability layers on the Docker platform, wired the way the Lakehouse component wires
 * them, for the Docker-level tests (run under the shared MockHarness; import after `install()`).
 */
import * as pulumi from "@pulumi/pulumi";
import { images } from "../../stacks/images";
import { environmentDefaults } from "../../stacks/defaults";
import { streamingConfigSchema } from "../../stacks/streaming";
import { observabilityConfigSchema } from "../../stacks/observability";
import { runtime } from "../../contracts";

export const SPARK_IMAGE = "lakehouse/spark:0123456789ab";

/** Every streaming-layer service, and which of them the optional parts (Console, NiFi) add. */
const JOBS = { mountDir: "/opt/lakehouse/jobs", files: [{ path: `/opt/lakehouse/jobs/${runtime.artifacts.jobsLauncher}`, content: "print('run')\n" }] };

export const STREAMING_CORE = ["kafka", "kafka-topics", "cassandra", "cassandra-schema", "logs-init", "streaming-clickstream", "streaming-accesslog"];
export const STREAMING_OPTIONAL = ["redpanda-console", "nifi", "nifi-flows"];
export const OBSERVABILITY_SERVICES = ["elasticsearch", "elasticsearch-setup", "logstash", "filebeat", "kibana", "kibana-setup", "cadvisor", "prometheus", "grafana"];

export interface ProgramOptions {
  readonly bindAddress?: string;
  readonly streaming?: unknown;
  readonly observability?: boolean;
}

export async function buildProgram(o: ProgramOptions = {}) {
  const { DockerPlatform } = await import("../../components/platform/docker");
  const { StreamingLayer } = await import("../../components/streaming/streamingLayer");
  const { Observability } = await import("../../components/observability/observability");
  const defaults = environmentDefaults("dev");
  const publish = { address: o.bindAddress ?? "127.0.0.1" };
  const platform = new DockerPlatform("docker", { prefix: "lakehouse-dev", platform: "linux/arm64", project: "p" });
  const sparkMaster = { name: "spark-master", host: pulumi.output("spark-master"), resources: [] };
  const streaming = new StreamingLayer("streaming", {
    platform,
    config: streamingConfigSchema.parse(o.streaming ?? {}),
    memoryMb: defaults.memoryMb,
    ports: { kafka: defaults.ports.kafka as number, redpandaConsole: defaults.ports.redpandaConsole as number, nifi: defaults.ports.nifi as number },
    publish,
    images: { ...images, spark: SPARK_IMAGE },
    sparkMasterUrl: pulumi.output("spark://spark-master:7077"),
    sparkServices: [sparkMaster],
    hdfsUri: pulumi.output("hdfs://namenode:9000"),
    warehouseRoot: pulumi.output("hdfs://namenode:9000/lakehouse"),
    metastoreUri: pulumi.output("thrift://hive-metastore:9083"),
    jobs: { clickstream: JOBS, accesslog: JOBS },
    cqlFiles: [{ path: "/opt/lakehouse/cql/lakehouse.cql", content: "CREATE KEYSPACE IF NOT EXISTS lakehouse;\n" }],
    nifiFlows: [{ path: "/opt/lakehouse/nifi-flows/clickstream.json", content: "{}\n" }],
    nifiDeployScript: "#!/bin/bash\necho deploy\n",
  });
  const observability =
    o.observability === false
      ? undefined
      : new Observability("observability", {
          platform,
          config: observabilityConfigSchema.parse({}),
          memoryMb: defaults.memoryMb,
          ports: { grafana: defaults.ports.grafana as number, kibana: defaults.ports.kibana as number, prometheus: defaults.ports.prometheus as number },
          publish,
          images,
          sparkMasterHost: sparkMaster.host,
          sparkWorkerHosts: ["spark-worker-1", "spark-worker-2"],
          streamingDriverHosts: streaming.streamingDriverHosts,
          cassandraHost: streaming.cassandraHost,
          kafkaHost: streaming.kafkaHost,
          cassandraReader: streaming.cassandraReader,
        });
  return { streaming, observability };
}
