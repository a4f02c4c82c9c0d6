/**
 * One name per thing: every table, topic, path, keyspace, service name and port used by more than one
 * language or process lives in the JSON files beside this module (run-time names, such as environment variables,
 * Airflow connection ids, job modules and artifact file names, in `runtime.json`). TypeScript imports them from here; Python loads
 * the same files through `jobs/lakehouse_jobs/common/contracts.py`. Never retype a name.
 */
import sourcesJson from "./sources.json";
import storageJson from "./storage.json";
import kafkaJson from "./kafka.json";
import cassandraJson from "./cassandra.json";
import servicesJson from "./services.json";
import runtimeJson from "./runtime.json";
import metricsJson from "./metrics.json";
import logsJson from "./logs.json";
import driversJson from "./drivers.json";

export type LogicalType = "text" | "int" | "double" | "numeric" | "timestamp" | "date";

export interface SourceColumn {
  readonly name: string;
  readonly type: LogicalType;
  readonly nullable: boolean;
}

export interface SourceTable {
  readonly csv: string;
  /** Business key used for deduplication downstream (empty: no natural key, e.g. geolocation). */
  readonly key: readonly string[];
  readonly columns: readonly SourceColumn[];
}

export type SourceDatabaseName = "ecom" | "marketing";

export interface TopicSpec {
  readonly name: string;
  readonly partitions: number;
  readonly retentionMs: number;
  readonly cleanupPolicy: string;
}

export interface ServiceSpecContract {
  readonly name: string;
  readonly ports: Readonly<Record<string, number>>;
  readonly httpPath?: string;
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === "object") {
    Object.values(value as Record<string, unknown>).forEach(deepFreeze);
    Object.freeze(value);
  }
  return value;
}

export const sources = deepFreeze(
  sourcesJson as unknown as {
    readonly watermarkColumn: string;
    readonly databases: Readonly<Record<SourceDatabaseName, { readonly tables: Readonly<Record<string, SourceTable>> }>>;
    readonly logs: Readonly<Record<"clickstream" | "accesslog", { readonly file: string }>>;
  },
);

const storageContract = storageJson as {
  /** HDFS path of the warehouse root in the deployment (`hdfs://<namenode>:<rpc><path>`). */
  readonly deployedWarehousePath: string;
  readonly layers: Readonly<Record<"bronze" | "silver" | "gold", string>>;
  readonly paths: Readonly<Record<"quarantine" | "checkpoints" | "state" | "landing" | "sparkUploads", string>>;
  readonly hiveDatabases: Readonly<Record<"silver" | "gold", string>>;
  readonly goldMarts: Readonly<Record<string, readonly string[]>>;
  /** Gold tables the ML jobs write (predictions, scores, recommendations), beside the marts. */
  readonly mlTables: Readonly<Record<string, string>>;
};

export const storage = deepFreeze({
  ...storageContract,
  /** Every Gold table once, in mart order (the marts of `storage.json` are the only list). */
  goldTables: [...new Set(Object.values(storageContract.goldMarts).flat())] as readonly string[],
});

export const kafka = deepFreeze(
  kafkaJson as {
    readonly topics: Readonly<Record<string, TopicSpec>>;
    readonly consumerGroups: Readonly<Record<string, string>>;
    readonly headers: { readonly producedAtMs: string };
  },
);

export const cassandra = deepFreeze(
  cassandraJson as { readonly keyspace: string; readonly tables: Readonly<Record<string, string>> },
);

export const services = deepFreeze(servicesJson.services as Readonly<Record<keyof typeof servicesJson.services, ServiceSpecContract>>);

export type ServiceKey = keyof typeof services;

export type RuntimeEnvKey = keyof typeof runtimeJson.env;
export type JobModuleKey = keyof typeof runtimeJson.jobModules;

/** Run-time names shared by the Pulumi program, the CLI, the jobs and the DAGs (`runtime.json`). */
export const runtime = deepFreeze(
  runtimeJson as unknown as {
    /** Environment variables set by the program or the CLI and read by the jobs or the DAGs. */
    readonly env: Readonly<Record<RuntimeEnvKey, string>>;
    readonly toolEnv: Readonly<Record<string, string>>;
    readonly airflow: {
      readonly connectionEnvPrefix: string;
      readonly connections: { readonly spark: string; readonly sourceDbPrefix: string };
    };
    readonly jobModules: Readonly<Record<JobModuleKey, string>>;
    /** The entry modules the DAGs submit (what the Airflow scheduler's artifact must hold). */
    readonly airflowJobModules: readonly JobModuleKey[];
    readonly artifacts: Readonly<Record<keyof typeof runtimeJson.artifacts, string>>;
    /** Spark's Kubernetes scheduler: the in-cluster API server and the Spark service account. */
    readonly kubernetes: { readonly apiServerHost: string; readonly apiServerPort: number; readonly sparkServiceAccount: string };
  },
);

