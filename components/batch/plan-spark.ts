/**
 * Pure plan of the batch layer's data services: the source PostgreSQL (ecom + marketing, DDL from `sql/`) and the
 * Spark standalone cluster (master + N workers with explicit cores and memory).
 */
import * as fs from "node:fs";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { services, sources, type SourceDatabaseName } from "../../contracts";
import { REPLICA_NAME, type DeployedService, type FileSpec, type ServiceSpec } from "../platform/service";
import { postgresSpec, pythonHttpCheck } from "../shared/recipes";
import { SPARK_HDFS_USER } from "../shared/spark";
import { port } from "../shared/specs";
import { heapMb } from "../shared/spark";
import { LOGS_DIR, LOGS_VOLUME, logFolder } from "../observability/logLayout";
import { SPARK_PROMETHEUS_METRICS_PROPERTIES } from "../observability/metrics";
import { renderStreamingLog4j2 } from "../streaming/jobs";
import { MIN_EXECUTOR_MB, WORKER_DAEMON_MB, executorMemoryOfWorkerMb } from "../shared/sizing";

export const LAYER = "batch";
export const SOURCE_DB_USER = "lakehouse";
const SQL_MOUNT = "/opt/lakehouse/sql";

/** Source databases in contract order ("ecom", "marketing"). */
export function sourceDatabases(): SourceDatabaseName[] {
  return Object.keys(sources.databases) as SourceDatabaseName[];
}

/**
 * The source DDL files (`sql/<database>.sql`, written by the source-data work) read at run time, plus an init
 * script that creates each database and applies its file once, on an empty volume.
 */
export function sourceInitFiles(sqlDir: string): FileSpec[] {
  const dbs = sourceDatabases();
  const ddl = dbs.map((db) => {
    const file = path.join(sqlDir, `${db}.sql`);
    if (!fs.existsSync(file)) throw new Error(`source database "${db}": DDL file ${file} not found (expected sql/${db}.sql)`);
    return { path: `${SQL_MOUNT}/${db}.sql`, content: fs.readFileSync(file, "utf8"), mode: 0o644 };
  });
  const script = [
    "#!/usr/bin/env bash",
    "# Runs once on an empty data volume (postgres entrypoint): one database per source, each with its DDL.",
    "set -euo pipefail",
    ...dbs.flatMap((db) => [
      `psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname postgres -c 'CREATE DATABASE ${db}'`,
      `psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname ${db} -f ${SQL_MOUNT}/${db}.sql`,
    ]),
    "",
  ].join("\n");
  return [...ddl, { path: "/docker-entrypoint-initdb.d/10-lakehouse-sources.sh", content: script, mode: 0o755 }];
}

/** The source databases; `hostPort` publishes them on `bindAddress` so source data can be loaded from the host. */
export function sourceDbSpec(a: {
  image: string;
  memoryMb: number;
  password: pulumi.Input<string>;
  sqlDir: string;
  hostPort?: number;
  bindAddress?: string;
}): ServiceSpec {
  return postgresSpec({
    name: services.sourceDb.name,
    layer: LAYER,
    image: a.image,
    database: "postgres",
    user: SOURCE_DB_USER,
    password: a.password,
    memoryMb: a.memoryMb,
    initFiles: sourceInitFiles(a.sqlDir),
    ports: [port("postgres", services.sourceDb.ports.postgres, a.hostPort, { address: a.bindAddress ?? "127.0.0.1" })],
  });
}

/** Memory a worker offers to executors (`executorMemoryOfWorkerMb`); the stack schema rejects limits that leave too little. */
export function workerExecutorMemoryMb(limitMb: number, daemonMb = WORKER_DAEMON_MB): number {
  const mb = executorMemoryOfWorkerMb(limitMb, daemonMb);
  if (mb < MIN_EXECUTOR_MB) throw new Error(`spark worker memory limit ${limitMb} MiB leaves ${mb} MiB for executors; set lakehouse:memoryMb.sparkWorker >= 1280`);
  return mb;
}
export { WORKER_DAEMON_MB };

