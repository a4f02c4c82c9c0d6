/**
 * Pure plan of Airflow 3 on one host: metadata DB, a one-shot `db migrate`, api-server, scheduler (LocalExecutor:
 * tasks run here, so it holds the jobs artifact and Spark client config), dag-processor and triggerer.
 * Connections come from component outputs as `AIRFLOW_CONN_*` secrets; no password is typed anywhere.
 */
import * as pulumi from "@pulumi/pulumi";
import { airflowConnectionEnv, runtime, services } from "../../contracts";
import { JOBS_DIR, type Artifact } from "../platform/artifacts";
import type { DeployedService, FileSpec, HealthcheckSpec, ServiceSpec, SparkScheduler } from "../platform/service";
import { LOGS_DIR, LOGS_VOLUME, logFolder } from "../observability/logLayout";
import { TIMING, pythonHttpCheck } from "../shared/recipes";
import { jobEnv, sparkCatalogConf, sparkDefaultsConf, type SparkWiring } from "../shared/spark";
import { port } from "../shared/specs";
import { LAYER } from "./plan-spark";

export const AIRFLOW_HOME = "/opt/airflow";
export const SPARK_CONF_DIR = "/opt/lakehouse/spark-conf";
const PASSWORDS_FILE = `${AIRFLOW_HOME}/auth/passwords.json`;
export const ADMIN_USER = "admin";
/** Airflow processes that are not shared contract names (only Airflow itself refers to them). */
export const AIRFLOW_SERVICES = { scheduler: "airflow-scheduler", dagProcessor: "airflow-dag-processor", triggerer: "airflow-triggerer" } as const;

export interface AirflowSecrets {
  readonly dbPassword: pulumi.Input<string>;
  readonly fernetKey: pulumi.Input<string>;
  readonly jwtSecret: pulumi.Input<string>;
  readonly apiSecretKey: pulumi.Input<string>;
  readonly adminPassword: pulumi.Input<string>;
}

export interface AirflowConnection {
  readonly conn_type: string;
  readonly host: pulumi.Input<string>;
  readonly port: number;
  readonly schema?: string;
  readonly login?: string;
  readonly password?: pulumi.Input<string>;
  readonly extra?: Readonly<Record<string, string>>;
}

/** `AIRFLOW_CONN_<ID>` JSON value; secret when it carries a password. */
export function connectionEnv(id: string, c: AirflowConnection): [string, pulumi.Output<string>] {
  const value = pulumi.all([c.host, c.password]).apply(([host, password]) => JSON.stringify({ ...c, host, password }));
  return [airflowConnectionEnv(id), c.password !== undefined ? pulumi.secret(value) : value];
}

export interface AirflowPlanArgs {
  readonly image: pulumi.Input<string>;
  readonly memoryMb: Readonly<Record<"airflowApi" | "airflowScheduler" | "airflowDagProcessor" | "airflowTriggerer" | "initJob", number>>;
  readonly published: { readonly airflow?: number };
  readonly bindAddress: string;
  readonly secrets: AirflowSecrets;
  readonly db: DeployedService;
  readonly dbUser: string;
  readonly dbName: string;
  readonly connections: Readonly<Record<string, AirflowConnection>>;
  readonly wiring: SparkWiring & { readonly master: pulumi.Input<string> };
  /** Cores one batch job may take, so batch, streaming and BI can run side by side. */
  readonly jobCoresMax: number;
  readonly dags: Artifact;
  readonly jobs: Artifact;
  /** The stack's log-folder job: the scheduler writes task logs to the shared log volume that Filebeat ships. */
  readonly logsInit: DeployedService;
  /** The platform's Spark scheduler: tasks submit there in cluster mode (undefined: client mode to `wiring.master`). */
  readonly scheduler?: SparkScheduler;
}

const API = services.airflowApi;

