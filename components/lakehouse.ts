/**
 * `Lakehouse`: the whole program as one component. Creates the platform for the configured target, builds the
 * lakehouse images, then the layers wired through typed outputs, and computes the stack outputs.
 */
import * as pulumi from "@pulumi/pulumi";
import { storage as storageContract } from "../contracts";
import type { LakehouseConfig } from "../stacks/schema";
import { BatchLayer } from "./batch/batchLayer";
import { airflowImageBuild, hiveImageBuild, sparkImageBuild } from "./images";
import { DockerPlatform } from "./platform/docker";
import type { Platform } from "./platform/service";
import { kafkaBootstrap, thriftHttpPath, uiUrls } from "./serving/endpoints";
import { hostForBindAddress, pbidsContent, powerBiConnection, type PowerBiConnection } from "./serving/pbids";
import { BronzeSilverGold } from "./storage/bronzeSilverGold";

export interface LakehouseArgs {
  readonly config: LakehouseConfig;
  /** Repository root with sql/, dags/, jobs/ and contracts/ (default: this checkout). */
  readonly repoRoot?: string;
}

/** The platform for the configured target (the only place the target is looked at). */
export function createPlatform(config: LakehouseConfig, project: string, parent: pulumi.Resource): Platform {
  switch (config.target) {
    case "docker":
      return new DockerPlatform("docker", { prefix: `lakehouse-${config.stack}`, platform: config.platform, project }, { parent });
  }
}

export interface LakehouseOutputs {
  readonly powerBi: PowerBiConnection | undefined;
  readonly pbids: string | undefined;
  readonly urls: Record<string, string>;
  readonly kafkaBootstrap: string | undefined;
  readonly hdfsUri: pulumi.Output<string>;
  readonly warehouseRoot: pulumi.Output<string>;
  readonly metastoreUri: pulumi.Output<string>;
  readonly sparkMasterUrl: pulumi.Output<string>;
  readonly airflowAdmin: { readonly user: string; readonly password: pulumi.Output<string> };
  readonly postgres: Readonly<Record<string, pulumi.Output<string>>>;
  readonly artifactHashes: { readonly jobs: string; readonly dags: string };
}

export class Lakehouse extends pulumi.ComponentResource {
  public readonly storage: BronzeSilverGold;
  public readonly batch: BatchLayer;
  public readonly outputs: LakehouseOutputs;

  constructor(name: string, args: LakehouseArgs, opts?: pulumi.ComponentResourceOptions) {
    super("lakehouse:index:Lakehouse", name, {}, opts);
    const c = args.config;
    const platform = createPlatform(c, pulumi.getProject(), this);
    const sparkImage = platform.buildImage(sparkImageBuild(c.images), { parent: this });
    const airflowImage = platform.buildImage(airflowImageBuild(c.images), { parent: this });
    const hiveImage = platform.buildImage(hiveImageBuild(c.images), { parent: this });

    this.storage = new BronzeSilverGold(
      "storage",
      {
        platform,
        images: c.images,
        hiveImage,
        sparkImage,
        datanodes: c.datanodes,
        memoryMb: c.memoryMb,
        published: { namenodeUi: c.ports.namenodeUi, thrift: c.ports.thrift },
        bindAddress: c.bindAddress,
      },
      { parent: this },
    );
    this.batch = new BatchLayer(
      "batch",
      {
        platform,
        storage: { hdfsUri: this.storage.hdfsUri, warehouseRoot: this.storage.warehouseRoot, metastoreUri: this.storage.metastoreUri },
        images: c.images,
        sparkImage,
        airflowImage,
        sparkWorkers: c.sparkWorkers,
        sparkWorkerCores: c.sparkWorkerCores,
        memoryMb: c.memoryMb,
        published: { sparkMasterUi: c.ports.sparkMasterUi, airflow: c.ports.airflow },
        bindAddress: c.bindAddress,
        repoRoot: args.repoRoot,
      },
      { parent: this },
    );
    // URLs are exported only for layers this program actually created.
    this.outputs = stackOutputs(c, this.storage, this.batch, { streaming: false, observability: false });
    this.registerOutputs({ urls: this.outputs.urls, pbids: this.outputs.pbids });
  }
}

/** What the stack exports; secrets stay secret Outputs. */
export function stackOutputs(
  c: LakehouseConfig,
  storage: BronzeSilverGold,
  batch: BatchLayer,
  deployed: { readonly streaming: boolean; readonly observability: boolean },
): LakehouseOutputs {
  const host = hostForBindAddress(c.bindAddress);
  const powerBi =
    c.ports.thrift === undefined ? undefined : powerBiConnection(host, c.ports.thrift, thriftHttpPath(), storageContract.hiveDatabases.gold);
  return {
    powerBi,
    pbids: powerBi ? pbidsContent(powerBi) : undefined,
    urls: uiUrls({ ...c, parts: deployed }),
    kafkaBootstrap: kafkaBootstrap({ ...c, parts: deployed }),
    hdfsUri: storage.hdfsUri,
    warehouseRoot: storage.warehouseRoot,
    metastoreUri: storage.metastoreUri,
    sparkMasterUrl: batch.sparkMasterUrl,
    airflowAdmin: batch.airflowAdmin,
    postgres: batch.sourceDbUrls,
    artifactHashes: batch.artifactHashes,
  };
}
