/** The Kafka broker (Apache Kafka, KRaft combined mode), its topic job and Redpanda Console, as ServiceSpecs. */
import * as pulumi from "@pulumi/pulumi";
import { metrics, services } from "../../contracts";
import { JMX_AGENT_JAR, JMX_CONFIG_PATH, jmxAgentOption, renderKafkaJmxConfig } from "../observability/kafkaJmx";
import { DeployedService, ServiceSpec } from "../platform/service";
import { configFile, heapMbFor, jvmHeap, port, PublishAddress, scriptFile, shellHealthcheck } from "../platform/spec-helpers";
import { PlannedTopic, renderTopicScript } from "../../plans/topics";

const K = services.kafka;
const LAYER = "streaming";

export interface KafkaSpecArgs {
  readonly image: pulumi.Input<string>;
  /** Base64url UUID (22 chars) from @pulumi/random; KRaft formats its storage with it once. */
  readonly clusterId: pulumi.Input<string>;
  /** Container limit; the heap is derived from it (heapMbFor). */
  readonly memoryMb: number;
  readonly externalHostPort?: number;
  readonly publish: PublishAddress;
}

/** `host:port` other services use on the private network. */
export const kafkaInternalBootstrap = `${K.name}:${K.ports.internal}`;

/** The EXTERNAL listener advertises the published host address, so host clients get reachable metadata. */
export function kafkaListeners(externalHostPort: number | undefined, publish: PublishAddress) {
  const listeners = [`INTERNAL://:${K.ports.internal}`, `CONTROLLER://:${K.ports.controller}`];
  const advertised = [`INTERNAL://${kafkaInternalBootstrap}`];
  const protocols = ["INTERNAL:PLAINTEXT", "CONTROLLER:PLAINTEXT"];
  if (externalHostPort !== undefined) {
    listeners.push(`EXTERNAL://:${K.ports.external}`);
    advertised.push(`EXTERNAL://${publish.address}:${externalHostPort}`);
    protocols.push("EXTERNAL:PLAINTEXT");
  }
  return { listeners: listeners.join(","), advertised: advertised.join(","), protocols: protocols.join(",") };
}

/**
 * apache/kafka applies none of its defaults once any KAFKA_* variable is set, so every setting a single-node KRaft
 * broker needs is spelled out here (including the internal topics' replication of 1).
 */
