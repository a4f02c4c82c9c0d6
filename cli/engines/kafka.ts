/** Apache Kafka, one combined broker+controller node in KRaft mode, started with `java` from the Maven jars. */
import { spawnSync } from "child_process";
import { randomBytes } from "crypto";
import * as fs from "fs";
import * as path from "path";
import { Kafka, logLevel } from "kafkajs";
import { jmxAgentOption, renderKafkaJmxConfig } from "../../components/observability/kafkaJmx";
import { engineClasspath, enginesRoot } from "./artifacts";
import { requireJava } from "./java";
import { assertPortFree, freePort, LOCALHOST } from "./ports";
import { EngineInfo, readState, spawnDetached, waitReady, writeState, isRunning } from "./process";

export interface KafkaPorts {
  readonly broker: number;
  readonly controller: number;
}

export interface KafkaStartOptions {
  readonly dir: string;
  /** Broker port; a free one when omitted (or the previous one when the dir already holds a broker). */
  readonly port?: number;
  readonly heap?: string;
  /** Off by default so that a typo in a topic name fails instead of creating a one-partition topic. */
  readonly autoCreateTopics?: boolean;
  readonly readyTimeoutMs?: number;
  /** Loopback port for the Prometheus JMX exporter agent's /metrics (no agent when omitted). */
  readonly metricsPort?: number;
}

/** server.properties for a single-node KRaft cluster on 127.0.0.1 (internal topics with replication 1). */
export function renderKafkaProperties(dataDir: string, ports: KafkaPorts, autoCreateTopics = false): string {
  const props: Record<string, string | number | boolean> = {
    "process.roles": "broker,controller",
    "node.id": 1,
    "controller.quorum.voters": `1@${LOCALHOST}:${ports.controller}`,
    listeners: `PLAINTEXT://${LOCALHOST}:${ports.broker},CONTROLLER://${LOCALHOST}:${ports.controller}`,
    "advertised.listeners": `PLAINTEXT://${LOCALHOST}:${ports.broker}`,
    "controller.listener.names": "CONTROLLER",
    "inter.broker.listener.name": "PLAINTEXT",
    "listener.security.protocol.map": "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
    "log.dirs": dataDir,
    "num.partitions": 1,
    "auto.create.topics.enable": autoCreateTopics,
    "offsets.topic.replication.factor": 1,
    "offsets.topic.num.partitions": 4,
    "share.coordinator.state.topic.replication.factor": 1,
    "share.coordinator.state.topic.min.isr": 1,
    "transaction.state.log.replication.factor": 1,
    "transaction.state.log.min.isr": 1,
    "transaction.state.log.num.partitions": 4,
    "group.initial.rebalance.delay.ms": 0,
    "num.network.threads": 2,
    "num.io.threads": 2,
    "log.retention.check.interval.ms": 300000,
  };
  return Object.entries(props).map(([k, v]) => `${k}=${v}`).join("\n") + "\n";
}

const LOG4J2 = [
  "status = warn",
  "appender.out.type = Console",
  "appender.out.name = OUT",
  "appender.out.layout.type = PatternLayout",
  "appender.out.layout.pattern = [%d] %p %m (%c)%n",
  "rootLogger.level = INFO",
  "rootLogger.appenderRef.out.ref = OUT",
  "logger.state.name = state.change.logger",
  "logger.state.level = WARN",
  "",
].join("\n");

/** JVM arguments for the broker (small heap; the process shares 2 cores with Spark and Cassandra). */
export function kafkaJvmArgs(classpath: string, configDir: string, heap: string): string[] {
  return [
    `-Xmx${heap}`,
    `-Xms${heap === "512m" ? "256m" : heap}`,
    "-XX:+UseG1GC",
    "-XX:MaxGCPauseMillis=20",
    "-Djava.awt.headless=true",
    `-Dlog4j2.configurationFile=${path.join(configDir, "log4j2.properties")}`,
    "-cp",
    classpath,
  ];
}

/** The JMX exporter agent jar scripts/setup.d/20-maven-engines.sh fetched, or an error saying how to get it. */
export function jmxAgentJar(): string {
  const lib = path.join(enginesRoot(), "jmx-exporter", "lib");
  const jar = (fs.existsSync(lib) ? fs.readdirSync(lib) : []).find((j) => /^jmx_prometheus_javaagent-.*\.jar$/.test(j));
  if (!jar) throw new Error(`the Prometheus JMX exporter agent is missing in ${lib}; run 'bash scripts/setup.d/20-maven-engines.sh' first`);
  return path.join(lib, jar);
}

