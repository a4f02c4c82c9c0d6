/**
 * StreamingLayer: Kafka (KRaft) + topics, Redpanda Console, NiFi + flows, Cassandra + schema, and the two Spark
 * Structured Streaming jobs. Services are described by the pure builders beside this file; this constructor only
 * creates the secrets and hands the specs to the platform.
 */
import * as path from "path";
import * as fs from "fs";
import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";
import { services } from "../../contracts";
import { StreamingConfig } from "../../stacks/streaming";
import { DeployedService, FileSpec, Platform } from "../platform/service";
import { PublishAddress, publishedUrl } from "../platform/spec-helpers";
import { cassandraSchemaJobSpec, cassandraSpec, readCqlFiles } from "./cassandra";
import { JobsArtifact, logsInitJobSpec, StreamingJobName, streamingJobSpec } from "./jobs";
import { consoleSpec, kafkaInternalBootstrap, kafkaSpec, kafkaTopicsJobSpec } from "./kafka";
import { nifiFlowsJobSpec, nifiSpec, readFlowFiles } from "./nifi";
import { planTopics } from "./topics";

const REPO_ROOT = path.resolve(__dirname, "../..");
/** Role Grafana uses to read Cassandra: SELECT on the keyspace only. */
export const CASSANDRA_READER = "grafana_reader";

export interface StreamingImages {
  readonly kafka: pulumi.Input<string>;
  readonly console: pulumi.Input<string>;
  readonly nifi: pulumi.Input<string>;
  readonly cassandra: pulumi.Input<string>;
  /** The cluster's Spark image (same Spark line), used to submit the streaming drivers. */
  readonly spark: pulumi.Input<string>;
}

export interface StreamingLayerArgs {
  readonly platform: Platform;
  /** The validated `streaming` slice of the stack config. */
  readonly config: StreamingConfig;
  readonly publish: PublishAddress;
  readonly images: StreamingImages;
  /** spark://spark-master:7077, from the batch layer. */
  readonly sparkMasterUrl: pulumi.Input<string>;
  /** Spark master/workers: the drivers start after they are healthy. */
  readonly sparkServices?: readonly DeployedService[];
  /** hdfs://namenode:9000, from storage (NiFi writes raw files there). */
  readonly hdfsUri: pulumi.Input<string>;
  /** hdfs://namenode:9000/lakehouse; checkpoints go under it. */
  readonly warehouseRoot: pulumi.Input<string>;
  readonly metastoreUri: pulumi.Input<string>;
  readonly jobs: JobsArtifact;
  /** Default: cql/*.cql of the repo. */
  readonly cqlFiles?: readonly FileSpec[];
  /** Default: nifi-templates/*.json of the repo. */
  readonly nifiFlows?: readonly FileSpec[];
  /** Default: nifi-templates/deploy.sh of the repo (no script: the flows job is left out, with a warning). */
  readonly nifiDeployScript?: string;
}

const password = (name: string, parent: pulumi.Resource, length = 24) =>
  new random.RandomPassword(name, { length, special: false, minUpper: 2, minLower: 2, minNumeric: 2 }, { parent });

export class StreamingLayer extends pulumi.ComponentResource {
  /** kafka:9092 on the private network. */
  public readonly kafkaBootstrap: pulumi.Output<string>;
  /** <publish address>:<port> of the EXTERNAL listener, undefined when not published. */
  public readonly kafkaBootstrapPublished: pulumi.Output<string | undefined>;
  public readonly consoleUrl: pulumi.Output<string | undefined>;
  public readonly nifiUrl: pulumi.Output<string | undefined>;
  /** NiFi single-user login (secret password); undefined when NiFi is off. */
  public readonly nifiLogin: { readonly username: string; readonly password: pulumi.Output<string> } | undefined;
  public readonly cassandraHost: pulumi.Output<string>;
  /** Read-only Cassandra credentials for dashboards; the password is secret. */
  public readonly cassandraReader: { readonly username: string; readonly password: pulumi.Output<string> };

