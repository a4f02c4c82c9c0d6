/**
 * The one dialect of small pure builders every layer's ServiceSpec functions use: ports, health checks, JVM heaps,
 * config files. (`components/platform/spec-helpers.ts` re-exports it for older imports.)
 */
import * as pulumi from "@pulumi/pulumi";
import type { FileSpec, HealthcheckSpec, PortSpec, ProbeSpec } from "../platform/service";

/** Where and whether a layer publishes its UIs on the host. */
export interface PublishAddress {
  /** Host address published ports bind to (default 127.0.0.1; never 0.0.0.0 unless configured). */
  readonly address: string;
}

/** Timing profiles: JVM services start slowly; databases quickly. */
export const TIMING = {
  fast: { intervalSeconds: 10, timeoutSeconds: 5, retries: 12, startPeriodSeconds: 10 },
  jvm: { intervalSeconds: 15, timeoutSeconds: 10, retries: 20, startPeriodSeconds: 60 },
} as const;

type Timing = Partial<Omit<HealthcheckSpec, "test" | "probe">>;

/** A health check from a probe; unset timings default to 15 s interval, 10 s timeout, 10 retries, 30 s start period. */
export function probeHealthcheck(probe: ProbeSpec, timing: Timing = {}): HealthcheckSpec {
  return {
    probe,
    intervalSeconds: timing.intervalSeconds ?? 15,
    timeoutSeconds: timing.timeoutSeconds ?? 10,
    retries: timing.retries ?? 10,
    startPeriodSeconds: timing.startPeriodSeconds ?? 30,
  };
}

/** A shell command run in the container (Docker CMD-SHELL, Kubernetes exec `sh -c`); JVM services get a long start period. */
export function shellHealthcheck(command: string, timing: Timing = {}): HealthcheckSpec {
  return probeHealthcheck({ exec: [command], shell: true }, timing);
}

/** TCP check: Kubernetes connects itself; Docker uses bash's /dev/tcp (Hadoop, Hive, Kafka, Cassandra images). */
export function bashTcpCheck(port: number, timing: keyof typeof TIMING = "jvm"): HealthcheckSpec {
  return { probe: { tcp: { port }, tool: "bash" }, ...TIMING[timing] };
}

/** TCP check; Docker uses the image's Python (the lakehouse Spark and Airflow images have no curl). */
export function pythonTcpCheck(port: number, timing: keyof typeof TIMING = "jvm"): HealthcheckSpec {
  return { probe: { tcp: { port }, tool: "python" }, ...TIMING[timing] };
}

/**
 * HTTP check of a local URL (`http://127.0.0.1:<port><path>`): Kubernetes GETs it itself; Docker uses the image's
 * Python. Any other URL runs as a Python command in the container on both targets.
 */
export function pythonHttpCheck(url: string, timing: keyof typeof TIMING = "jvm"): HealthcheckSpec {
  const m = /^http:\/\/127\.0\.0\.1:(\d+)(\/.*)$/.exec(url);
  if (m) return { probe: { http: { port: Number(m[1]), path: m[2] }, tool: "python" }, ...TIMING[timing] };
  return { probe: { exec: ["python3", "-c", `import urllib.request; urllib.request.urlopen('${url}', timeout=5)`] }, ...TIMING[timing] };
}

/** A container port, published on `publish.address:hostPort` when a host port is configured (undefined: private). */
export function port(name: string, containerPort: number, hostPort: number | undefined, publish: PublishAddress): PortSpec {
  return hostPort === undefined
    ? { name, containerPort }
    : { name, containerPort, publish: { hostPort, hostIp: publish.address } };
}

/** Share of a container's limit given to a JVM heap: Hadoop, Hive and Spark 75%; page-cache heavy services 50%. */
export const HEAP_SHARE = { jvm: 0.75, pageCache: 0.5 } as const;

/** Fixed-size JVM heap (`-Xms = -Xmx`), so the container limit is predictable. */
export function jvmHeap(heapMb: number): string {
  return `-Xms${heapMb}m -Xmx${heapMb}m`;
}

/**
 * The heap rule: a JVM's heap from its container limit, `fraction` of it (default `HEAP_SHARE.pageCache`: Kafka and
 * Cassandra lean on the page cache and off-heap structures, Elastic recommends at most 50%), never below 128 MiB.
 */
export function heapMbFor(memoryMb: number, fraction: number = HEAP_SHARE.pageCache): number {
  return Math.max(128, Math.floor(memoryMb * fraction));
}

/** A read-only config file (0644: readable by the service user, writable by no one but root). */
export function configFile(path: string, content: pulumi.Input<string>, secret = false): FileSpec {
  return { path, content, mode: 0o644, secret };
}

/** A shell script run by a one-shot job (0755). */
export function scriptFile(path: string, content: string): FileSpec {
  return { path, content, mode: 0o755 };
}

/** `http://host:port` of a published port, for stack outputs; undefined when the port is not published. */
export function publishedUrl(scheme: string, publish: PublishAddress, hostPort: number | undefined, path = ""): string | undefined {
  return hostPort === undefined ? undefined : `${scheme}://${publish.address}:${hostPort}${path}`;
}
