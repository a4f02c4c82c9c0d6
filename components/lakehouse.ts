/**
 * `Lakehouse`: the whole program as one component. Creates the platform for the configured target, builds the
 * lakehouse images, then the layers wired through typed outputs, and computes the stack outputs.
 */
import * as pulumi from "@pulumi/pulumi";
import { storage as storageContract } from "../contracts";
import type { LakehouseConfig } from "../stacks/schema";
import { BatchLayer } from "./batch/batchLayer";
import { airflowImageBuild, hiveImageBuild, jupyterImageBuild, kafkaImageBuild, sparkImageBuild } from "./images";
import { DataScience } from "./datascience/dataScience";
import { hostForBindAddress } from "../plans/pbids";
import { DockerPlatform } from "./platform/docker";
import { KubernetesPlatform } from "./platform/kubernetes";
import type { Platform } from "./platform/service";
import { clusterHost, inClusterUrls, kafkaBootstrap, thriftHttpPath, uiUrls } from "../plans/endpoints";
import { services } from "../contracts";
import { pbidsContent, powerBiConnection, type PowerBiConnection } from "../plans/pbids";
import { BronzeSilverGold } from "./storage/bronzeSilverGold";
import { StreamingLayer } from "./streaming/streamingLayer";
import { streamingJobsArtifacts } from "./streaming/jobs";
import { REPO_ROOT } from "./platform/artifacts";
import { Observability } from "./observability/observability";

export interface LakehouseArgs {
  readonly config: LakehouseConfig;
  /** Repository root with sql/, dags/, jobs/ and contracts/ (default: this checkout). */
  readonly repoRoot?: string;
}

/** The platform for the configured target (the only place the target is looked at). */
export function createPlatform(config: LakehouseConfig, project: string, parent: pulumi.Resource): Platform {
  switch (config.target) {
    case "docker":
      return new DockerPlatform(
        "docker",
        { prefix: `lakehouse-${config.stack}`, platform: config.platform, project, retainDataVolumes: config.retainVolumes },
        { parent },
      );
    case "kubernetes": {
      const k = config.kubernetes;
      return new KubernetesPlatform(
        "kubernetes",
        {
          namespace: k.namespace,
          arch: config.platform.slice("linux/".length),
          registry: k.registry,
          platform: config.platform,
          storageClass: k.storageClass,
          sharedStorageClass: k.sharedStorageClass,
          volumeGb: k.volumeGb,
          sharedVolumeGb: k.sharedVolumeGb,
          antiAffinity: k.antiAffinity,
          exposure: { mode: k.powerBi.expose, ingressClass: k.powerBi.ingressClass, host: config.powerBiHost === "localhost" ? undefined : config.powerBiHost },
          retainDataVolumes: config.retainVolumes,
        },
        { parent },
      );
    }
  }
}

/** Port Power BI connects to: the Thrift port published on the host (Docker), of the LoadBalancer, or 80 of the Ingress. */
export function powerBiPort(c: LakehouseConfig): number | undefined {
  if (c.ports.thrift === undefined) return undefined;
  if (c.target === "docker") return c.ports.thrift;
  return c.kubernetes.powerBi.expose === "ingress" ? 80 : services.sparkThrift.ports.http;
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
  /** NiFi, Grafana and Kibana logins of the deployed UIs, keyed by UI; secret as a whole. */
  readonly logins: pulumi.Output<Readonly<Record<string, { readonly username: string; readonly password: string }>>>;
  readonly postgres: Readonly<Record<string, pulumi.Output<string>>>;
  readonly artifactHashes: { readonly jobs: string; readonly dags: string };
  /** JupyterLab's URL with its token (secret), when published. */
  readonly jupyter: pulumi.Output<string> | undefined;
}