  constructor(name: string, args: StreamingLayerArgs, opts?: pulumi.ComponentResourceOptions) {
    super("lakehouse:streaming:StreamingLayer", name, {}, opts);
    const parent = { parent: this as pulumi.Resource };
    const { platform, config: c, publish, images } = args;
    const deploy = platform.deploy.bind(platform);

    const clusterId = new random.RandomId(`${name}-kafka-cluster-id`, { byteLength: 16 }, parent);
    const cassandraPassword = password(`${name}-cassandra-password`, this);
    const cassandraDefaultRole = password(`${name}-cassandra-default-role-password`, this);
    const cassandraReaderPassword = password(`${name}-cassandra-reader-password`, this);

    const kafka = deploy(
      kafkaSpec({ image: images.kafka, clusterId: clusterId.b64Url, memoryMb: c.kafka.broker.memoryMb, heapMb: c.kafka.broker.heapMb, externalHostPort: c.kafka.externalHostPort, publish }),
      parent,
    );
    const topics = deploy(kafkaTopicsJobSpec(images.kafka, planTopics(c.topics, c.kafka.replicationFactor), kafka), parent);
    if (c.console.enabled) {
      deploy(consoleSpec({ image: images.console, memoryMb: c.console.memoryMb, hostPort: c.console.hostPort, publish, broker: kafka }), parent);
    }

    const cassandra = deploy(
      cassandraSpec({ image: images.cassandra, memoryMb: c.cassandra.server.memoryMb, heapMb: c.cassandra.server.heapMb, hostPort: c.cassandra.hostPort, publish }),
      parent,
    );
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
      }),
      parent,
    );

    this.nifiLogin = c.nifi.enabled ? this.deployNifi(name, args) : undefined;

    const logsInit = deploy(logsInitJobSpec(images.spark), parent);
    for (const job of ["clickstream", "accesslog"] as StreamingJobName[]) {
      deploy(
        streamingJobSpec({
          job,
          image: images.spark,
          settings: c.jobs,
          sparkMasterUrl: args.sparkMasterUrl,
          warehouseRoot: args.warehouseRoot,
          metastoreUri: args.metastoreUri,
          kafkaBootstrap: pulumi.interpolate`${kafka.host}:${services.kafka.ports.internal}`,
          cassandraHost: cassandra.host,
          cassandraUsername: c.cassandra.username,
          cassandraPassword: cassandraPassword.result,
          jobs: args.jobs,
          dependsOn: [topics, schema, logsInit, ...(args.sparkServices ?? [])],
        }),
        parent,
      );
    }

    this.kafkaBootstrap = pulumi.interpolate`${kafka.host}:${services.kafka.ports.internal}`;
    this.kafkaBootstrapPublished = pulumi.output(
      c.kafka.externalHostPort === null ? undefined : `${publish.address}:${c.kafka.externalHostPort}`,
    );
    this.consoleUrl = pulumi.output(c.console.enabled ? publishedUrl("http", publish, c.console.hostPort) : undefined);
    this.nifiUrl = pulumi.output(c.nifi.enabled ? publishedUrl("https", publish, c.nifi.hostPort, "/nifi") : undefined);
    this.cassandraHost = cassandra.host;
    this.cassandraReader = { username: CASSANDRA_READER, password: pulumi.secret(cassandraReaderPassword.result) };
    this.registerOutputs({
      kafkaBootstrap: this.kafkaBootstrap,
      kafkaBootstrapPublished: this.kafkaBootstrapPublished,
      consoleUrl: this.consoleUrl,
      nifiUrl: this.nifiUrl,
      cassandraHost: this.cassandraHost,
    });
  }

  private deployNifi(name: string, args: StreamingLayerArgs): { username: string; password: pulumi.Output<string> } {
    const c = args.config.nifi;
    const parent = { parent: this as pulumi.Resource };
    const nifiPassword = password(`${name}-nifi-password`, this);
    const sensitiveKey = password(`${name}-nifi-sensitive-props-key`, this, 32);
    const nifi = args.platform.deploy(
      nifiSpec({
        image: args.images.nifi,
        memoryMb: c.server.memoryMb,
        heapMb: c.server.heapMb,
        hostPort: c.hostPort,
        publish: args.publish,
        username: c.username,
        password: nifiPassword.result,
        sensitivePropsKey: sensitiveKey.result,
      }),
      parent,
    );
    const deployScript = args.nifiDeployScript ?? readIfExists(path.join(REPO_ROOT, "nifi-templates", "deploy.sh"));
    if (deployScript === undefined) {
      pulumi.log.warn("nifi-templates/deploy.sh not found: NiFi starts without flows", this);
    } else {
      args.platform.deploy(
        nifiFlowsJobSpec({
          image: args.images.nifi,
          deployScript,
          flows: args.nifiFlows ?? readFlowFiles(path.join(REPO_ROOT, "nifi-templates")),
          username: c.username,
          password: nifiPassword.result,
          kafkaBootstrap: kafkaInternalBootstrap,
          hdfsUri: args.hdfsUri,
          nifi,
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
