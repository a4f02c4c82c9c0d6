/**
 * The one schema of every stack setting. `parseConfig` is pure: raw values (as read from `lakehouse:*` keys) and
 * the stack name in, a frozen typed config out, or a `ConfigError` naming the key, the value and what is allowed.
 */
import { z } from "zod";
import { images, type ImageKey } from "./images";
import { isPinnedImage } from "../components/platform/service";
import { hostForBindAddress } from "../plans/pbids";
import { streamingConfigSchema, type StreamingConfig } from "./streaming";
import { observabilityConfigSchema, type ObservabilityConfig } from "./observability";
import { DEFAULT_VOLUME_GB, kubernetesConfigSchema, type KubernetesConfig } from "./kubernetes";
import { DRIVER_OVERHEAD_MB, MIN_EXECUTOR_MB, executorMemoryOfWorkerMb } from "../components/shared/sizing";
import {
  ENVIRONMENTS,
  MEMORY_CEILING_MB,
  MEMORY_FLOOR_MB,
  MEMORY_KEYS,
  PORT_KEYS,
  PROFILES,
  environmentDefaults,
  type Environment,
  type MemoryKey,
  type PortKey,
  type Profile,
} from "./defaults";

/** Config namespace: every key is `lakehouse:<key>`. */
export const NAMESPACE = "lakehouse";

export class ConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`Invalid stack configuration:\n  - ${problems.join("\n  - ")}`);
    this.name = "ConfigError";
  }
}

