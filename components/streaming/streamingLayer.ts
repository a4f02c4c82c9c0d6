/**
 * StreamingLayer: Kafka (KRaft) + topics, Redpanda Console, NiFi + flows, Cassandra + schema, and the two Spark
 * Structured Streaming jobs. Services are described by the pure builders beside this file; this constructor only
 * creates the secrets and hands the specs to the platform.
 */
import * as path from "path";
import * as fs from "fs";
import * as pulumi from "@pulumi/pulumi";
import { randomPassword } from "../shared/secrets";
import * as random from "@pulumi/random";
import { services } from "../../contracts";
import { StreamingConfig } from "../../stacks/streaming";
import { DeployedService, FileSpec, Platform, ServiceSpec, SparkScheduler } from "../platform/service";
import { PublishAddress, publishedUrl } from "../platform/spec-helpers";
import { cassandraSchemaJobSpec, cassandraSpec, readCqlFiles } from "./cassandra";
import { JobsArtifact, logsInitJobSpec, StreamingJobName, streamingJobSpec } from "./jobs";
import { consoleSpec, kafkaSpec, kafkaTopicsJobSpec } from "./kafka";
import { nifiFlowsJobSpec, nifiSpec, readFlowFiles } from "./nifi";
import { planTopics } from "../../plans/topics";

const REPO_ROOT = path.resolve(__dirname, "../..");
/** Role Grafana uses to read Cassandra: SELECT on the keyspace only. */
export const CASSANDRA_READER = "grafana_reader";

export interface StreamingImages {
  readonly kafka: pulumi.Input<string>;
  readonly redpandaConsole: pulumi.Input<string>;
  readonly nifi: pulumi.Input<string>;
  readonly cassandra: pulumi.Input<string>;
  /** The cluster's Spark image (same Spark line, Kafka connector baked in), used to run the streaming drivers. */
  readonly spark: pulumi.Input<string>;
  /** python:3.x-slim: runs nifi-templates/deploy.sh (bash + python3). */
  readonly python: pulumi.Input<string>;
}

/** Container memory limits (MiB), keyed as in the stack's `memoryMb` setting; JVM heaps are derived from them. */
export interface StreamingMemory {
  readonly kafka: number;
  readonly redpandaConsole: number;
  readonly nifi: number;
  readonly cassandra: number;
  readonly streamingJob: number;
  readonly initJob: number;
}

/** Host ports, keyed as in the stack's `ports` setting; an absent key keeps the service private. */
export interface StreamingPorts {
  readonly kafka?: number;
  readonly redpandaConsole?: number;
  readonly nifi?: number;
}

export interface StreamingLayerArgs {
  readonly platform: Platform;
  /** The validated `streaming` slice of the stack config. */
  readonly config: StreamingConfig;
  readonly memoryMb: StreamingMemory;
  readonly ports: StreamingPorts;
  readonly publish: PublishAddress;
  readonly images: StreamingImages;
  /** spark://spark-master:7077, from the batch layer. */
  readonly sparkMasterUrl: pulumi.Input<string>;
  /** Spark master/workers: the drivers start after they are healthy. */
  readonly sparkServices?: readonly DeployedService[];
  /** The platform's Spark scheduler (Kubernetes): the drivers get their executors there instead of the master. */
  readonly sparkScheduler?: SparkScheduler;
  /** The stack's `logs-init` job (logsInitJobSpec), if another layer already deployed it; otherwise deployed here. */
  readonly logsInit?: DeployedService;
  /** hdfs://namenode:9000, from storage (NiFi writes raw files there). */
  readonly hdfsUri: pulumi.Input<string>;
  /** hdfs://namenode:9000/lakehouse; checkpoints go under it. */
  readonly warehouseRoot: pulumi.Input<string>;
  readonly metastoreUri: pulumi.Input<string>;
  /** Each driver's jobs artifact (`streamingJobsArtifacts`). */
  readonly jobs: Readonly<Record<StreamingJobName, JobsArtifact>>;
  /** Default: cql/*.cql of the repo. */
  readonly cqlFiles?: readonly FileSpec[];
  /** Default: nifi-templates/*.json of the repo. */
  readonly nifiFlows?: readonly FileSpec[];
  /** Default: nifi-templates/deploy.sh of the repo (no script: the flows job is left out, with a warning). */
  readonly nifiDeployScript?: string;
}

