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

export interface HealthcheckSpec {
  /** Docker-style test, e.g. ["CMD-SHELL", "pg_isready -U postgres"]. */
  readonly test: readonly string[];
  readonly intervalSeconds: number;
  readonly timeoutSeconds: number;
  readonly retries: number;
  readonly startPeriodSeconds: number;
}

export type RestartPolicy = "unless-stopped" | "on-failure" | "no";

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
  /** Run once to completion (init/bootstrap jobs) instead of as a long-running service. */
  readonly oneShot?: boolean;
  readonly user?: string;
  /** Start only after these services are healthy (or, for one-shot jobs, completed). */
  readonly dependsOn?: readonly DeployedService[];
  readonly labels?: Readonly<Record<string, string>>;
}

/** What a rendered service gives back to the components. */
export interface DeployedService {
  readonly name: string;
  /** Host name other services use to reach it on the private network. */
  readonly host: pulumi.Output<string>;
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
}
