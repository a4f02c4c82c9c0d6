/**
 * The platform seam. Components describe *what* runs as `ServiceSpec`s (pure data, built by pure functions);
 * a `Platform` renders them for one target (Docker now, Kubernetes later). Components never branch on the target.
 */
import * as pulumi from "@pulumi/pulumi";

/** A port the service listens on inside its container/pod. */
export interface PortSpec {
  /** Short role name, e.g. "http", "rpc". */
  readonly name: string;
  readonly containerPort: number;
  /** Publish on the host (Docker) / expose outside the cluster (Kubernetes). Omitted: private to the network. */
  readonly publish?: { readonly hostPort: number; readonly hostIp: string };
}

/** A named volume that holds the service's state; survives container replacement. */
export interface VolumeSpec {
  /** Volume role, e.g. "data"; the platform names the volume `<stack-prefix>-<service>-<role>`. */
  readonly name: string;
  readonly mountPath: string;
  /**
   * Share the volume between services: the platform names it `<stack-prefix>-<name>` (no service part), so every
   * service mounting a shared volume of the same name sees the same files (Spark and streaming-job logs read by Filebeat).
   */
  readonly shared?: boolean;
  readonly readOnly?: boolean;
  /**
   * Holds data that must outlive the stack (databases, HDFS, Kafka logs, search indexes): the platform keeps it when
   * the stack is destroyed or the resource renamed, unless the stack opts out (`lakehouse:retainVolumes false`).
   */
  readonly keepsData?: boolean;
}

/** A host path mounted into the container (node agents such as cAdvisor only; Kubernetes: hostPath). */
export interface HostMountSpec {
  readonly hostPath: string;
  readonly mountPath: string;
  readonly readOnly: boolean;
}

/** A file placed into the container before it starts (config files, artifacts). */
export interface FileSpec {
  readonly path: string;
  /** Text content. Content hashes derive from it, so a change redeploys only the services that mount it. */
  readonly content: pulumi.Input<string>;
  /** Octal mode as a number, e.g. 0o644 (Filebeat rejects group/other-writable configs). */
  readonly mode?: number;
  /** Mark content as secret: the platform must keep it an Output secret. */
  readonly secret?: boolean;
  /** "base64" when `content` holds base64-encoded binary data (e.g. a zip artifact); default UTF-8 text. */
  readonly encoding?: "utf8" | "base64";
}

/**
 * How a health check reaches the service, target-neutral. Kubernetes probes `tcp` and `http` natively; Docker has no
 * native probe, so it runs the check inside the container with `tool` (a program the image has).
 */
export type ProbeSpec =
  /** A command run in the container; `shell: true` runs it through `sh -c` (Docker: CMD-SHELL). */
  | { readonly exec: readonly string[]; readonly shell?: boolean }
  | { readonly tcp: { readonly port: number }; readonly tool: "bash" | "python" }
  | { readonly http: { readonly port: number; readonly path: string }; readonly tool: "python" };

export interface HealthcheckSpec {
  /** Target-neutral probe (Kubernetes readiness/liveness/startup probes and Docker healthchecks both derive from it). */
  readonly probe?: ProbeSpec;
  /** Docker-style test, e.g. ["CMD-SHELL", "pg_isready -U postgres"]; still accepted (a probe is preferred). */
  readonly test?: readonly string[];
  readonly intervalSeconds: number;
  readonly timeoutSeconds: number;
  readonly retries: number;
  readonly startPeriodSeconds: number;
}

/** Target-neutral restart: `always` (long-running services) or `on-failure`; "unless-stopped"/"no" are Docker's spellings, still accepted. */
export type RestartPolicy = "always" | "on-failure" | "unless-stopped" | "no";

/**
 * What kind of workload a service is. `service`: stateless, long-running (Kubernetes Deployment); `stateful`: keeps
 * data on its own volume per replica (StatefulSet); `job`: runs once to completion (Job); `nodeAgent`: one per node,
 * reading the node itself (DaemonSet). Default: `job` when `oneShot`, `nodeAgent` with host mounts, `stateful` with a
 * non-shared volume, else `service`.
 */