/** Settings every Airflow process shares (secrets stay Outputs). */
export function airflowEnv(a: AirflowPlanArgs): Record<string, pulumi.Input<string>> {
  const sqlAlchemy = pulumi.secret(
    pulumi.interpolate`postgresql+psycopg2://${a.dbUser}:${a.secrets.dbPassword}@${a.db.host}:${services.airflowDb.ports.postgres}/${a.dbName}`,
  );
  return {
    AIRFLOW__CORE__EXECUTOR: "LocalExecutor",
    AIRFLOW__DATABASE__SQL_ALCHEMY_CONN: sqlAlchemy,
    AIRFLOW__CORE__FERNET_KEY: pulumi.secret(a.secrets.fernetKey),
    AIRFLOW__API_AUTH__JWT_SECRET: pulumi.secret(a.secrets.jwtSecret),
    AIRFLOW__API__SECRET_KEY: pulumi.secret(a.secrets.apiSecretKey),
    AIRFLOW__CORE__EXECUTION_API_SERVER_URL: `http://${API.name}:${API.ports.http}/execution/`,
    AIRFLOW__CORE__LOAD_EXAMPLES: "false",
    AIRFLOW__CORE__DAGS_ARE_PAUSED_AT_CREATION: "true",
    AIRFLOW__CORE__AUTH_MANAGER: "airflow.api_fastapi.auth.managers.simple.simple_auth_manager.SimpleAuthManager",
    AIRFLOW__CORE__SIMPLE_AUTH_MANAGER_USERS: `${ADMIN_USER}:admin`,
    AIRFLOW__CORE__SIMPLE_AUTH_MANAGER_PASSWORDS_FILE: PASSWORDS_FILE,
    AIRFLOW__SCHEDULER__ENABLE_HEALTH_CHECK: "true",
    TZ: "UTC",
  };
}

/** Shuffle partitions of a batch job: two per core it may use, at least 2. */
export function shufflePartitions(coresMax: number): string {
  return String(Math.max(2, coresMax * 2));
}

/** Heap of a batch task's Spark driver, which runs inside the scheduler's container (LocalExecutor, client mode). */
const TASK_DRIVER_MB = 1024;
/** What one running task costs the scheduler's container: its driver's heap, the JVM's own memory, the task process. */
const TASK_MB = TASK_DRIVER_MB + 256;
/** The scheduler itself with the LocalExecutor (measured about 170 MiB resident) and headroom. */
const SCHEDULER_BASE_MB = 512;

/**
 * Tasks the scheduler runs at once (`[core] parallelism`, the LocalExecutor's workers): as many Spark drivers as its
 * memory limit holds, at least one. Airflow's default (32) let the DAGs that unpausing and Asset events start together
 * run five drivers in the dev stack's 3 GiB, and the kernel killed a task process (memory cgroup out of memory).
 */
export function schedulerParallelism(memoryMb: number): number {
  return Math.max(1, Math.floor((memoryMb - SCHEDULER_BASE_MB) / TASK_MB));
}

/**
 * Spark client config of task drivers: catalog plus, on a platform scheduler, its settings and cluster mode (each
 * driver its own pod; Airflow follows it through spark-submit, which waits for the driver to end), else the
 * standalone master with the driver in the scheduler, reachable by executors.
 */
export function taskSparkConf(a: AirflowPlanArgs): Record<string, pulumi.Input<string>> {
  if (a.scheduler) {
    return {
      ...sparkCatalogConf(a.wiring),
      ...a.scheduler.conf(LAYER, "cluster"),
      "spark.kubernetes.submission.waitAppCompletion": "true",
      "spark.driver.memory": "1g",
      "spark.sql.shuffle.partitions": shufflePartitions(a.jobCoresMax),
    };
  }
  return {
    ...sparkCatalogConf(a.wiring),
    "spark.master": a.wiring.master,
    "spark.submit.deployMode": "client",
    "spark.driver.host": AIRFLOW_SERVICES.scheduler,
    "spark.driver.bindAddress": "0.0.0.0",
    "spark.driver.memory": `${TASK_DRIVER_MB}m`,
    "spark.driver.extraClassPath": "/opt/lakehouse/jars/*",
    "spark.cores.max": String(a.jobCoresMax),
    "spark.sql.shuffle.partitions": shufflePartitions(a.jobCoresMax),
  };
}

function airflowService(a: AirflowPlanArgs, name: string, command: string[], extra: Partial<ServiceSpec>): ServiceSpec {
  return {
    name,
    layer: LAYER,
    image: a.image,
    command,
    memoryMb: a.memoryMb.airflowScheduler,
    restart: "always",
    ...extra,
    env: { ...airflowEnv(a), ...(extra.env ?? {}) },
  };
}

/** Parts of Airflow whose heartbeat the api-server's `/api/v2/monitor/health` reports (keys of its answer). */
export type HeartbeatComponent = "dag_processor" | "triggerer";

