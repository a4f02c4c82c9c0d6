/**
 * `BatchLayer`: the source PostgreSQL databases (ecom, marketing), a Spark standalone cluster and Airflow 3 with the
 * DAGs and the jobs package deployed as content-hashed artifacts. Storage addresses arrive as typed outputs.
 */
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { runtime, services, sourceDbConnectionId, storage as storageContract } from "../../contracts";
import { JOBS_DIR, REPO_ROOT, dagsArtifact, jobsArtifact } from "../platform/artifacts";
import type { DeployedService, Platform, ServiceSpec, SparkScheduler } from "../platform/service";
import { hostForBindAddress } from "../../plans/pbids";
import { postgresSpec, postgresUrl } from "../shared/recipes";
import { fernetKey, generatedPassword } from "../shared/secrets";
import { logsInitJobSpec } from "../streaming/jobs";
import { SPARK_HDFS_USER, type SparkWiring } from "../shared/spark";
import { ADMIN_USER, AIRFLOW_HOME, airflowInitSpec, airflowProcessSpecs, type AirflowPlanArgs } from "./plan-airflow";
import {
  LAYER,
  SOURCE_DB_USER,
  masterUrl,
  sourceDatabases,
  sourceDbSpec,
  sparkMasterSpec,
  sparkWorkerSpec,
  type SparkClusterArgs,
} from "./plan-spark";

export interface BatchLayerArgs {
  readonly platform: Platform;
  /** Storage outputs: HDFS, warehouse root and metastore. */
  readonly storage: SparkWiring;
  readonly images: { readonly postgres: string };
  /** The lakehouse Spark image (cluster) and the Airflow image (tasks submit to the cluster). */
  readonly sparkImage: pulumi.Input<string>;
  readonly airflowImage: pulumi.Input<string>;
  readonly sparkWorkers: number;
  readonly sparkWorkerCores: number;
  /** Executors of each Spark application on a platform scheduler (Kubernetes `spark.executor.instances`). */
  readonly sparkExecutors: number;
  readonly memoryMb: Readonly<Record<"sourceDb" | "sparkMaster" | "sparkWorker" | "airflowDb" | AirflowMemoryKey, number>>;
  readonly published: { readonly sparkMasterUi?: number; readonly airflow?: number; readonly sourceDb?: number };
  readonly bindAddress: string;
  /** Repository root holding `sql/`, `dags/`, `jobs/` and `contracts/` (default: this checkout). */
  readonly repoRoot?: string;
}
type AirflowMemoryKey = keyof AirflowPlanArgs["memoryMb"];

const AIRFLOW_DB = { database: "airflow", user: "airflow" } as const;

/** What goes into Airflow's DAG folder: Python modules, but not the DAG tests (the dag-processor would parse them). */
export function isDagFile(rel: string): boolean {
  return rel.endsWith(".py") && !rel.startsWith("tests/");
}

export class BatchLayer extends pulumi.ComponentResource {
  /** `spark://spark-master:7077` */
  public readonly sparkMasterUrl: pulumi.Output<string>;
  /** Host of the source databases on the private network. */
  public readonly sourceDbHost: pulumi.Output<string>;
  /** `postgresql://lakehouse:<password>@postgres-sources:5432/<db>` per source database (secrets). */
  public readonly sourceDbUrls: Readonly<Record<string, pulumi.Output<string>>>;
  /** Airflow admin user name and generated password (secret). */
  public readonly airflowAdmin: { readonly user: string; readonly password: pulumi.Output<string> };
  /** Content hashes of the deployed artifacts (a change redeploys only the containers that mount them). */
  public readonly artifactHashes: { readonly jobs: string; readonly dags: string };
  /** Master and workers: jobs elsewhere start after them. */
  public readonly sparkServices: readonly DeployedService[];
  public readonly sparkMasterHost: pulumi.Output<string>;
  public readonly sparkWorkerHosts: pulumi.Output<string[]>;
  /** The stack's `logs-init` job (log folders on the shared volume), for layers whose services log there. */
  public readonly logsInit: DeployedService;
  /** The platform's Spark scheduler (Kubernetes), which the streaming drivers use too; undefined on Docker. */
  public readonly sparkScheduler?: SparkScheduler;