export type WorkloadKind = "service" | "stateful" | "job" | "nodeAgent";

/**
 * In env values and command arguments of a replicated service: the replica's own stable name (Docker: the container
 * name `<service>-<n>`; Kubernetes: the pod name `<service>-<ordinal>`).
 */
export const REPLICA_NAME = "{{replica}}";

export interface ServiceSpec {
  /** DNS name of the service on the private network; also the container name suffix. */
  readonly name: string;
  /** Layer that owns it ("storage" | "batch" | "streaming" | "observability"), used for labels. */
  readonly layer: string;
  /** Fully pinned image reference (tag or digest; never `latest`). */
  readonly image: pulumi.Input<string>;
  readonly command?: readonly pulumi.Input<string>[];
  readonly entrypoint?: readonly pulumi.Input<string>[];
  /** Environment; values that are secret Outputs stay secret. */
  readonly env?: Readonly<Record<string, pulumi.Input<string>>>;
  readonly ports?: readonly PortSpec[];
  readonly volumes?: readonly VolumeSpec[];
  readonly hostMounts?: readonly HostMountSpec[];
  /** Privileged container (cAdvisor needs it to read cgroups); nothing else may set it. */
  readonly privileged?: boolean;
  readonly files?: readonly FileSpec[];
  readonly healthcheck?: HealthcheckSpec;
  /** Hard memory limit in MiB; JVM services also get explicit heap settings below this. */
  readonly memoryMb: number;
  readonly cpus?: number;
  readonly restart: RestartPolicy;
  /** Workload kind (default: see `WorkloadKind`). */
  readonly kind?: WorkloadKind;
  /**
   * Identical replicas with stable ordinal names (default 1). Docker runs containers `<name>-1..N`; Kubernetes a
   * StatefulSet or Deployment of N pods. Per-replica values use `REPLICA_NAME`.
   */
  readonly replicas?: number;
  /** Run once to completion (init/bootstrap jobs) instead of as a long-running service; same as `kind: "job"`. */
  readonly oneShot?: boolean;
  readonly user?: string;
  /** Start only after these services are healthy (or, for one-shot jobs, completed). */
  readonly dependsOn?: readonly DeployedService[];
  readonly labels?: Readonly<Record<string, string>>;
  /** Submits Spark applications to the platform's `SparkScheduler` (Kubernetes: runs as its service account). */
  readonly submitsSpark?: boolean;
}

/** What a rendered service gives back to the components. */
export interface DeployedService {
  readonly name: string;
  /** Host name other services use to reach it on the private network. */
  readonly host: pulumi.Output<string>;
  /** Host name of each replica, in ordinal order (one entry when not replicated). */
  readonly hosts?: pulumi.Output<string[]>;
  /** The underlying resources, for `dependsOn`. */
  readonly resources: readonly pulumi.Resource[];
}

/** A container image built from a Dockerfile in this repository (pinned base image, checksummed downloads). */
export interface ImageBuildSpec {
  /** Short name, e.g. "airflow"; the image is tagged `lakehouse/<name>:<content hash>`. */
  readonly name: string;
  /**
   * Build context folder relative to the repository root, which is the Pulumi project directory the program runs
   * in: an absolute path would differ between checkouts and make every preview show the images as changed.
   */
  readonly context: string;
  /** Dockerfile path relative to the context. */
  readonly dockerfile: string;
  /** Build arguments (image versions come from `stacks/images.ts`). */
  readonly args?: Readonly<Record<string, string>>;
  /** Build stage to stop at (default: the Dockerfile's last stage). */
  readonly target?: string;
}

