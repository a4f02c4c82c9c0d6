/**
 * Pure plan of the data-science layer: JupyterLab on the lakehouse Spark image's `jupyter` stage, with the
 * repository's notebooks, the jobs package, and the same Spark catalog settings as the Thrift Server (Silver and Gold
 * through the Hive metastore), its kernels' drivers on the Spark cluster. Token required, from a secret.
 */
import * as pulumi from "@pulumi/pulumi";
import { services } from "../../contracts";
import type { Artifact } from "../platform/artifacts";
import type { DeployedService, ServiceSpec } from "../platform/service";
import { pythonHttpCheck } from "../shared/recipes";
import { port } from "../shared/specs";
import { type SparkWiring, heapMb, jobEnv, sparkCatalogConf, sparkDefaultsConf } from "../shared/spark";

export const LAYER = "datascience";
const J = services.jupyter;
export const NOTEBOOKS_MOUNT = "/opt/lakehouse/notebooks";
export const JUPYTER_SPARK_CONF_DIR = "/opt/spark/conf";
/** Driver heap of a notebook kernel; the rest of the container's limit is JupyterLab and Python. */
export const NOTEBOOK_DRIVER_MB = 1024;

export interface JupyterPlanArgs {
  readonly image: pulumi.Input<string>;
  readonly memoryMb: number;
  /** Host port, or undefined to keep JupyterLab private to the network. */
  readonly hostPort?: number;
  readonly bindAddress: string;
  readonly token: pulumi.Output<string>;
  readonly wiring: SparkWiring & { readonly master: pulumi.Input<string> };
  readonly notebooks: Artifact;
  readonly jobs: Artifact;
  /** Cores a notebook may take from the cluster. */
  readonly coresMax: number;
  readonly dependsOn: readonly DeployedService[];
}

/** Spark client config of a notebook kernel: the Thrift Server's catalog settings, the cluster, a driver reachable by executors. */
export function notebookSparkConf(a: Pick<JupyterPlanArgs, "wiring" | "coresMax" | "memoryMb">): Record<string, pulumi.Input<string>> {
  if (a.memoryMb < NOTEBOOK_DRIVER_MB + 512) {
    throw new Error(`jupyter memory limit ${a.memoryMb} MiB leaves no room beside the ${NOTEBOOK_DRIVER_MB} MiB notebook driver; set lakehouse:memoryMb.jupyter >= ${NOTEBOOK_DRIVER_MB + 512}`);
  }
  return {
    ...sparkCatalogConf(a.wiring),
    "spark.master": a.wiring.master,
    "spark.driver.host": J.name,
    "spark.driver.bindAddress": "0.0.0.0",
    "spark.driver.memory": `${Math.min(NOTEBOOK_DRIVER_MB, heapMb(a.memoryMb))}m`,
    "spark.cores.max": String(a.coresMax),
  };
}

export function jupyterSpec(a: JupyterPlanArgs): ServiceSpec {
  const zip = a.jobs.files.find((f) => f.path.endsWith(".zip"));
  if (!zip) throw new Error("jupyter: the jobs artifact has no zip");
  return {
    name: J.name,
    layer: LAYER,
    image: a.image,
    command: [
      "jupyter",
      "lab",
      "--no-browser",
      "--ServerApp.ip=0.0.0.0",
      `--ServerApp.port=${J.ports.http}`,
      "--ServerApp.port_retries=0",
      `--ServerApp.root_dir=${NOTEBOOKS_MOUNT}`,
    ],
    env: {
      // Jupyter reads its token from here (never the command line, which `docker inspect` and `ps` show in the clear).
      JUPYTER_TOKEN: a.token,
      ...jobEnv(a.wiring),
      PYTHONPATH: zip.path,
      SPARK_CONF_DIR: JUPYTER_SPARK_CONF_DIR,
    },
    ports: [port("http", J.ports.http, a.hostPort, { address: a.bindAddress })],
    files: [
      ...a.notebooks.files,
      ...a.jobs.files,
      { path: `${JUPYTER_SPARK_CONF_DIR}/spark-defaults.conf`, content: sparkDefaultsConf(notebookSparkConf(a)), mode: 0o644 },
    ],
    // `/api` (the server version) is the one endpoint Jupyter answers without the token.
    healthcheck: pythonHttpCheck(`http://127.0.0.1:${J.ports.http}/api`),
    memoryMb: a.memoryMb,
    restart: "unless-stopped",
    dependsOn: a.dependsOn,
  };
}