/** Airflow connection id of a source database, e.g. `postgres_ecom`. */
export const sourceDbConnectionId = (db: string): string => `${runtime.airflow.connections.sourceDbPrefix}${db}`;

/** `AIRFLOW_CONN_<ID>`: the environment variable Airflow reads a connection from. */
export const airflowConnectionEnv = (id: string): string => `${runtime.airflow.connectionEnvPrefix}${id.toUpperCase()}`;

export interface MetricSpec {
  readonly name: string;
  readonly type: "gauge" | "counter";
  readonly help: string;
}

/** Prometheus metric names the jobs export and the alert rules, dashboards and report query (`metrics.json`). */
export const metrics = deepFreeze(
  metricsJson as unknown as {
    readonly namespace: string;
    readonly labels: Readonly<Record<keyof typeof metricsJson.labels, string>>;
    readonly streaming: Readonly<Record<keyof typeof metricsJson.streaming, MetricSpec>>;
    readonly batch: Readonly<Record<keyof typeof metricsJson.batch, MetricSpec>>;
    readonly kafka: Readonly<Record<keyof typeof metricsJson.kafka, MetricSpec>>;
    readonly textfile: string;
    readonly ports: { readonly streamingDriver: number; readonly nodeExporter: number; readonly kafkaJmx: number };
    /** Prometheus `job` label of each exporter's scrape (alert rules match `up{job=...}`). */
    readonly scrapeJobs: { readonly streaming: string; readonly batch: string; readonly kafka: string };
  },
);

export type LogFieldKey = keyof typeof logsJson.fields;
export type LogProducerKey = keyof typeof logsJson.producers;

export interface LogProducerSpec {
  /** Folder under the root log directory (`LOGS_DIR` deployed, `LAKEHOUSE_LOG_DIR` locally). */
  readonly folder: string;
  /** The layer Logstash routes the producer's lines by. */
  readonly layer: string;
  /** File globs Filebeat reads in the folder. */
  readonly globs: readonly string[];
  /** Runs in the deployment, so its folder is on the shared log volume Filebeat reads (the CLI does not). */
  readonly cluster: boolean;
}

/** The JSON-lines log record every producer writes and the folders Filebeat reads (`logs.json`). */
export const logs = deepFreeze(
  logsJson as unknown as {
    readonly fields: Readonly<Record<LogFieldKey, string>>;
    readonly required: readonly LogFieldKey[];
    /** A record names its job or its DAG (at least one of these fields). */
    readonly subject: readonly LogFieldKey[];
    readonly levels: readonly string[];
    readonly events: Readonly<Record<keyof typeof logsJson.events, string>>;
    readonly status: Readonly<Record<keyof typeof logsJson.status, string>>;
    readonly producers: Readonly<Record<LogProducerKey, LogProducerSpec>>;
    /** Per producer: contract field key -> the name another program's JSON lines use for it. */
    readonly foreign: Readonly<Record<string, Readonly<Partial<Record<LogFieldKey, string>>>>>;
    readonly logstash: { readonly target: string; readonly producerField: string; readonly layerField: string };
  },
);

/** Log-odds contributions to "delivered after the estimated date" in generated data (`drivers.json` `late`). */
export interface LateDrivers {
  /** Intercept: a next-door parcel of an ordinary seller and category, off season. */
  readonly base: number;
  /** Per 1,000 km of great-circle distance between the seller's and the customer's zip prefixes. */
  readonly perThousandKm: number;
  /** Sellers drawn as slow shippers (a fixed share, per seller, keyed by the seed). */
  readonly slowSeller: number;
  readonly slowSellerShare: number;
  /** Purchase months of the carriers' peaks (Carnival in February-March, Black Friday and Christmas). */
  readonly peakSeason: number;
  readonly peakMonths: readonly number[];
  /** Bulky categories (canonical Portuguese names); any other category adds 0. */
  readonly categories: Readonly<Record<string, number>>;
}

/** Log-weights of a person returning for another order, from their earlier order (`drivers.json` `repeat`). */
export interface RepeatDrivers {
  /** First review score 5 (delighted) and 1-2 (unhappy). */
  readonly reviewFive: number;
  readonly reviewLow: number;
  /** Customer states with more returning buyers (fast delivery, more offers). */
  readonly states: Readonly<Record<string, number>>;
  /** Order value (items + freight) at or above `highValueAt` BRL. */
  readonly highValue: number;
  readonly highValueAt: number;
  /** Days from the earlier purchase to the return: 7 plus an exponential with this mean. */
  readonly gapMeanDays: number;
}

/** The generator's documented drivers of late delivery and repeat purchase, shared with the ML tests (Python). */
export const drivers = deepFreeze(driversJson as unknown as { readonly late: LateDrivers; readonly repeat: RepeatDrivers });