/** Renders services for one target. Implementations: `DockerPlatform` (and later `KubernetesPlatform`). */
export interface Platform {
  readonly kind: "docker" | "kubernetes";
  deploy(spec: ServiceSpec, opts: { parent: pulumi.Resource }): DeployedService;
  /** Build an image for this target; returns the reference services put in `ServiceSpec.image`. */
  buildImage(spec: ImageBuildSpec, opts: { parent: pulumi.Resource }): pulumi.Output<string>;
  /**
   * The platform's own Spark scheduler, when it has one (Kubernetes: Spark's native scheduler, with the service
   * account and Role it needs). Undefined: applications go to the stack's standalone Spark master.
   */
  sparkScheduler?(args: SparkSchedulerArgs, opts: { parent: pulumi.Resource }): SparkScheduler;
}

export interface SparkSchedulerArgs {
  /** Image of driver and executor pods. */
  readonly image: pulumi.Input<string>;
  /** Executors per application (`spark.executor.instances`). */
  readonly executors: number;
  /** Where spark-submit uploads an application's files for its driver (a Hadoop file system URI). */
  readonly uploadPath: pulumi.Input<string>;
  /** The HDFS user Spark processes act as. */
  readonly hdfsUser: string;
  /** Environment variables cluster-mode drivers read from a Secret (name -> value). */
  readonly driverSecrets: Readonly<Record<string, pulumi.Input<string>>>;
}

/** Where Spark applications get their executors when the platform schedules them. */
export interface SparkScheduler {
  /** Master URL spark-submit is given. */
  readonly master: string;
  /** The master as an Airflow `spark` connection holds it (host, port, extra: deploy mode and namespace). */
  readonly connection: { readonly host: string; readonly port: number; readonly extra: Readonly<Record<string, string>> };
  /**
   * Settings of every application of a layer (namespace, image, identity, executors, labels); in cluster mode also the
   * deploy mode and the driver's secrets by reference (a client-mode driver has its own environment).
   */
  conf(layer: string, mode: "cluster" | "client"): Record<string, pulumi.Input<string>>;
  /** Extra settings of a client-mode driver that runs as the pod(s) of `service`. */
  clientDriverConf(service: string): Record<string, string>;
}

/** The workload kind of a spec, explicit or derived from the legacy fields. */
export function workloadKind(spec: Pick<ServiceSpec, "kind" | "oneShot" | "hostMounts" | "volumes">): WorkloadKind {
  if (spec.kind) return spec.kind;
  if (spec.oneShot) return "job";
  if ((spec.hostMounts ?? []).length > 0) return "nodeAgent";
  if ((spec.volumes ?? []).some((v) => !v.shared)) return "stateful";
  return "service";
}

/** True for specs that run once to completion. */
export function isJob(spec: Pick<ServiceSpec, "kind" | "oneShot" | "hostMounts" | "volumes">): boolean {
  return workloadKind(spec) === "job";
}

/** Replica count (default 1). */
export function replicasOf(spec: Pick<ServiceSpec, "replicas">): number {
  return spec.replicas ?? 1;
}

/** Name of replica `index` (0-based) on Docker: `<service>-<index+1>`, the container names used before replicas existed. */
export function dockerReplicaName(service: string, index: number): string {
  return `${service}-${index + 1}`;
}

/** Replaces `REPLICA_NAME` in a value (strings only; Outputs pass through unchanged, they never carry the token). */
export function withReplicaName<T>(value: T, replica: string): T {
  return (typeof value === "string" ? value.split(REPLICA_NAME).join(replica) : value) as T;
}

/** One replica of a replicated spec: its own name, `REPLICA_NAME` replaced in env values and arguments. */
export function replicaSpec(spec: ServiceSpec, name: string): ServiceSpec {
  const env = spec.env && Object.fromEntries(Object.entries(spec.env).map(([k, v]) => [k, withReplicaName(v, name)]));
  const args = (list: ServiceSpec["command"]) => list?.map((v) => withReplicaName(v, name));
  return { ...spec, name, replicas: undefined, env, command: args(spec.command), entrypoint: args(spec.entrypoint) };
}