export function kafkaSpec(a: KafkaSpecArgs): ServiceSpec {
  const l = kafkaListeners(a.externalHostPort, a.publish);
  return {
    name: K.name,
    layer: LAYER,
    image: a.image,
    env: {
      CLUSTER_ID: a.clusterId,
      KAFKA_NODE_ID: "1",
      KAFKA_PROCESS_ROLES: "broker,controller",
      KAFKA_CONTROLLER_QUORUM_VOTERS: `1@${K.name}:${K.ports.controller}`,
      KAFKA_LISTENERS: l.listeners,
      KAFKA_ADVERTISED_LISTENERS: l.advertised,
      KAFKA_LISTENER_SECURITY_PROTOCOL_MAP: l.protocols,
      KAFKA_CONTROLLER_LISTENER_NAMES: "CONTROLLER",
      KAFKA_INTER_BROKER_LISTENER_NAME: "INTERNAL",
      KAFKA_LOG_DIRS: "/var/lib/kafka/data",
      // Topics exist only as the contract declares them (created by the kafka-topics job), never by a typo.
      KAFKA_AUTO_CREATE_TOPICS_ENABLE: "false",
      KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR: "1",
      KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR: "1",
      KAFKA_TRANSACTION_STATE_LOG_MIN_ISR: "1",
      KAFKA_SHARE_COORDINATOR_STATE_TOPIC_REPLICATION_FACTOR: "1",
      KAFKA_SHARE_COORDINATOR_STATE_TOPIC_MIN_ISR: "1",
      KAFKA_GROUP_INITIAL_REBALANCE_DELAY_MS: "0",
      KAFKA_HEAP_OPTS: jvmHeap(heapMbFor(a.memoryMb)),
      // The image's JMX exporter agent serves the broker metrics of contracts/metrics.json `kafka` for Prometheus.
      KAFKA_OPTS: jmxAgentOption(JMX_AGENT_JAR, metrics.ports.kafkaJmx, JMX_CONFIG_PATH),
    },
    files: [configFile(JMX_CONFIG_PATH, renderKafkaJmxConfig())],
    ports: [
      port("internal", K.ports.internal, undefined, a.publish),
      port("external", K.ports.external, a.externalHostPort, a.publish),
      // Prometheus scrapes the JMX exporter agent on the private network (a Kubernetes Service needs the port named).
      port("jmx", metrics.ports.kafkaJmx, undefined, a.publish),
    ],
    volumes: [{ name: "data", mountPath: "/var/lib/kafka/data", keepsData: true }],
    // The probe is a JVM too: without its own small heap and no KAFKA_OPTS it would inherit the broker's heap and
    // start a second JMX exporter agent on the broker's metrics port (and fail).
    healthcheck: shellHealthcheck(
      `KAFKA_HEAP_OPTS=-Xmx64m KAFKA_OPTS= /opt/kafka/bin/kafka-broker-api-versions.sh --bootstrap-server localhost:${K.ports.internal} >/dev/null`,
      { intervalSeconds: 20, timeoutSeconds: 15, startPeriodSeconds: 30 },
    ),
    memoryMb: a.memoryMb,
    restart: "always",
  };
}

/** One-shot job that creates/updates the planned topics (reruns when the plan changes, since the script changes). */
export function kafkaTopicsJobSpec(
  image: pulumi.Input<string>,
  plan: readonly PlannedTopic[],
  broker: DeployedService,
  memoryMb: number,
): ServiceSpec {
  const script = "/opt/lakehouse/kafka-topics.sh";
  return {
    name: "kafka-topics",
    layer: LAYER,
    image,
    entrypoint: ["/bin/sh", script],
    env: { KAFKA_HEAP_OPTS: jvmHeap(128) },
    files: [scriptFile(script, renderTopicScript(plan, kafkaInternalBootstrap))],
    memoryMb,
    restart: "on-failure",
    oneShot: true,
    dependsOn: [broker],
  };
}

/** Redpanda Console v3 configuration (v3 moved Kafka Connect and Schema Registry out of `kafka:`). */
export function renderConsoleConfig(): string {
  return [
    "# Redpanda Console v3 config, generated by the Pulumi program.",
    "kafka:",
    "  brokers:",
    `    - ${kafkaInternalBootstrap}`,
    "server:",
    `  listenPort: ${services.redpandaConsole.ports.http}`,
    "",
  ].join("\n");
}

export interface ConsoleSpecArgs {
  readonly image: pulumi.Input<string>;
  readonly memoryMb: number;
  readonly hostPort?: number;
  readonly publish: PublishAddress;
  readonly broker: DeployedService;
}

export function consoleSpec(a: ConsoleSpecArgs): ServiceSpec {
  const c = services.redpandaConsole;
  const path = "/etc/redpanda-console/config.yaml";
  return {
    name: c.name,
    layer: LAYER,
    image: a.image,
    env: { CONFIG_FILEPATH: path },
    files: [configFile(path, renderConsoleConfig())],
    ports: [port("http", c.ports.http, a.hostPort, a.publish)],
    // The UI root answers 200 once the server is up (the admin endpoints moved between Console versions).
    healthcheck: shellHealthcheck(`wget -q -O /dev/null http://localhost:${c.ports.http}/`, {
      startPeriodSeconds: 10,
    }),
    memoryMb: a.memoryMb,
    restart: "always",
    dependsOn: [a.broker],
  };
}