/** Formats the KRaft storage once; a dir that already holds a cluster is left as it is (restart keeps data). */
function formatStorage(java: string, jvmArgs: string[], configFile: string, dataDir: string): void {
  if (fs.existsSync(path.join(dataDir, "meta.properties"))) return;
  const clusterId = randomBytes(16).toString("base64url");
  const res = spawnSync(java, [...jvmArgs, "kafka.tools.StorageTool", "format", "-t", clusterId, "-c", configFile], { encoding: "utf8" });
  if (res.status !== 0) throw new Error(`formatting Kafka storage in ${dataDir} failed:\n${res.stdout}${res.stderr}`);
}

/** True once the broker answers a metadata request. */
export async function kafkaAnswers(bootstrap: string): Promise<boolean> {
  const admin = new Kafka({ clientId: "lakehouse-probe", brokers: [bootstrap], logLevel: logLevel.NOTHING, retry: { retries: 0 }, connectionTimeout: 1000 }).admin();
  try {
    await admin.connect();
    const cluster = await admin.describeCluster();
    return cluster.brokers.length > 0;
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
}

async function choosePorts(opts: KafkaStartOptions): Promise<KafkaPorts> {
  const previous = readState(opts.dir);
  const broker = opts.port ?? previous?.ports.broker ?? (await freePort());
  let controller = previous?.ports.controller ?? (await freePort());
  while (controller === broker) controller = await freePort();
  await assertPortFree(broker, "kafka");
  await assertPortFree(controller, "kafka controller");
  return { broker, controller };
}

/** Starts (or restarts, keeping data) the broker in `dir`; resolves once it answers metadata requests. */
export async function startKafka(opts: KafkaStartOptions): Promise<EngineInfo> {
  const dir = path.resolve(opts.dir);
  const running = readState(dir);
  if (running && isRunning(running.pid, dir)) throw new Error(`kafka already runs in ${dir} (pid ${running.pid})`);
  const java = requireJava("Kafka 4", 17);
  const classpath = engineClasspath("kafka", /^kafka_2\.13-.*\.jar$/);
  const ports = await choosePorts({ ...opts, dir });
  const configDir = path.join(dir, "config");
  const dataDir = path.join(dir, "data");
  const logFile = path.join(dir, "logs", "kafka.log");
  fs.mkdirSync(configDir, { recursive: true });
  fs.mkdirSync(dataDir, { recursive: true });
  const configFile = path.join(configDir, "server.properties");
  fs.writeFileSync(configFile, renderKafkaProperties(dataDir, ports, opts.autoCreateTopics));
  fs.writeFileSync(path.join(configDir, "log4j2.properties"), LOG4J2);
  const jvmArgs = kafkaJvmArgs(classpath, configDir, opts.heap ?? "512m");
  formatStorage(java.bin, jvmArgs, configFile, dataDir);
  // The dir in the command line lets `stop` recognise this process later (pids get recycled).
  const agent: string[] = [];
  if (opts.metricsPort !== undefined) {
    await assertPortFree(opts.metricsPort, "kafka metrics");
    const jmxConfig = path.join(configDir, "jmx-exporter.yml");
    fs.writeFileSync(jmxConfig, renderKafkaJmxConfig());
    agent.push(jmxAgentOption(jmxAgentJar(), `${LOCALHOST}:${opts.metricsPort}`, jmxConfig));
  }
  const proc = spawnDetached(java.bin, [...agent, ...jvmArgs, `-Dlakehouse.engine.dir=${dir}`, "kafka.Kafka", configFile], { cwd: dir, logFile });
  const bootstrap = `${LOCALHOST}:${ports.broker}`;
  await waitReady("kafka", proc, logFile, () => kafkaAnswers(bootstrap), opts.readyTimeoutMs ?? 90_000);
  const info: EngineInfo = { engine: "kafka", host: LOCALHOST, port: ports.broker, pid: proc.child.pid as number, logFile, ports: { ...ports }, dir };
  writeState(info);
  return info;
}
