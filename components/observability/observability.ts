/**
 * Observability: logs (Filebeat → Logstash → Elasticsearch → Kibana) and metrics (cAdvisor + Spark → Prometheus →
 * Grafana, which also reads Cassandra). The stack profile decides whether it is created at all.
 */
import * as pulumi from "@pulumi/pulumi";
import { randomPassword } from "../shared/secrets";
import { ObservabilityConfig } from "../../stacks/observability";
import { Platform, ServiceSpec } from "../platform/service";
import { PublishAddress, publishedUrl } from "../platform/spec-helpers";
import { elasticsearchSpec, esSetupJobSpec, kibanaSetupJobSpec, kibanaSpec } from "./elastic";
import { renderAlertRules } from "./alerts";
import { grafanaSpec } from "./grafana";
import { filebeatSpec, logstashSpec } from "./logs";
import { cadvisorSpec, prometheusSpec, renderPrometheusConfig } from "./metrics";

export interface ObservabilityImages {
  readonly elasticsearch: pulumi.Input<string>;
  readonly logstash: pulumi.Input<string>;
  readonly filebeat: pulumi.Input<string>;
  readonly kibana: pulumi.Input<string>;
  readonly prometheus: pulumi.Input<string>;
  readonly cadvisor: pulumi.Input<string>;
  readonly grafana: pulumi.Input<string>;
}

/** Container memory limits (MiB), keyed as in the stack's `memoryMb` setting; JVM heaps are derived from them. */
export interface ObservabilityMemory {
  readonly elasticsearch: number;
  readonly logstash: number;
  readonly kibana: number;
  readonly filebeat: number;
  readonly grafana: number;
  readonly prometheus: number;
  readonly cadvisor: number;
  readonly initJob: number;
}

/** Host ports, keyed as in the stack's `ports` setting; an absent key keeps the UI private. */
export interface ObservabilityPorts {
  readonly grafana?: number;
  readonly kibana?: number;
  readonly prometheus?: number;
}

export interface ObservabilityArgs {
  readonly platform: Platform;
  /** The validated `observability` slice of the stack config. */
  readonly config: ObservabilityConfig;
  readonly memoryMb: ObservabilityMemory;
  readonly ports: ObservabilityPorts;
  readonly publish: PublishAddress;
  readonly images: ObservabilityImages;
  /** Scrape targets: Spark master and worker hosts (batch layer), streaming driver hosts (streaming layer). */
  readonly sparkMasterHost: pulumi.Input<string>;
  readonly sparkWorkerHosts: pulumi.Input<readonly string[]>;
  readonly streamingDriverHosts: pulumi.Input<readonly string[]>;
  /** The Kafka broker's host (its JMX exporter agent). */
  readonly kafkaHost: pulumi.Input<string>;
  /** Cassandra host and read-only credentials (streaming layer). */
  readonly cassandraHost: pulumi.Input<string>;
  readonly cassandraReader: { readonly username: string; readonly password: pulumi.Input<string> };
}

interface Login {
  readonly username: string;
  readonly password: pulumi.Output<string>;
}

const password = (name: string, parent: pulumi.Resource, length = 24) => randomPassword(name, parent, { length, mixed: true });

export class Observability extends pulumi.ComponentResource {
  public readonly grafanaUrl: pulumi.Output<string | undefined>;
  public readonly kibanaUrl: pulumi.Output<string | undefined>;
  public readonly prometheusUrl: pulumi.Output<string | undefined>;
  /** Secret logins for the UIs. */
  public readonly grafanaLogin: Login;
  public readonly kibanaLogin: Login;

  constructor(name: string, args: ObservabilityArgs, opts?: pulumi.ComponentResourceOptions) {
    super("lakehouse:observability:Observability", name, {}, opts);
    const { config: c, memoryMb: mem, ports, images, publish } = args;
    const deploy = (spec: ServiceSpec) => args.platform.deploy(spec, { parent: this });
    const elastic = password(`${name}-elastic-password`, this);
    const kibanaSystem = password(`${name}-kibana-system-password`, this);
    const logstashWriter = password(`${name}-logstash-writer-password`, this);
    const kibanaKey = password(`${name}-kibana-encryption-key`, this, 32);
    const grafanaAdmin = password(`${name}-grafana-admin-password`, this);

    const es = deploy(
      elasticsearchSpec({ image: images.elasticsearch, memoryMb: mem.elasticsearch, publish, elasticPassword: elastic.result }),
    );
    const esSetup = deploy(
      esSetupJobSpec({
        image: images.elasticsearch,
        elasticPassword: elastic.result,
        kibanaSystemPassword: kibanaSystem.result,
        logstashWriterPassword: logstashWriter.result,
        elasticsearch: es,
        memoryMb: mem.initJob,
      }),
    );
    const logstash = deploy(
      logstashSpec({ image: images.logstash, memoryMb: mem.logstash, writerPassword: logstashWriter.result, elasticsearch: es, esSetup }),
    );
    deploy(filebeatSpec({ image: images.filebeat, memoryMb: mem.filebeat, logstash }));
    const kibana = deploy(
      kibanaSpec({
        image: images.kibana,
        memoryMb: mem.kibana,
        hostPort: ports.kibana,
        publish,
        kibanaSystemPassword: kibanaSystem.result,
        encryptionKey: kibanaKey.result,
        elasticsearch: es,
        esSetup,
      }),
    );
    deploy(kibanaSetupJobSpec({ image: images.kibana, elasticPassword: elastic.result, kibana, memoryMb: mem.initJob }));

    const cadvisor = deploy(cadvisorSpec(images.cadvisor, mem.cadvisor));
    const promConfig = pulumi
      .all([args.sparkMasterHost, args.sparkWorkerHosts, args.streamingDriverHosts, cadvisor.host, args.kafkaHost])
      .apply(([sparkMaster, sparkWorkers, streamingDrivers, cad, kafka]) =>
        renderPrometheusConfig({ sparkMaster, sparkWorkers, streamingDrivers, cadvisor: cad, kafka }, c.prometheus.scrapeIntervalSeconds),
      );
    const prometheus = deploy(
      prometheusSpec({
        image: images.prometheus,
        memoryMb: mem.prometheus,
        hostPort: ports.prometheus,
        publish,
        retention: c.prometheus.retention,
        config: promConfig,
        rules: renderAlertRules(),
      }),
    );
    deploy(
      grafanaSpec({
        image: images.grafana,
        memoryMb: mem.grafana,
        hostPort: ports.grafana,
        publish,
        pluginVersion: c.grafana.cassandraPluginVersion,
        adminPassword: grafanaAdmin.result,
        cassandraHost: args.cassandraHost,
        cassandraUser: args.cassandraReader.username,
        cassandraPassword: args.cassandraReader.password,
        prometheus,
      }),
    );

    this.grafanaLogin = { username: "admin", password: pulumi.secret(grafanaAdmin.result) };
    this.kibanaLogin = { username: "elastic", password: pulumi.secret(elastic.result) };
    this.grafanaUrl = pulumi.output(publishedUrl("http", publish, ports.grafana));
    this.kibanaUrl = pulumi.output(publishedUrl("http", publish, ports.kibana));
    this.prometheusUrl = pulumi.output(publishedUrl("http", publish, ports.prometheus));
    this.registerOutputs({ grafanaUrl: this.grafanaUrl, kibanaUrl: this.kibanaUrl, prometheusUrl: this.prometheusUrl });
  }
}