/**
 * Health of a process without an HTTP server of its own (dag-processor, triggerer), read from the api-server's
 * `/api/v2/monitor/health`: Airflow reports there whether the latest job of each kind heartbeats within its
 * `health_check_threshold`, the same test `airflow jobs check` makes. The CLI check cost 3.2 CPU-seconds per run (its
 * imports) and timed out on a loaded host; this costs one small Python process and one request. It follows the
 * api-server: while that is down the processes report unhealthy (Docker only marks them; on Kubernetes the liveness
 * probe allows `retries` × interval, 5 min, before a restart).
 */
export function heartbeatCheck(component: HeartbeatComponent): HealthcheckSpec {
  const url = `http://${API.name}:${API.ports.http}/api/v2/monitor/health`;
  const script = [
    "import json, sys, urllib.request",
    `h = json.load(urllib.request.urlopen('${url}', timeout=5)).get('${component}') or {}`,
    `sys.exit(None if h.get('status') == 'healthy' else '${component}: ' + json.dumps(h))`,
  ].join("; ");
  return { probe: { exec: ["python3", "-c", script] }, ...TIMING.jvm };
}

/** The one-shot migration every other Airflow process waits for. */
export function airflowInitSpec(a: AirflowPlanArgs): ServiceSpec {
  return airflowService(a, "airflow-init", ["db", "migrate"], {
    memoryMb: a.memoryMb.initJob,
    restart: "no",
    oneShot: true,
    dependsOn: [a.db],
  });
}

export function airflowProcessSpecs(a: AirflowPlanArgs, init: DeployedService): ServiceSpec[] {
  const dagFiles = a.dags.files;
  const passwords: FileSpec = {
    path: PASSWORDS_FILE,
    content: pulumi.secret(pulumi.output(a.secrets.adminPassword).apply((p) => JSON.stringify({ [ADMIN_USER]: p }))),
    secret: true,
    // Group root (the image's airflow user's group) may write: the simple auth manager opens the file "a+" at start.
    mode: 0o660,
  };
  const connections = Object.fromEntries(Object.entries(a.connections).map(([id, c]) => connectionEnv(id, c)));
  return [
    airflowService(a, API.name, ["api-server"], {
      ports: [port("http", API.ports.http, a.published.airflow, { address: a.bindAddress })],
      files: [passwords],
      healthcheck: pythonHttpCheck(`http://127.0.0.1:${API.ports.http}/api/v2/monitor/health`),
      memoryMb: a.memoryMb.airflowApi,
      dependsOn: [init],
    }),
    airflowService(a, AIRFLOW_SERVICES.scheduler, ["scheduler"], {
      submitsSpark: a.scheduler !== undefined,
      env: {
        ...connections,
        ...jobEnv(a.wiring),
        SPARK_CONF_DIR,
        AIRFLOW__CORE__PARALLELISM: String(schedulerParallelism(a.memoryMb.airflowScheduler)),
        // Read by dags/lakehouse_dags/jobs.py when a task runs (names in contracts/runtime.json).
        [runtime.env.jobsPyFiles]: `${JOBS_DIR}/${runtime.artifacts.jobsZip}`,
        [runtime.env.jobsApplication]: `${JOBS_DIR}/${runtime.artifacts.jobsLauncher}`,
        [runtime.env.shufflePartitions]: shufflePartitions(a.jobCoresMax),
        // Tasks run here (LocalExecutor): their logs, failure alerts included, go where Filebeat reads.
        AIRFLOW__LOGGING__BASE_LOG_FOLDER: logFolder("airflow"),
        // The jobs' drivers (spark-submit, client mode) run here too: their JSON logs go to <this>/jobs for Filebeat.
        [runtime.env.logDir]: LOGS_DIR,
      },
      volumes: [{ name: LOGS_VOLUME, mountPath: LOGS_DIR, shared: true }],
      files: [...dagFiles, ...a.jobs.files, { path: `${SPARK_CONF_DIR}/spark-defaults.conf`, content: sparkDefaultsConf(taskSparkConf(a)) }],
      healthcheck: pythonHttpCheck("http://127.0.0.1:8974/health"),
      memoryMb: a.memoryMb.airflowScheduler,
      dependsOn: [init, a.logsInit],
    }),
    airflowService(a, AIRFLOW_SERVICES.dagProcessor, ["dag-processor"], {
      files: dagFiles,
      healthcheck: heartbeatCheck("dag_processor"),
      memoryMb: a.memoryMb.airflowDagProcessor,
      dependsOn: [init],
    }),
    airflowService(a, AIRFLOW_SERVICES.triggerer, ["triggerer"], {
      healthcheck: heartbeatCheck("triggerer"),
      memoryMb: a.memoryMb.airflowTriggerer,
      dependsOn: [init],
    }),
  ];
}
