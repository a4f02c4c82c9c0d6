/**
 * `DataScience`: JupyterLab for data scientists on the lakehouse Spark image (same Spark and Python as the cluster),
 * with the repository's notebooks and the jobs package, reading Silver and Gold through the Hive metastore. Its token
 * is generated (`@pulumi/random`) and stays a secret; so does the URL that carries it.
 */
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { runtime } from "../../contracts";
import { type Artifact, JOBS_DIR, REPO_ROOT, folderArtifact, jobsArtifact } from "../platform/artifacts";
import type { DeployedService, Platform } from "../platform/service";
import { generatedPassword } from "../shared/secrets";
import type { SparkWiring } from "../shared/spark";
import { NOTEBOOKS_MOUNT, jupyterSpec } from "./plan";

const ML_JOB_KEYS = ["mlLateDelivery", "mlRepeatPurchase", "mlRecommendations"] as const;

/** What JupyterLab gets uploaded: the repository's notebooks and the part of the jobs package they import. */
export function jupyterUploads(root: string): { readonly notebooks: Artifact; readonly jobs: Artifact } {
  return {
    notebooks: folderArtifact(path.join(root, "notebooks"), NOTEBOOKS_MOUNT, (rel) => rel.endsWith(".ipynb")),
    // What the notebooks import: the ML jobs and the notebook helpers (and what those import), so editing a batch
    // or streaming job does not replace JupyterLab.
    jobs: jobsArtifact(root, JOBS_DIR, [...ML_JOB_KEYS.map((k) => runtime.jobModules[k]), `${runtime.artifacts.jobsPackage}.notebook`]),
  };
}

export interface DataScienceArgs {
  readonly platform: Platform;
  /** The lakehouse Spark image's `jupyter` build (components/images.ts `jupyterImageBuild`). */
  readonly image: pulumi.Input<string>;
  /** Storage and cluster addresses: HDFS, warehouse root, metastore, Spark master. */
  readonly wiring: SparkWiring & { readonly master: pulumi.Input<string> };
  readonly memoryMb: number;
  /** Host port of JupyterLab on `bindAddress`; undefined keeps it private to the network. */
  readonly hostPort?: number;
  /** Host address the URL names (the bind address, or localhost for loopback). */
  readonly urlHost: string;
  readonly bindAddress: string;
  /** Cores a notebook may take from the Spark cluster. */
  readonly coresMax: number;
  /** Services to wait for (metastore, Spark master). */
  readonly dependsOn: readonly DeployedService[];
  /** Repository root with notebooks/, jobs/ and contracts/ (default: this checkout). */
  readonly repoRoot?: string;
}

export class DataScience extends pulumi.ComponentResource {
  /** `http://<host>:<port>/lab?token=...` on the host (secret); undefined when JupyterLab is not published. */
  public readonly jupyterUrl?: pulumi.Output<string>;
  /** The generated token (secret). */
  public readonly jupyterToken: pulumi.Output<string>;

  constructor(name: string, args: DataScienceArgs, opts?: pulumi.ComponentResourceOptions) {
    super("lakehouse:datascience:DataScience", name, {}, opts);
    const root = args.repoRoot ?? REPO_ROOT;
    this.jupyterToken = generatedPassword(`${name}-jupyter-token`, this, 48);
    args.platform.deploy(
      jupyterSpec({
        image: args.image,
        memoryMb: args.memoryMb,
        hostPort: args.hostPort,
        bindAddress: args.bindAddress,
        token: this.jupyterToken,
        wiring: args.wiring,
        ...jupyterUploads(root),
        coresMax: args.coresMax,
        dependsOn: args.dependsOn,
      }),
      { parent: this },
    );
    if (args.hostPort !== undefined) {
      this.jupyterUrl = pulumi.secret(pulumi.interpolate`http://${args.urlHost}:${args.hostPort}/lab?token=${this.jupyterToken}`);
    }
    this.registerOutputs({ jupyterUrl: this.jupyterUrl });
  }
}