interface Login {
  readonly username: string;
  readonly password: pulumi.Output<string>;
}

const password = (name: string, parent: pulumi.Resource, length = 24) => randomPassword(name, parent, { length, mixed: true });

export class StreamingLayer extends pulumi.ComponentResource {
  /** kafka:9092 on the private network. */
  public readonly kafkaBootstrap: pulumi.Output<string>;
  /** <publish address>:<port> of the EXTERNAL listener, undefined when not published. */
  public readonly kafkaBootstrapPublished: pulumi.Output<string | undefined>;
  public readonly consoleUrl: pulumi.Output<string | undefined>;
  public readonly nifiUrl: pulumi.Output<string | undefined>;
  /** NiFi single-user login (secret password); undefined when NiFi is off. */
  public readonly nifiLogin: Login | undefined;
  public readonly cassandraHost: pulumi.Output<string>;
  /** The broker's host on the private network (its JMX exporter agent is scraped there). */
  public readonly kafkaHost: pulumi.Output<string>;
  /** Read-only Cassandra credentials for dashboards; the password is secret. */
  public readonly cassandraReader: Login;
  /** Host names of the streaming drivers (Prometheus scrapes their UI port). */
  public readonly streamingDriverHosts: pulumi.Output<string[]>;

  constructor(name: string, args: StreamingLayerArgs, opts?: pulumi.ComponentResourceOptions) {
    super("lakehouse:streaming:StreamingLayer", name, {}, opts);
    const { config: c, memoryMb: mem, ports, publish, images } = args;
    const deploy = (spec: ServiceSpec) => args.platform.deploy(spec, { parent: this });

    const clusterId = new random.RandomId(`${name}-kafka-cluster-id`, { byteLength: 16 }, { parent: this });
    const cassandraPassword = password(`${name}-cassandra-password`, this);
    const cassandraDefaultRole = password(`${name}-cassandra-default-role-password`, this);
    const cassandraReaderPassword = password(`${name}-cassandra-reader-password`, this);

    const kafka = deploy(
      kafkaSpec({ image: images.kafka, clusterId: clusterId.b64Url, memoryMb: mem.kafka, externalHostPort: ports.kafka, publish }),
    );
    const topics = deploy(kafkaTopicsJobSpec(images.kafka, planTopics(c.topics, c.kafka.replicationFactor), kafka, mem.initJob));
    if (c.console.enabled) {
      deploy(
        consoleSpec({ image: images.redpandaConsole, memoryMb: mem.redpandaConsole, hostPort: ports.redpandaConsole, publish, broker: kafka }),
      );
    }

    const cassandra = deploy(cassandraSpec({ image: images.cassandra, memoryMb: mem.cassandra, publish }));
    const schema = deploy(
      cassandraSchemaJobSpec({
        image: images.cassandra,
        cqlFiles: args.cqlFiles ?? readCqlFiles(path.join(REPO_ROOT, "cql")),
        username: c.cassandra.username,
        password: cassandraPassword.result,
        defaultRolePassword: cassandraDefaultRole.result,
        readerUsername: CASSANDRA_READER,
        readerPassword: cassandraReaderPassword.result,
        cassandra,
        memoryMb: mem.initJob,
      }),
    );

    this.nifiLogin = c.nifi.enabled ? this.deployNifi(name, args, kafka) : undefined;

    const kafkaBootstrap = pulumi.interpolate`${kafka.host}:${services.kafka.ports.internal}`;
    const logsInit = args.logsInit ?? deploy(logsInitJobSpec(images.spark, mem.initJob));
    const drivers = (["clickstream", "accesslog"] as StreamingJobName[]).map((job) =>
      deploy(
        streamingJobSpec({
          job,
          image: images.spark,
          settings: { ...c.jobs, memoryMb: mem.streamingJob },
          sparkMasterUrl: args.sparkMasterUrl,
          scheduler: args.sparkScheduler,
          wiring: { hdfsUri: args.hdfsUri, warehouseRoot: args.warehouseRoot, metastoreUri: args.metastoreUri },
          kafkaBootstrap,
          cassandraHostPort: pulumi.interpolate`${cassandra.host}:${services.cassandra.ports.cql}`,
          cassandraUsername: c.cassandra.username,
          cassandraPassword: cassandraPassword.result,
          jobs: args.jobs[job],
          dependsOn: [topics, schema, logsInit, ...(args.sparkScheduler ? [] : (args.sparkServices ?? []))],
        }),
      ),
    );

    this.kafkaBootstrap = kafkaBootstrap;
    this.kafkaBootstrapPublished = pulumi.output(ports.kafka === undefined ? undefined : `${publish.address}:${ports.kafka}`);
    this.consoleUrl = pulumi.output(c.console.enabled ? publishedUrl("http", publish, ports.redpandaConsole) : undefined);
    this.nifiUrl = pulumi.output(c.nifi.enabled ? publishedUrl("https", publish, ports.nifi, "/nifi") : undefined);
    this.cassandraHost = cassandra.host;
    this.kafkaHost = kafka.host;
    this.cassandraReader = { username: CASSANDRA_READER, password: pulumi.secret(cassandraReaderPassword.result) };
    this.streamingDriverHosts = pulumi.all(drivers.map((d) => d.host));
    this.registerOutputs({
      kafkaBootstrap: this.kafkaBootstrap,
      kafkaBootstrapPublished: this.kafkaBootstrapPublished,
      consoleUrl: this.consoleUrl,
      nifiUrl: this.nifiUrl,
      cassandraHost: this.cassandraHost,
      streamingDriverHosts: this.streamingDriverHosts,
    });
  }