  constructor(name: string, args: BatchLayerArgs, opts?: pulumi.ComponentResourceOptions) {
    super("lakehouse:batch:BatchLayer", name, {}, opts);
    const deploy = (spec: ServiceSpec) => args.platform.deploy(spec, { parent: this });
    const root = args.repoRoot ?? REPO_ROOT;

    const sourcePassword = generatedPassword(`${name}-sources-password`, this);
    const sourceDb = deploy(
      sourceDbSpec({
        image: args.images.postgres,
        memoryMb: args.memoryMb.sourceDb,
        password: sourcePassword,
        sqlDir: path.join(root, "sql"),
        hostPort: args.published.sourceDb,
        bindAddress: args.bindAddress,
      }),
    );

    // Where spark-submit puts a cluster-mode application's files for its driver pod (next to the warehouse).
    const scheduler = args.platform.sparkScheduler?.(
      {
        image: args.sparkImage,
        executors: args.sparkExecutors,
        uploadPath: pulumi.interpolate`${args.storage.warehouseRoot}/${storageContract.paths.sparkUploads}`,
        hdfsUser: SPARK_HDFS_USER,
        driverSecrets: { [runtime.env.jdbcPassword]: sourcePassword },
      },
      { parent: this },
    );
    const cluster: SparkClusterArgs = {
      image: args.sparkImage,
      workers: args.sparkWorkers,
      workerCores: args.sparkWorkerCores,
      memoryMb: args.memoryMb,
      published: args.published,
      bindAddress: args.bindAddress,
    };
    // One job per stack creates the Spark and streaming log folders on the shared volume (streaming reuses it).
    const logsInit = deploy(logsInitJobSpec(args.sparkImage, args.memoryMb.initJob));
    const master = deploy(sparkMasterSpec(cluster, logsInit));
    const workers = deploy(sparkWorkerSpec(cluster, master));

    const dbPassword = generatedPassword(`${name}-airflow-db-password`, this);
    const airflowDb = deploy(
      postgresSpec({
        name: services.airflowDb.name,
        layer: LAYER,
        image: args.images.postgres,
        database: AIRFLOW_DB.database,
        user: AIRFLOW_DB.user,
        password: dbPassword,
        memoryMb: args.memoryMb.airflowDb,
      }),
    );
    const adminPassword = generatedPassword(`${name}-airflow-admin-password`, this, 24);
    const dags = dagsArtifact(root, `${AIRFLOW_HOME}/dags`, isDagFile);
    // Only what the DAGs' jobs import: editing a streaming job does not replace the scheduler.
    const jobs = jobsArtifact(root, JOBS_DIR, runtime.airflowJobModules.map((k) => runtime.jobModules[k]));
    const plan: AirflowPlanArgs = {
      image: args.airflowImage,
      memoryMb: { ...args.memoryMb },
      published: args.published,
      bindAddress: args.bindAddress,
      secrets: {
        dbPassword,
        fernetKey: fernetKey(`${name}-airflow-fernet-key`, this),
        jwtSecret: generatedPassword(`${name}-airflow-jwt-secret`, this, 48),
        apiSecretKey: generatedPassword(`${name}-airflow-api-secret-key`, this, 48),
        adminPassword,
      },
      db: airflowDb,
      dbUser: AIRFLOW_DB.user,
      dbName: AIRFLOW_DB.database,
      connections: {
        [runtime.airflow.connections.spark]: scheduler
          ? { conn_type: "spark", ...scheduler.connection }
          : { conn_type: "spark", host: pulumi.interpolate`spark://${master.host}`, port: services.sparkMaster.ports.rpc, extra: { "deploy-mode": "client" } },
        ...Object.fromEntries(
          sourceDatabases().map((db) => [
            sourceDbConnectionId(db),
            { conn_type: "postgres", host: sourceDb.host, port: services.sourceDb.ports.postgres, schema: db, login: SOURCE_DB_USER, password: sourcePassword },
          ]),
        ),
      },
      wiring: { ...args.storage, master: scheduler?.master ?? masterUrl(master) },
      jobCoresMax: Math.max(1, Math.floor((args.sparkWorkers * args.sparkWorkerCores) / 2)),
      dags,
      jobs,
      logsInit,
      scheduler,
    };
    const init = deploy(airflowInitSpec(plan));
    airflowProcessSpecs(plan, init).map(deploy);

    this.sparkMasterUrl = masterUrl(master);
    this.sourceDbHost = sourceDb.host;
    // For clients on the host: the published port when there is one, else the address inside the network.
    const published = args.published.sourceDb;
    const [urlHost, urlPort] = published === undefined ? [sourceDb.host, services.sourceDb.ports.postgres] : [hostForBindAddress(args.bindAddress), published];
    this.sourceDbUrls = Object.fromEntries(sourceDatabases().map((db) => [db, postgresUrl("postgresql", SOURCE_DB_USER, sourcePassword, urlHost, urlPort, db)]));
    this.airflowAdmin = { user: ADMIN_USER, password: adminPassword };
    this.artifactHashes = { jobs: jobs.hash, dags: dags.hash };
    this.sparkServices = [master, workers];
    this.logsInit = logsInit;
    this.sparkScheduler = scheduler;
    this.sparkMasterHost = master.host;
    this.sparkWorkerHosts = workers.hosts ?? workers.host.apply((h) => [h]);
    this.registerOutputs({ sparkMasterUrl: this.sparkMasterUrl, sourceDbHost: this.sourceDbHost, artifactHashes: this.artifactHashes });
  }
}
