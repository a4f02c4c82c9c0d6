/**
 * Defaults per environment. `dev` fits one 32 GB arm64 host with every part on; `prod` is a larger single host
 * with more datanodes and workers. Stack config overrides any of them key by key.
 */
import { services } from "../contracts";

/** Services whose memory limit (MiB) is configurable: the contract service keys plus Airflow's own processes. */
export const MEMORY_KEYS = [
  "namenode",
  "datanode",
  "metastoreDb",
  "hiveMetastore",
  "sparkThrift",
  "sourceDb",
  "sparkMaster",
  "sparkWorker",
  "airflowDb",
  "airflowApi",
  "airflowScheduler",
  "airflowDagProcessor",
  "airflowTriggerer",
  "kafka",
  "redpandaConsole",
  "nifi",
  "cassandra",
  "elasticsearch",
  "logstash",
  "kibana",
  "filebeat",
  "grafana",
  "prometheus",
  "cadvisor",
  "streamingJob",
  "initJob",
  "jupyter",
] as const;
export type MemoryKey = (typeof MEMORY_KEYS)[number];

/**
 * Smallest memory limit (MiB) each service accepts. JVM services get 75% (Hadoop, Hive, Spark) or 50% (Kafka,
 * Cassandra, Elastic) of their limit as heap, so the floor is what their heap needs to start and do light work:
 * Elasticsearch refuses less than ~512 MiB of heap, NiFi 2 and Cassandra need about 1 GiB of heap, a Spark worker
 * must offer executors the 1 GiB batch tasks ask for (Spark's default spark.executor.memory; 1792 MiB limit), the
 * scheduler runs the batch drivers (1 GiB heap) beside Airflow, a streaming driver needs its 256 MiB minimum heap
 * plus 512 MiB overhead. PostgreSQL, Go and Node services start in less.
 */
export const MEMORY_FLOOR_MB: Readonly<Record<MemoryKey, number>> = {
  namenode: 512,
  datanode: 512,
  metastoreDb: 256,
  hiveMetastore: 512,
  sparkThrift: 1024,
  sourceDb: 256,
  sparkMaster: 512,
  sparkWorker: 1792,
  airflowDb: 256,
  airflowApi: 768,
  airflowScheduler: 1536,
  airflowDagProcessor: 512,
  airflowTriggerer: 256,
  kafka: 512,
  redpandaConsole: 128,
  nifi: 1536,
  cassandra: 1024,
  elasticsearch: 1024,
  logstash: 768,
  kibana: 768,
  filebeat: 128,
  grafana: 128,
  prometheus: 256,
  cadvisor: 128,
  streamingJob: 768,
  initJob: 256,
  /** JupyterLab and the notebook's Spark driver (1 GiB heap, like the batch drivers). */
  jupyter: 1536,
};
/** Largest memory limit any service accepts (MiB). */
export const MEMORY_CEILING_MB = 65536;

/** UIs and endpoints that can be published on the host (value: host port, or false to keep it private). */
export const PORT_KEYS = [
  "airflow",
  "sparkMasterUi",
  "namenodeUi",
  "thrift",
  "nifi",
  "grafana",
  "kibana",
  "redpandaConsole",
  "kafka",
  "prometheus",
  "sourceDb",
  "jupyter",
] as const;
export type PortKey = (typeof PORT_KEYS)[number];

export const ENVIRONMENTS = ["dev", "prod"] as const;
export type Environment = (typeof ENVIRONMENTS)[number];

/** Optional parts a profile switches on; storage and batch are always deployed. */
export const PROFILES = {
  full: { streaming: true, observability: true, datascience: true },
  lean: { streaming: true, observability: false, datascience: true },
  batch: { streaming: false, observability: false, datascience: false },
} as const;
export type Profile = keyof typeof PROFILES;

const DEV_MEMORY: Record<MemoryKey, number> = {
  namenode: 1024,
  datanode: 1024,
  metastoreDb: 512,
  hiveMetastore: 1024,
  sparkThrift: 2048,
  sourceDb: 1024,
  sparkMaster: 1024,
  sparkWorker: 4096,
  airflowDb: 512,
  airflowApi: 1536,
  airflowScheduler: 3072,
  airflowDagProcessor: 1024,
  airflowTriggerer: 512,
  kafka: 1536,
  redpandaConsole: 512,
  nifi: 2048,
  cassandra: 2048,
  elasticsearch: 2048,
  logstash: 1024,
  kibana: 1024,
  filebeat: 256,
  grafana: 512,
  prometheus: 512,
  cadvisor: 256,
  streamingJob: 1536,
  initJob: 512,
  jupyter: 2048,
};

const PORTS: Record<PortKey, number | false> = {
  airflow: 8080,
  sparkMasterUi: 8088,
  namenodeUi: 9870,
  thrift: services.sparkThrift.ports.http,
  nifi: 8443,
  grafana: 3000,
  kibana: 5601,
  redpandaConsole: 8085,
  kafka: 9094,
  prometheus: 9090,
  /** The source databases, for loading source data from the host (`lakehouse data load --database-url`). */
  sourceDb: 5432,
  /** JupyterLab (token required; the tokened URL is the secret `jupyter` output). */
  jupyter: services.jupyter.ports.http,
};

/** Default values of every setting for one environment (before stack overrides). */
export function environmentDefaults(env: Environment) {
  const prod = env === "prod";
  return {
    target: "docker",
    platform: "linux/arm64",
    profile: prod ? "lean" : "full",
    bindAddress: "127.0.0.1",
    ports: { ...PORTS },
    datanodes: prod ? 3 : 1,
    sparkWorkers: prod ? 3 : 1,
    sparkWorkerCores: prod ? 4 : 2,
    /** Kubernetes only (the standalone cluster of Docker has its workers): executors per Spark application. */
    sparkExecutors: prod ? 3 : 1,
    memoryMb: prod ? scale(DEV_MEMORY, 2) : { ...DEV_MEMORY },
    images: {},
    retainVolumes: true,
  };
}

function scale(memory: Record<MemoryKey, number>, factor: number): Record<MemoryKey, number> {
  return Object.fromEntries(Object.entries(memory).map(([k, v]) => [k, v * factor])) as Record<MemoryKey, number>;
}