  private deployNifi(name: string, args: StreamingLayerArgs, kafka: DeployedService): Login {
    const c = args.config.nifi;
    const parent = { parent: this as pulumi.Resource };
    const nifiPassword = password(`${name}-nifi-password`, this);
    const sensitiveKey = password(`${name}-nifi-sensitive-props-key`, this, 32);
    const nifi = args.platform.deploy(
      nifiSpec({
        image: args.images.nifi,
        memoryMb: args.memoryMb.nifi,
        hostPort: args.ports.nifi,
        publish: args.publish,
        username: c.username,
        password: nifiPassword.result,
        sensitivePropsKey: sensitiveKey.result,
        hdfsUri: args.hdfsUri,
      }),
      parent,
    );
    const deployScript = args.nifiDeployScript ?? readIfExists(path.join(REPO_ROOT, "nifi-templates", "deploy.sh"));
    if (deployScript === undefined) {
      pulumi.log.warn("nifi-templates/deploy.sh not found: NiFi starts without flows", this);
    } else {
      args.platform.deploy(
        nifiFlowsJobSpec({
          image: args.images.python,
          deployScript,
          flows: args.nifiFlows ?? readFlowFiles(path.join(REPO_ROOT, "nifi-templates")),
          username: c.username,
          password: nifiPassword.result,
          kafkaBootstrap: pulumi.interpolate`${kafka.host}:${services.kafka.ports.internal}`,
          warehouseRoot: args.warehouseRoot,
          nifi,
          memoryMb: args.memoryMb.initJob,
        }),
        parent,
      );
    }
    return { username: c.username, password: pulumi.secret(nifiPassword.result) };
  }
}

function readIfExists(file: string): string | undefined {
  return fs.existsSync(file) ? fs.readFileSync(file, "utf8") : undefined;
}
