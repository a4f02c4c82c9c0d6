/** Apache Cassandra 5.0, one node on 127.0.0.1, started with `java` from the Maven jars and tuned for a fast start. */
import * as fs from "fs";
import * as path from "path";
import { Client } from "cassandra-driver";
import { engineClasspath, engineLibDir } from "./artifacts";
import { requireJava } from "./java";
import { assertPortFree, freePort, LOCALHOST } from "./ports";
import { EngineInfo, isRunning, readState, spawnDetached, waitReady, writeState } from "./process";

export interface CassandraPorts {
  readonly cql: number;
  readonly storage: number;
  readonly jmx: number;
}

export interface CassandraStartOptions {
  readonly dir: string;
  /** CQL (native transport) port; a free one when omitted (or the previous one when restarting a dir). */
  readonly port?: number;
  readonly heap?: string;
  readonly readyTimeoutMs?: number;
}

/** The data center name SimpleSnitch reports; clients need it as their local DC. */
export const CASSANDRA_LOCAL_DC = "datacenter1";

/** cassandra.yaml for a single node: one token, no gossip wait, small caches and thread pools for 2 cores. */
export function renderCassandraYaml(dir: string, ports: CassandraPorts): string {
  const d = (sub: string) => JSON.stringify(path.join(dir, sub));
  return `cluster_name: lakehouse-local
num_tokens: 1
partitioner: org.apache.cassandra.dht.Murmur3Partitioner
endpoint_snitch: SimpleSnitch
auto_bootstrap: false
seed_provider:
  - class_name: org.apache.cassandra.locator.SimpleSeedProvider
    parameters:
      - seeds: "${LOCALHOST}:${ports.storage}"
listen_address: ${LOCALHOST}
rpc_address: ${LOCALHOST}
storage_port: ${ports.storage}
start_native_transport: true
native_transport_port: ${ports.cql}
data_file_directories:
  - ${d("data")}
commitlog_directory: ${d("commitlog")}
saved_caches_directory: ${d("saved_caches")}
hints_directory: ${d("hints")}
cdc_raw_directory: ${d("cdc_raw")}
commitlog_sync: periodic
commitlog_sync_period: 10000ms
commitlog_segment_size: 8MiB
concurrent_reads: 4
concurrent_writes: 8
concurrent_counter_writes: 4
concurrent_compactors: 1
memtable_heap_space: 128MiB
memtable_offheap_space: 128MiB
key_cache_size: 16MiB
counter_cache_size: 0MiB
authenticator: AllowAllAuthenticator
authorizer: AllowAllAuthorizer
dynamic_snitch: false
`;
}

const LOGBACK = `<configuration scan="false">
  <appender name="OUT" class="ch.qos.logback.core.ConsoleAppender">
    <encoder><pattern>%-5level [%thread] %date{ISO8601} %F:%L - %msg%n</pattern></encoder>
  </appender>
  <root level="INFO"><appender-ref ref="OUT"/></root>
</configuration>
`;

/** The module flags Cassandra 5 needs on Java 17 (its conf/jvm17-server.options), kept in one list. */
export const CASSANDRA_JVM17_FLAGS: readonly string[] = [
  "-Djdk.attach.allowAttachSelf=true",
  ...[
    "java.base/jdk.internal.misc",
    "java.management.rmi/com.sun.jmx.remote.internal.rmi",
    "java.rmi/sun.rmi.registry",
    "java.rmi/sun.rmi.server",
    "java.sql/java.sql",
    "java.base/java.lang.ref",
    "jdk.unsupported/sun.misc",
    "jdk.compiler/com.sun.tools.javac.file",
    "jdk.attach/sun.tools.attach",
  ].map((m) => `--add-exports=${m}=ALL-UNNAMED`),
  ...[
    "java.base/java.lang.module",
    "java.base/jdk.internal.loader",
    "java.base/jdk.internal.ref",
    "java.base/jdk.internal.reflect",
    "java.base/jdk.internal.math",
    "java.base/jdk.internal.module",
    "java.base/jdk.internal.util.jar",
    "jdk.management/com.sun.management.internal",
    "java.base/sun.nio.ch",
    "java.base/java.io",
    "java.base/java.lang.reflect",
    "jdk.compiler/com.sun.tools.javac",
    "java.base/java.lang",
    "java.base/java.util",
  ].map((m) => `--add-opens=${m}=ALL-UNNAMED`),
  "-Dio.netty.tryReflectionSetAccessible=true",
  "-Dio.netty.allocator.useCacheForAllThreads=true",
  "-Dio.netty.allocator.maxOrder=11",
];