const allowed = (text: string) => ({ errorMap: () => ({ message: text }) });
const count = (max: number) => z.number(allowed(`an integer from 1 to ${max}`)).int().min(1).max(max);
const hostPort = z.custom<number | false>(
  (v) => v === false || (typeof v === "number" && Number.isInteger(v) && v >= 1024 && v <= 65535),
  "a port from 1024 to 65535, or false to keep it unpublished",
);
const ipv4 = /^(25[0-5]|2[0-4]\d|1?\d?\d)(\.(25[0-5]|2[0-4]\d|1?\d?\d)){3}$/;
/** RFC 1123 host name (letters, digits, hyphens, dots); IPv4 addresses match it too. */
const hostName = /^(?=.{1,253}$)[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$/;
const LOOPBACK_HOSTS = new Set(["localhost", "127.0.0.1"]);

const keysOf = <K extends string>(keys: readonly K[]) => keys.map((k) => `"${k}"`).join(", ");

function strictRecord<K extends string, V extends z.ZodTypeAny>(keys: readonly K[], value: V) {
  return z.record(z.string(), value).superRefine((rec, ctx) => {
    for (const key of Object.keys(rec)) {
      if (!(keys as readonly string[]).includes(key)) {
        ctx.addIssue({ code: "custom", path: [key], message: `unknown key; allowed keys: ${keysOf(keys)}` });
      }
    }
  });
}

const schema = z
  .object({
    environment: z.enum(ENVIRONMENTS, allowed(`one of ${keysOf(ENVIRONMENTS)}`)),
    target: z.enum(["docker", "kubernetes"], allowed(`"docker" or "kubernetes"`)),
    platform: z.enum(["linux/arm64", "linux/amd64"], allowed(`"linux/arm64" or "linux/amd64"`)),
    profile: z.enum(Object.keys(PROFILES) as [Profile, ...Profile[]], allowed(`one of ${keysOf(Object.keys(PROFILES))}`)),
    bindAddress: z.string(allowed("an IPv4 address such as 127.0.0.1")).regex(ipv4, "an IPv4 address such as 127.0.0.1"),
    powerBiHost: z
      .string(allowed("a host name or IPv4 address such as bi.example.com (no scheme, port or path)"))
      .regex(hostName, "a host name or IPv4 address such as bi.example.com (no scheme, port or path)")
      .optional(),
    ports: strictRecord(PORT_KEYS, hostPort),
    datanodes: count(64),
    sparkWorkers: count(64),
    sparkWorkerCores: count(64),
    sparkExecutors: count(256),
    memoryMb: strictRecord(MEMORY_KEYS, z.number(allowed("an integer number of MiB")).int()).superRefine((rec, ctx) => {
      for (const [key, mb] of Object.entries(rec)) {
        const floor = MEMORY_FLOOR_MB[key as MemoryKey];
        if (floor !== undefined && Number.isInteger(mb) && (mb < floor || mb > MEMORY_CEILING_MB)) {
          ctx.addIssue({ code: "custom", path: [key], message: `at least ${floor} MiB for ${key} (its floor), at most ${MEMORY_CEILING_MB}` });
        }
      }
    }),
    retainVolumes: z.boolean(allowed("true or false")),
    images: strictRecord(
      Object.keys(images) as ImageKey[],
      z.string().refine(isPinnedImage, "a pinned image reference (repo:tag or repo@sha256:...), never latest"),
    ),
    /** Slices of the streaming and observability layers (their own schemas, defaults included). */
    streaming: streamingConfigSchema,
    observability: observabilityConfigSchema,
    kubernetes: kubernetesConfigSchema,
  })
  .strict();

export interface LakehouseConfig {
  readonly stack: string;
  readonly environment: Environment;
  readonly target: "docker" | "kubernetes";
  readonly platform: "linux/arm64" | "linux/amd64";
  readonly profile: Profile;
  readonly parts: { readonly streaming: boolean; readonly observability: boolean; readonly datascience: boolean };
  readonly bindAddress: string;
  /** Host name users' Power BI machines reach the Thrift Server by (default: localhost, or bindAddress when specific). */
  readonly powerBiHost: string;
  /** Host port per published UI; absent keys stay private to the network. */
  readonly ports: Readonly<Partial<Record<PortKey, number>>>;
  readonly datanodes: number;
  readonly sparkWorkers: number;
  readonly sparkWorkerCores: number;
  /** Executors of each Spark application that Spark's Kubernetes scheduler runs (`spark.executor.instances`). */
  readonly sparkExecutors: number;
  readonly memoryMb: Readonly<Record<MemoryKey, number>>;
  readonly images: Readonly<Record<ImageKey, string>>;
  /** Keep the data volumes (HDFS, PostgreSQL, Kafka, Cassandra, Elasticsearch) when the stack is destroyed. */
  readonly retainVolumes: boolean;
  readonly streaming: StreamingConfig;
  readonly observability: ObservabilityConfig;
  /** Settings of the Kubernetes target (defaults filled in; read only when target is kubernetes). */
  readonly kubernetes: KubernetesConfig & { readonly namespace: string; readonly volumeGb: Readonly<Record<string, number>> & { readonly default: number } };
}

/** Namespaces of the providers the program uses: their settings are theirs, not ours. */
const PROVIDER_NAMESPACES = new Set(["pulumi", "docker", "random", "kubernetes"]);

/**
 * Validates raw settings over the environment's defaults; throws `ConfigError` listing every problem. `otherKeys`:
 * the stack's config keys outside the `lakehouse:` namespace (a setting put there would otherwise be ignored).
 */
export function parseConfig(raw: Readonly<Record<string, unknown>>, stack: string, otherKeys: readonly string[] = []): LakehouseConfig {
  const environment = (raw.environment ?? ((ENVIRONMENTS as readonly string[]).includes(stack) ? stack : "dev")) as string;
  const defaults = environmentDefaults((ENVIRONMENTS as readonly string[]).includes(environment) ? (environment as Environment) : "dev");
  const merged = {
    ...defaults,
    ...raw,
    environment,
    ports: mergeRecord(raw.target === "kubernetes" ? clusterPorts(defaults.ports) : defaults.ports, raw.ports),
    memoryMb: mergeRecord(defaults.memoryMb, raw.memoryMb),
    images: mergeRecord(defaults.images, raw.images),
  };
  const result = schema.safeParse(merged);
  const problems = [
    ...namespaceProblems(otherKeys),
    ...(result.success
      ? [...portClashes(result.data.ports), ...memoryProblems(result.data), ...powerBiHostProblems(result.data), ...replicationProblems(result.data)]
      : result.error.issues.map((issue) => describe(issue, merged))),
  ];
  if (!result.success || problems.length > 0) throw new ConfigError(problems);
  const c = result.data;
  const published = Object.entries(c.ports).filter(([, p]) => p !== false) as [PortKey, number][];
  return deepFreeze({
    stack,
    environment: c.environment,
    target: c.target,
    platform: c.platform,
    profile: c.profile,
    parts: { ...PROFILES[c.profile] },
    bindAddress: c.bindAddress,
    powerBiHost: c.powerBiHost ?? hostForBindAddress(c.bindAddress),
    ports: Object.fromEntries(published),
    datanodes: c.datanodes,
    sparkWorkers: c.sparkWorkers,
    sparkWorkerCores: c.sparkWorkerCores,
    sparkExecutors: c.sparkExecutors,
    memoryMb: c.memoryMb as Record<MemoryKey, number>,
    images: { ...images, ...c.images },
    retainVolumes: c.retainVolumes,
    streaming: c.streaming,
    observability: c.observability,
    kubernetes: {
      ...c.kubernetes,
      namespace: c.kubernetes.namespace ?? `lakehouse-${stack}`.toLowerCase().replace(/[^a-z0-9-]/g, "-").slice(0, 63),
      volumeGb: { ...DEFAULT_VOLUME_GB, ...c.kubernetes.volumeGb } as Record<string, number> & { default: number },
    },
  });
}

/** On Kubernetes only the Power BI endpoint leaves the cluster by default; the UIs stay in-cluster (kubectl port-forward). */
function clusterPorts(ports: Record<string, number | false>): Record<string, number | false> {
  return Object.fromEntries(Object.entries(ports).map(([k, v]) => [k, k === "thrift" ? v : false]));
}

function mergeRecord(base: object, override: unknown): unknown {
  if (override === undefined) return base;
  if (typeof override !== "object" || override === null || Array.isArray(override)) return override;
  return { ...base, ...override };
}

function describe(issue: z.ZodIssue, merged: Record<string, unknown>): string {
  const key = `${NAMESPACE}:${issue.path.join(".")}`;
  const value = issue.path.reduce<unknown>((v, p) => (v as Record<string | number, unknown> | undefined)?.[p], merged);
  if (issue.code === "unrecognized_keys" && issue.path.length > 0) {
    return `${key}: unknown key(s) ${issue.keys.map((k) => `"${k}"`).join(", ")}`;
  }
  if (issue.code === "unrecognized_keys") {
    return `${NAMESPACE}: unknown setting(s) ${issue.keys.map((k) => `"${k}"`).join(", ")}; allowed: ${keysOf(Object.keys(schema.shape))}`;
  }
  // Our messages say what is allowed ("an integer from 1 to 64"); the slices' zod defaults are whole sentences.
  const allowedText = /^[a-z"]/.test(issue.message) ? `expected ${issue.message}` : issue.message;
  return `${key} = ${JSON.stringify(value)}: ${allowedText}`;
}

function namespaceProblems(keys: readonly string[]): string[] {
  const settings = Object.keys(schema.shape);
  return keys
    .filter((key) => !PROVIDER_NAMESPACES.has(key.slice(0, key.indexOf(":"))))
    .map((key) => {
      const name = key.slice(key.indexOf(":") + 1).split(".")[0];
      const hint = settings.includes(name) ? ` (did you mean ${NAMESPACE}:${name}?)` : `, one of ${keysOf(settings)}`;
      return `${key}: not read by this program; its settings are ${NAMESPACE}:<key>${hint}`;
    });
}

/** Limits that only make sense together: a worker must fit the streaming executors, a container its driver. */
function memoryProblems(c: z.infer<typeof schema>): string[] {
  const problems: string[] = [];
  const worker = c.memoryMb.sparkWorker as number;
  const offered = executorMemoryOfWorkerMb(worker);
  const executor = c.streaming.jobs.executorMemoryMb;
  if (offered >= MIN_EXECUTOR_MB && executor > offered) {
    problems.push(
      `${NAMESPACE}:streaming.jobs.executorMemoryMb = ${executor}: expected at most ${offered} MiB, what one Spark worker offers executors ` +
        `with ${NAMESPACE}:memoryMb.sparkWorker = ${worker} (raise memoryMb.sparkWorker or lower executorMemoryMb)`,
    );
  }
  const container = c.memoryMb.streamingJob as number;
  const driver = c.streaming.jobs.driverMemoryMb;
  if (driver + DRIVER_OVERHEAD_MB > container) {
    problems.push(
      `${NAMESPACE}:streaming.jobs.driverMemoryMb = ${driver}: expected at most ${container - DRIVER_OVERHEAD_MB} MiB, the streaming job ` +
        `container limit ${NAMESPACE}:memoryMb.streamingJob = ${container} minus ${DRIVER_OVERHEAD_MB} MiB driver overhead`,
    );
  }
  return problems;
}

/** A Power BI host other machines use needs the Thrift port published beyond loopback. */
function powerBiHostProblems(c: z.infer<typeof schema>): string[] {
  if (c.target === "kubernetes" || c.powerBiHost === undefined || LOOPBACK_HOSTS.has(c.powerBiHost) || c.bindAddress !== "127.0.0.1") return [];
  return [
    `${NAMESPACE}:powerBiHost = ${JSON.stringify(c.powerBiHost)}: the Thrift Server is published on 127.0.0.1 only ` +
      `(${NAMESPACE}:bindAddress), which other machines cannot reach; set ${NAMESPACE}:bindAddress too`,
  ];
}

/**
 * Replication factors cannot exceed the replicas that hold the copies: topics need as many brokers as replicas (the
 * program runs one Kafka broker), checked before any resource exists.
 */
export const KAFKA_BROKERS = 1;
function replicationProblems(c: z.infer<typeof schema>): string[] {
  const problems: string[] = [];
  const rf = c.streaming.kafka.replicationFactor;
  if (rf > KAFKA_BROKERS) {
    problems.push(`${NAMESPACE}:streaming.kafka.replicationFactor = ${rf}: expected at most ${KAFKA_BROKERS}, the Kafka brokers the program runs`);
  }
  for (const [topic, o] of Object.entries(c.streaming.topics)) {
    if (o.replicationFactor !== undefined && o.replicationFactor > KAFKA_BROKERS) {
      problems.push(`${NAMESPACE}:streaming.topics.${topic}.replicationFactor = ${o.replicationFactor}: expected at most ${KAFKA_BROKERS}, the Kafka brokers the program runs`);
    }
  }
  return problems;
}

function portClashes(ports: Record<string, number | false>): string[] {
  const byPort = new Map<number, string[]>();
  for (const [key, port] of Object.entries(ports)) if (port !== false) byPort.set(port, [...(byPort.get(port) ?? []), key]);
  return [...byPort.entries()]
    .filter(([, keys]) => keys.length > 1)
    .map(([port, keys]) => `${NAMESPACE}:ports = ${port}: used by ${keys.join(" and ")}; each published UI needs its own host port`);
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === "object") {
    Object.values(value as Record<string, unknown>).forEach(deepFreeze);
    Object.freeze(value);
  }
  return value;
}