export interface SparkClusterArgs {
  readonly image: pulumi.Input<string>;
  readonly workers: number;
  readonly workerCores: number;
  readonly memoryMb: { readonly sparkMaster: number; readonly sparkWorker: number };
  readonly published: { readonly sparkMasterUi?: number };
  readonly bindAddress: string;
}

const M = services.sparkMaster;
const W = services.sparkWorker;
const LOG4J2 = "/opt/lakehouse/log4j2.properties";

/**
 * What every Spark daemon shares for observability: JSON log lines on the shared log volume (Filebeat ships them)
 * and Spark's PrometheusServlet metrics (Prometheus scrapes the UI ports).
 */
export function sparkDaemonObservability(service: string) {
  return {
    volumes: [{ name: LOGS_VOLUME, mountPath: LOGS_DIR, shared: true }],
    files: [
      { path: LOG4J2, content: renderStreamingLog4j2(), mode: 0o644 },
      { path: "/opt/spark/conf/metrics.properties", content: SPARK_PROMETHEUS_METRICS_PROPERTIES, mode: 0o644 },
    ],
    javaOpts: `-Dlog4j2.configurationFile=file:${LOG4J2} -Dlakehouse.log.file=${logFolder("spark")}/${service}.log -Duser.timezone=UTC`,
  };
}

export function sparkMasterSpec(a: SparkClusterArgs, logsInit: DeployedService): ServiceSpec {
  const obs = sparkDaemonObservability(M.name);
  return {
    name: M.name,
    layer: LAYER,
    image: a.image,
    command: ["spark-class", "org.apache.spark.deploy.master.Master", "--host", M.name, "--port", String(M.ports.rpc), "--webui-port", String(M.ports.ui)],
    env: { SPARK_DAEMON_MEMORY: `${heapMb(a.memoryMb.sparkMaster)}m`, SPARK_DAEMON_JAVA_OPTS: obs.javaOpts, TZ: "UTC" },
    ports: [{ name: "rpc", containerPort: M.ports.rpc }, port("ui", M.ports.ui, a.published.sparkMasterUi, { address: a.bindAddress })],
    volumes: obs.volumes,
    files: obs.files,
    healthcheck: pythonHttpCheck(`http://127.0.0.1:${M.ports.ui}/`),
    memoryMb: a.memoryMb.sparkMaster,
    restart: "always",
    dependsOn: [logsInit],
  };
}

/** `spark://spark-master:7077` from the master's host output. */
export function masterUrl(master: DeployedService): pulumi.Output<string> {
  return pulumi.interpolate`spark://${master.host}:${M.ports.rpc}`;
}

/** The workers: one replicated spec (Docker `spark-worker-1..N`); each logs to a file named after its replica. */
export function sparkWorkerSpec(a: SparkClusterArgs, master: DeployedService): ServiceSpec {
  const executorMb = workerExecutorMemoryMb(a.memoryMb.sparkWorker);
  const obs = sparkDaemonObservability(REPLICA_NAME);
  return {
    name: W.name,
    replicas: a.workers,
    layer: LAYER,
    image: a.image,
    command: [
      "spark-class",
      "org.apache.spark.deploy.worker.Worker",
      "--cores",
      String(a.workerCores),
      "--memory",
      `${executorMb}m`,
      "--webui-port",
      String(W.ports.ui),
    ],
    // The master URL is the worker's last argument; an env var keeps it an Output without unwrapping.
    entrypoint: ["/usr/bin/tini", "--", "bash", "-c", 'exec "$@" "$SPARK_MASTER_URL"', "worker"],
    env: {
      SPARK_MASTER_URL: masterUrl(master),
      SPARK_DAEMON_MEMORY: `${WORKER_DAEMON_MB}m`,
      SPARK_DAEMON_JAVA_OPTS: obs.javaOpts,
      HADOOP_USER_NAME: SPARK_HDFS_USER,
      TZ: "UTC",
    },
    volumes: obs.volumes,
    files: obs.files,
    healthcheck: pythonHttpCheck(`http://127.0.0.1:${W.ports.ui}/`),
    memoryMb: a.memoryMb.sparkWorker,
    cpus: a.workerCores,
    restart: "always",
    dependsOn: [master],
  };
}
