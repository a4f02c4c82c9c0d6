/**
 * Pure plan of Airflow 3 on one host: metadata DB, a one-shot `db migrate`, api-server, scheduler (LocalExecutor:
 * tasks run here, so it holds the jobs artifact and Spark client config), dag-processor and triggerer.
 * Connections come from component outputs as `AIRFLOW_CONN_*` secrets; no password is typed anywhere.
 */
import * as pulumi from "@pulumi/pulumi";
import { airflowConnectionEnv, runtime, services } from "../../contracts";
import { JOBS_DIR, type Artifact } from "../platform/artifacts";
import type { DeployedService, FileSpec, ServiceSpec, SparkScheduler } from "../platform/service";
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
    "spark.driver.memory": "1g",
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

/**
 * Liveness of a process without an HTTP server. The check starts the Airflow CLI, whose imports alone took 8.7 s on a
 * loaded 2-core host (and the dag-processor never turned healthy there with 10 s), so it gets Docker's default 30 s.
 */
const jobsCheck = (jobType: string) => ({
  probe: { exec: [`airflow jobs check --job-type ${jobType} --local`], shell: true },
  ...TIMING.jvm,
  timeoutSeconds: 30,
});

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
      healthcheck: jobsCheck("DagProcessorJob"),
      memoryMb: a.memoryMb.airflowDagProcessor,
      dependsOn: [init],
    }),
    airflowService(a, AIRFLOW_SERVICES.triggerer, ["triggerer"], {
      healthcheck: jobsCheck("TriggererJob"),
      memoryMb: a.memoryMb.airflowTriggerer,
      dependsOn: [init],
    }),
  ];
}
