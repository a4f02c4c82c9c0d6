/** Apache NiFi 2 (single-user HTTPS auth) and the one-shot job that uploads the flows of nifi-templates/. */
import * as fs from "fs";
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import { services } from "../../contracts";
import { DeployedService, FileSpec, ServiceSpec } from "../platform/service";
import { configFile, heapMbFor, port, PublishAddress, shellHealthcheck } from "../platform/spec-helpers";
import { hadoopXml } from "../shared/recipes";
import { SPARK_HDFS_USER } from "../shared/spark";

const N = services.nifi;
const LAYER = "streaming";
const HOME = "/opt/nifi/nifi-current";
export const NIFI_FLOWS_DIR = "/opt/lakehouse/nifi-flows";
/** Where NiFi picks up clickstream and access-log files (GetFile/ListFile in the flows). */
export const NIFI_LANDING_DIR = "/opt/lakehouse/landing";
/** Hadoop client config the flows' HDFS processors load (parameter HADOOP_CONFIG_RESOURCES). */
export const NIFI_CORE_SITE = "/opt/lakehouse/hadoop/core-site.xml";

export interface NifiSpecArgs {
  readonly image: pulumi.Input<string>;
  /** Container limit; the heap is derived from it (heapMbFor). */
  readonly memoryMb: number;
  readonly hostPort?: number;
  readonly publish: PublishAddress;
  readonly username: string;
  /** ≥ 12 characters (NiFi refuses shorter single-user passwords). */
  readonly password: pulumi.Input<string>;
  /** Key that encrypts sensitive flow properties; must survive restarts, so it is generated once. */
  readonly sensitivePropsKey: pulumi.Input<string>;
  /** hdfs://namenode:9000, for the flows' HDFS processors. */
  readonly hdfsUri: pulumi.Input<string>;
}

export function nifiSpec(a: NifiSpecArgs): ServiceSpec {
  const env: Record<string, pulumi.Input<string>> = {
    NIFI_WEB_HTTPS_PORT: String(N.ports.https),
    NIFI_WEB_HTTPS_HOST: "0.0.0.0",
    SINGLE_USER_CREDENTIALS_USERNAME: a.username,
    SINGLE_USER_CREDENTIALS_PASSWORD: pulumi.secret(a.password),
    NIFI_SENSITIVE_PROPS_KEY: pulumi.secret(a.sensitivePropsKey),
    NIFI_JVM_HEAP_INIT: `${heapMbFor(a.memoryMb)}m`,
    NIFI_JVM_HEAP_MAX: `${heapMbFor(a.memoryMb)}m`,
    // HDFS simple auth: NiFi writes as the warehouse owner, like every Spark process.
    HADOOP_USER_NAME: SPARK_HDFS_USER,
  };
  // NiFi rejects requests whose Host header it does not know; the published address is one of them.
  const proxyHosts = [`${N.name}:${N.ports.https}`];
  if (a.hostPort !== undefined) proxyHosts.push(`${a.publish.address}:${a.hostPort}`, `localhost:${a.hostPort}`);
  env.NIFI_WEB_PROXY_HOST = proxyHosts.join(",");
  return {
    name: N.name,
    layer: LAYER,
    image: a.image,
    env,
    ports: [port("https", N.ports.https, a.hostPort, a.publish)],
    files: [configFile(NIFI_CORE_SITE, hadoopXml({ "fs.defaultFS": a.hdfsUri }))],
    volumes: [
      // conf holds flow.json.gz: without it a recreated container would forget the deployed flows.
      ...["conf", "database_repository", "flowfile_repository", "content_repository", "provenance_repository", "state", "logs"].map(
        (dir) => ({ name: dir.replace(/_/g, "-"), mountPath: `${HOME}/${dir}` }),
      ),
      { name: "landing", mountPath: NIFI_LANDING_DIR, shared: true },
    ],
    // Jetty opens the HTTPS port only after the flow is loaded; bash's /dev/tcp needs no curl in the image, and the
    // flows job checks the REST API itself before uploading.
    healthcheck: shellHealthcheck(`bash -c '</dev/tcp/127.0.0.1/${N.ports.https}'`, {
      intervalSeconds: 20,
      retries: 20,
      startPeriodSeconds: 90,
    }),
    memoryMb: a.memoryMb,
    restart: "always",
  };
}

/** The flow-definition JSON files of nifi-templates/ (whatever exist when the program runs), sorted by name. */
export function readFlowFiles(dir: string): FileSpec[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith(".json"))
    .sort()
    .map((f) => configFile(`${NIFI_FLOWS_DIR}/${f}`, fs.readFileSync(path.join(dir, f), "utf8")));
}

export interface NifiFlowsJobArgs {
  /** deploy.sh needs bash and python3 (standard library): a python:3.x-slim image. */
  readonly image: pulumi.Input<string>;
  /** nifi-templates/deploy.sh (written by the nifi helper). */
  readonly deployScript: string;
  readonly flows: readonly FileSpec[];
  readonly username: string;
  readonly password: pulumi.Input<string>;
  readonly kafkaBootstrap: pulumi.Input<string>;
  readonly warehouseRoot: pulumi.Input<string>;
  readonly nifi: DeployedService;
  readonly memoryMb: number;
}

/**
 * Runs deploy.sh against the NiFi REST API once NiFi is healthy. The flows are files of this job, so changing a
 * flow changes the job's content hash and redeploys it; NiFi itself is untouched.
 */
export function nifiFlowsJobSpec(a: NifiFlowsJobArgs): ServiceSpec {
  const script = `${NIFI_FLOWS_DIR}/deploy.sh`;
  return {
    name: "nifi-flows",
    layer: LAYER,
    image: a.image,
    entrypoint: ["/bin/bash", script],
    env: {
      NIFI_URL: pulumi.interpolate`https://${a.nifi.host}:${N.ports.https}`,
      NIFI_USERNAME: a.username,
      NIFI_PASSWORD: pulumi.secret(a.password),
      NIFI_FLOWS_DIR,
      NIFI_WAIT_SECONDS: "600",
      // Flow parameters ([env NAME] in their descriptions), as seen from inside the NiFi container.
      NIFI_LANDING_DIR,
      KAFKA_BOOTSTRAP_SERVERS: a.kafkaBootstrap,
      WAREHOUSE_ROOT: a.warehouseRoot,
      HADOOP_CONFIG_RESOURCES: NIFI_CORE_SITE,
    },
    files: [{ path: script, content: a.deployScript, mode: 0o755 }, ...a.flows],
    memoryMb: a.memoryMb,
    restart: "on-failure",
    oneShot: true,
    dependsOn: [a.nifi],
  };
}