/** Full JVM command line (before the main class) for a node whose files live in `dir`. */
export function cassandraJvmArgs(dir: string, ports: CassandraPorts, classpath: string, jammJar: string | undefined, heap: string): string[] {
  return [
    `-Xmx${heap}`,
    `-Xms${heap}`,
    "-Xss256k",
    "-XX:+UseG1GC",
    "-XX:MaxGCPauseMillis=300",
    "-XX:+ExitOnOutOfMemoryError",
    ...(jammJar ? [`-javaagent:${jammJar}`] : []),
    ...CASSANDRA_JVM17_FLAGS,
    `-Dcassandra.config=file://${path.join(dir, "conf", "cassandra.yaml")}`,
    `-Dlogback.configurationFile=${path.join(dir, "conf", "logback.xml")}`,
    `-Dcassandra.storagedir=${dir}`,
    `-Dcassandra.logdir=${path.join(dir, "logs")}`,
    `-Dcassandra.triggers_dir=${path.join(dir, "triggers")}`,
    // Without this the daemon closes stdout, which is where our log file is.
    "-Dcassandra-foreground=yes",
    `-Dcassandra.jmx.local.port=${ports.jmx}`,
    "-Dcassandra.skip_wait_for_gossip_to_settle=0",
    "-Dcassandra.ring_delay_ms=100",
    "-Dcassandra.superuser_setup_delay_ms=0",
    "-Dcassandra.initial_token=0",
    `-Dlakehouse.engine.dir=${dir}`,
    "-cp",
    classpath,
  ];
}

/** True once a CQL session can query the node. */
export async function cassandraAnswers(port: number): Promise<boolean> {
  const client = new Client({ contactPoints: [`${LOCALHOST}:${port}`], localDataCenter: CASSANDRA_LOCAL_DC, socketOptions: { connectTimeout: 2000 } });
  try {
    await client.connect();
    const rs = await client.execute("SELECT release_version FROM system.local");
    return rs.rowLength === 1;
  } finally {
    await client.shutdown().catch(() => undefined);
  }
}

async function choosePorts(dir: string, port: number | undefined): Promise<CassandraPorts> {
  const prev = readState(dir)?.ports;
  const taken = new Set<number>();
  const pick = async (wanted: number | undefined): Promise<number> => {
    let p = wanted ?? (await freePort());
    while (wanted === undefined && taken.has(p)) p = await freePort();
    taken.add(p);
    return p;
  };
  const ports = { cql: await pick(port ?? prev?.cql), storage: await pick(prev?.storage), jmx: await pick(prev?.jmx) };
  await assertPortFree(ports.cql, "cassandra");
  await assertPortFree(ports.storage, "cassandra storage");
  await assertPortFree(ports.jmx, "cassandra jmx");
  return ports;
}

/** Starts (or restarts, keeping data) a node in `dir`; resolves once CQL queries succeed. */
export async function startCassandra(opts: CassandraStartOptions): Promise<EngineInfo> {
  const dir = path.resolve(opts.dir);
  const running = readState(dir);
  if (running && isRunning(running.pid, dir)) throw new Error(`cassandra already runs in ${dir} (pid ${running.pid})`);
  const java = requireJava("Cassandra 5.0", 17, 17);
  const classpath = engineClasspath("cassandra", /^cassandra-all-.*\.jar$/);
  const jamm = fs.readdirSync(engineLibDir("cassandra")).find((j) => /^jamm-.*\.jar$/.test(j));
  const ports = await choosePorts(dir, opts.port);
  fs.mkdirSync(path.join(dir, "conf"), { recursive: true });
  fs.mkdirSync(path.join(dir, "triggers"), { recursive: true });
  fs.writeFileSync(path.join(dir, "conf", "cassandra.yaml"), renderCassandraYaml(dir, ports));
  fs.writeFileSync(path.join(dir, "conf", "logback.xml"), LOGBACK);
  const logFile = path.join(dir, "logs", "cassandra.log");
  const jammJar = jamm ? path.join(engineLibDir("cassandra"), jamm) : undefined;
  const args = [...cassandraJvmArgs(dir, ports, classpath, jammJar, opts.heap ?? "768m"), "org.apache.cassandra.service.CassandraDaemon"];
  const proc = spawnDetached(java.bin, args, { cwd: dir, logFile });
  await waitReady("cassandra", proc, logFile, () => cassandraAnswers(ports.cql), opts.readyTimeoutMs ?? 180_000);
  const info: EngineInfo = { engine: "cassandra", host: LOCALHOST, port: ports.cql, pid: proc.child.pid as number, logFile, ports: { ...ports }, dir };
  writeState(info);
  return info;
}