/** The Docker `test` array of a health check: its legacy test, or the probe run with its tool inside the container. */
export function probeTest(hc: HealthcheckSpec): string[] {
  if (hc.test) return [...hc.test];
  const p = hc.probe!;
  if ("exec" in p) return p.shell ? ["CMD-SHELL", p.exec.join(" ")] : ["CMD", ...p.exec];
  if ("tcp" in p) {
    return p.tool === "bash"
      ? ["CMD-SHELL", `bash -c '</dev/tcp/127.0.0.1/${p.tcp.port}' || exit 1`]
      : ["CMD", "python3", "-c", `import socket; socket.create_connection(('127.0.0.1', ${p.tcp.port}), 5)`];
  }
  return ["CMD", "python3", "-c", `import urllib.request; urllib.request.urlopen('http://127.0.0.1:${p.http.port}${p.http.path}', timeout=5)`];
}

/** The probe of a health check: its own, or one derived from a Docker-style test (CMD-SHELL runs through `sh -c`). */
export function probeOf(hc: HealthcheckSpec): ProbeSpec {
  if (hc.probe) return hc.probe;
  const [form, ...rest] = hc.test ?? [];
  return form === "CMD-SHELL" ? { exec: [rest.join(" ")], shell: true } : { exec: form === "CMD" ? rest : [form, ...rest] };
}

/** True for `repo:tag` (tag not `latest`) or `repo@sha256:...`. */
export function isPinnedImage(ref: string): boolean {
  if (/@sha256:[0-9a-f]{64}$/.test(ref)) return true;
  const lastSegment = ref.split("/").pop() ?? "";
  const colon = lastSegment.lastIndexOf(":");
  if (colon < 0) return false;
  const tag = lastSegment.slice(colon + 1);
  return tag.length > 0 && tag !== "latest";
}

/** Rejects specs no target can run safely, before any resource is created; each message names the service and the field. */
export function validateSpec(spec: ServiceSpec): void {
  const where = `service "${spec.name}"`;
  if (!/^[a-z][a-z0-9-]*$/.test(spec.name)) throw new Error(`${where}: name must be lowercase letters, digits and '-'`);
  if (spec.name.length > 52) throw new Error(`${where}: name must be at most 52 characters (Kubernetes adds pod suffixes)`);
  if (!Number.isInteger(spec.memoryMb) || spec.memoryMb < 64) {
    throw new Error(`${where}: memoryMb must be an integer >= 64, got ${spec.memoryMb}`);
  }
  if (typeof spec.image === "string" && !isPinnedImage(spec.image)) {
    throw new Error(`${where}: image "${spec.image}" is not pinned (use a version tag or digest, never "latest")`);
  }
  const kind = workloadKind(spec);
  if (spec.oneShot && spec.kind !== undefined && spec.kind !== "job") throw new Error(`${where}: oneShot services are of kind "job", not "${spec.kind}"`);
  if (kind !== "job" && spec.healthcheck === undefined) throw new Error(`${where}: long-running services need a healthcheck`);
  if (spec.healthcheck && (spec.healthcheck.probe === undefined) === (spec.healthcheck.test === undefined)) {
    throw new Error(`${where}: a healthcheck needs exactly one of probe or test`);
  }
  if (spec.replicas !== undefined && (!Number.isInteger(spec.replicas) || spec.replicas < 1)) {
    throw new Error(`${where}: replicas must be an integer >= 1, got ${spec.replicas}`);
  }
  if (kind === "job" && replicasOf(spec) > 1) throw new Error(`${where}: a job runs once; replicas must be 1`);
  if (spec.privileged && spec.layer !== "observability") throw new Error(`${where}: only node agents of the observability layer may run privileged`);
  if ((spec.hostMounts ?? []).length > 0 && kind !== "nodeAgent") throw new Error(`${where}: only node agents may mount host paths`);
  const seen = new Set<string>();
  for (const v of spec.volumes ?? []) {
    if (seen.has(v.name)) throw new Error(`${where}: duplicate volume role "${v.name}"`);
    seen.add(v.name);
  }
}