export class Lakehouse extends pulumi.ComponentResource {
  public readonly storage: BronzeSilverGold;
  public readonly batch: BatchLayer;
  /** Present when the profile includes streaming. */
  public readonly streaming?: StreamingLayer;
  /** Present when the profile includes observability (it reads Cassandra and the streaming drivers). */
  public readonly observability?: Observability;
  /** Present when the profile includes data science (JupyterLab). */
  public readonly dataScience?: DataScience;
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
        sparkExecutors: c.sparkExecutors,
        memoryMb: c.memoryMb,
        published: { sparkMasterUi: c.ports.sparkMasterUi, airflow: c.ports.airflow, sourceDb: c.ports.sourceDb },
        bindAddress: c.bindAddress,
        repoRoot: args.repoRoot,
      },
      { parent: this },
    );
    if (c.parts.datascience) this.dataScience = new DataScience(
      "datascience",
      {
        platform,
        image: platform.buildImage(jupyterImageBuild(c.images), { parent: this }),
        wiring: { hdfsUri: this.storage.hdfsUri, warehouseRoot: this.storage.warehouseRoot, metastoreUri: this.storage.metastoreUri, master: this.batch.sparkMasterUrl },
        memoryMb: c.memoryMb.jupyter,
        hostPort: c.ports.jupyter,
        urlHost: hostForBindAddress(c.bindAddress),
        bindAddress: c.bindAddress,
        coresMax: Math.max(1, Math.floor((c.sparkWorkers * c.sparkWorkerCores) / 2)),
        // JupyterLab starts without them; a kernel reaches the metastore and the master when a notebook runs.
        dependsOn: [],
        repoRoot: args.repoRoot,
      },
      { parent: this },
    );
    const publish = { address: c.bindAddress };
    if (c.parts.streaming) {
      this.streaming = new StreamingLayer(
        "streaming",
        {
          platform,
          config: c.streaming,
          memoryMb: c.memoryMb,
          ports: { kafka: c.ports.kafka, redpandaConsole: c.ports.redpandaConsole, nifi: c.ports.nifi },
          publish,
          images: { ...c.images, spark: sparkImage, kafka: platform.buildImage(kafkaImageBuild(c.images), { parent: this }) },
          sparkMasterUrl: this.batch.sparkMasterUrl,
          sparkServices: this.batch.sparkServices,
          sparkScheduler: this.batch.sparkScheduler,
          logsInit: this.batch.logsInit,
          hdfsUri: this.storage.hdfsUri,
          warehouseRoot: this.storage.warehouseRoot,
          metastoreUri: this.storage.metastoreUri,
          jobs: streamingJobsArtifacts(args.repoRoot ?? REPO_ROOT),
        },
        { parent: this },
      );
    }
    if (c.parts.observability && this.streaming) {
      this.observability = new Observability(
        "observability",
        {
          platform,
          config: c.observability,
          memoryMb: c.memoryMb,
          ports: { grafana: c.ports.grafana, kibana: c.ports.kibana, prometheus: c.ports.prometheus },
          publish,
          images: c.images,
          sparkMasterHost: this.batch.sparkMasterHost,
          sparkWorkerHosts: this.batch.sparkWorkerHosts,
          streamingDriverHosts: this.streaming.streamingDriverHosts,
          cassandraHost: this.streaming.cassandraHost,
          kafkaHost: this.streaming.kafkaHost,
          cassandraReader: this.streaming.cassandraReader,
        },
        { parent: this },
      );
    }
    // URLs are exported only for layers (and optional parts) this program actually created.
    this.outputs = stackOutputs(
      c,
      this.storage,
      this.batch,
      {
        streaming: this.streaming !== undefined,
        observability: this.observability !== undefined,
        datascience: this.dataScience !== undefined,
        nifi: this.streaming !== undefined && c.streaming.nifi.enabled,
        redpandaConsole: this.streaming !== undefined && c.streaming.console.enabled,
      },
      { nifi: this.streaming?.nifiLogin, grafana: this.observability?.grafanaLogin, kibana: this.observability?.kibanaLogin },
      this.dataScience?.jupyterUrl,
    );
    this.registerOutputs({ urls: this.outputs.urls, pbids: this.outputs.pbids });
  }
}

/** What the stack exports; secrets stay secret Outputs. */
export function stackOutputs(
  c: LakehouseConfig,
  storage: BronzeSilverGold,
  batch: BatchLayer,
  deployed: { readonly streaming: boolean; readonly observability: boolean; readonly datascience: boolean; readonly nifi: boolean; readonly redpandaConsole: boolean },
  logins: Readonly<Record<string, { readonly username: string; readonly password: pulumi.Output<string> } | undefined>> = {},
  jupyter?: pulumi.Output<string>,
): LakehouseOutputs {
  const biPort = powerBiPort(c);
  const powerBi = biPort === undefined ? undefined : powerBiConnection(c.powerBiHost, biPort, thriftHttpPath(), storageContract.hiveDatabases.gold);
  const k8s = c.target === "kubernetes";
  const switchedOff = { nifi: deployed.nifi, redpandaConsole: deployed.redpandaConsole };
  const present = Object.entries(logins).filter((e): e is [string, { username: string; password: pulumi.Output<string> }] => e[1] !== undefined);
  return {
    powerBi,
    pbids: powerBi ? pbidsContent(powerBi) : undefined,
    urls: k8s ? inClusterUrls(c.kubernetes.namespace, deployed, switchedOff) : uiUrls({ ...c, parts: deployed }, switchedOff),
    kafkaBootstrap: k8s
      ? deployed.streaming
        ? `${clusterHost(services.kafka.name, c.kubernetes.namespace)}:${services.kafka.ports.internal}`
        : undefined
      : kafkaBootstrap({ ...c, parts: deployed }),
    hdfsUri: storage.hdfsUri,
    warehouseRoot: storage.warehouseRoot,
    metastoreUri: storage.metastoreUri,
    sparkMasterUrl: batch.sparkMasterUrl,
    airflowAdmin: batch.airflowAdmin,
    logins: pulumi.secret(
      pulumi.all(present.map(([, l]) => l.password)).apply((passwords) =>
        Object.fromEntries(present.map(([ui, l], i) => [ui, { username: l.username, password: passwords[i] }])),
      ),
    ),
    postgres: batch.sourceDbUrls,
    artifactHashes: batch.artifactHashes,
    jupyter,
  };
}
