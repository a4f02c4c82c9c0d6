/**
 * Observability: logs (Filebeat → Logstash → Elasticsearch → Kibana) and metrics (cAdvisor + Spark → Prometheus →
 * Grafana, which also reads Cassandra). `config.enabled = false` is the profile that deploys none of it.
 */
import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";
import { ObservabilityConfig } from "../../stacks/observability";
import { Platform } from "../platform/service";
import { PublishAddress, publishedUrl } from "../platform/spec-helpers";
import { elasticsearchSpec, esSetupJobSpec, kibanaSetupJobSpec, kibanaSpec } from "./elastic";
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

export interface ObservabilityArgs {
  readonly platform: Platform;
  /** The validated `observability` slice of the stack config. */
  readonly config: ObservabilityConfig;
  readonly publish: PublishAddress;
  readonly images: ObservabilityImages;
  /** Scrape targets: Spark master and worker hosts (batch layer), streaming driver hosts (streaming layer). */
  readonly sparkMasterHost: pulumi.Input<string>;
  readonly sparkWorkerHosts: pulumi.Input<readonly string[]>;
  readonly streamingDriverHosts: pulumi.Input<readonly string[]>;
  /** Cassandra host and read-only credentials (streaming layer). */
  readonly cassandraHost: pulumi.Input<string>;
  readonly cassandraReader: { readonly username: string; readonly password: pulumi.Input<string> };
}

interface Login {
  readonly username: string;
  readonly password: pulumi.Output<string>;
}

const password = (name: string, parent: pulumi.Resource, length = 24) =>
  new random.RandomPassword(name, { length, special: false, minUpper: 2, minLower: 2, minNumeric: 2 }, { parent });

export class Observability extends pulumi.ComponentResource {
  public readonly grafanaUrl: pulumi.Output<string | undefined>;
  public readonly kibanaUrl: pulumi.Output<string | undefined>;
  public readonly prometheusUrl: pulumi.Output<string | undefined>;
  /** Secret logins for the UIs; undefined when the profile is off. */
  public readonly grafanaLogin: Login | undefined;
  public readonly kibanaLogin: Login | undefined;

  constructor(name: string, args: ObservabilityArgs, opts?: pulumi.ComponentResourceOptions) {
    super("lakehouse:observability:Observability", name, {}, opts);
    const c = args.config;
    const on = c.enabled;
    if (on) {
      const logins = this.deployAll(name, args);
      this.grafanaLogin = logins.grafana;
      this.kibanaLogin = logins.kibana;
    }
    this.grafanaUrl = pulumi.output(on ? publishedUrl("http", args.publish, c.grafana.hostPort) : undefined);
    this.kibanaUrl = pulumi.output(on ? publishedUrl("http", args.publish, c.kibana.hostPort) : undefined);
    this.prometheusUrl = pulumi.output(on ? publishedUrl("http", args.publish, c.prometheus.hostPort) : undefined);
    this.registerOutputs({ grafanaUrl: this.grafanaUrl, kibanaUrl: this.kibanaUrl, prometheusUrl: this.prometheusUrl });
  }

  private deployAll(name: string, a: ObservabilityArgs): { grafana: Login; kibana: Login } {
    const { config: c, images, publish } = a;
    const parent = { parent: this as pulumi.Resource };
    const deploy = (spec: Parameters<Platform["deploy"]>[0]) => a.platform.deploy(spec, parent);
    const elastic = password(`${name}-elastic-password`, this);
    const kibanaSystem = password(`${name}-kibana-system-password`, this);
    const logstashWriter = password(`${name}-logstash-writer-password`, this);
    const kibanaKey = password(`${name}-kibana-encryption-key`, this, 32);
    const grafanaAdmin = password(`${name}-grafana-admin-password`, this);

    const es = deploy(elasticsearchSpec({ image: images.elasticsearch, memoryMb: c.elasticsearch.server.memoryMb, heapMb: c.elasticsearch.server.heapMb, hostPort: c.elasticsearch.hostPort, publish, elasticPassword: elastic.result }));
    const esSetup = deploy(esSetupJobSpec({ image: images.elasticsearch, elasticPassword: elastic.result, kibanaSystemPassword: kibanaSystem.result, logstashWriterPassword: logstashWriter.result, elasticsearch: es }));
    const logstash = deploy(logstashSpec({ image: images.logstash, memoryMb: c.logstash.server.memoryMb, heapMb: c.logstash.server.heapMb, writerPassword: logstashWriter.result, elasticsearch: es, esSetup }));
    deploy(filebeatSpec({ image: images.filebeat, memoryMb: c.filebeat.memoryMb, logstash }));
    const kibana = deploy(kibanaSpec({ image: images.kibana, memoryMb: c.kibana.memoryMb, hostPort: c.kibana.hostPort, publish, kibanaSystemPassword: kibanaSystem.result, encryptionKey: kibanaKey.result, elasticsearch: es, esSetup }));
    deploy(kibanaSetupJobSpec({ image: images.kibana, elasticPassword: elastic.result, kibana }));

    const cadvisor = deploy(cadvisorSpec(images.cadvisor, c.cadvisor.memoryMb));
    const promConfig = pulumi
      .all([a.sparkMasterHost, a.sparkWorkerHosts, a.streamingDriverHosts, cadvisor.host])
      .apply(([sparkMaster, sparkWorkers, streamingDrivers, cad]) =>
        renderPrometheusConfig({ sparkMaster, sparkWorkers, streamingDrivers, cadvisor: cad }, c.prometheus.scrapeIntervalSeconds),
      );
    const prometheus = deploy(prometheusSpec({ image: images.prometheus, memoryMb: c.prometheus.memoryMb, hostPort: c.prometheus.hostPort, publish, retention: c.prometheus.retention, config: promConfig }));
    deploy(grafanaSpec({ image: images.grafana, memoryMb: c.grafana.memoryMb, hostPort: c.grafana.hostPort, publish, pluginVersion: c.grafana.cassandraPluginVersion, adminPassword: grafanaAdmin.result, cassandraHost: a.cassandraHost, cassandraUser: a.cassandraReader.username, cassandraPassword: a.cassandraReader.password, prometheus }));

    return {
      grafana: { username: "admin", password: pulumi.secret(grafanaAdmin.result) },
      kibana: { username: "elastic", password: pulumi.secret(elastic.result) },
    };
  }
}
