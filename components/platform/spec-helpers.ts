/** Small pure builders shared by the ServiceSpec functions of every layer. */
import * as pulumi from "@pulumi/pulumi";
import { FileSpec, HealthcheckSpec, PortSpec } from "./service";

/** Where and whether a layer publishes its UIs on the host. */
export interface PublishAddress {
  /** Host address published ports bind to (default 127.0.0.1; never 0.0.0.0 unless configured). */
  readonly address: string;
}

/** A `CMD-SHELL` healthcheck; JVM services get a long start period so dependants wait instead of failing. */
export function shellHealthcheck(
  command: string,
  timing: Partial<Omit<HealthcheckSpec, "test">> = {},
): HealthcheckSpec {
  return {
    test: ["CMD-SHELL", command],
    intervalSeconds: timing.intervalSeconds ?? 15,
    timeoutSeconds: timing.timeoutSeconds ?? 10,
    retries: timing.retries ?? 10,
    startPeriodSeconds: timing.startPeriodSeconds ?? 30,
  };
}

/** A container port, published on `publish.address:hostPort` when a host port is configured (undefined: private). */
export function port(name: string, containerPort: number, hostPort: number | undefined, publish: PublishAddress): PortSpec {
  return hostPort === undefined
    ? { name, containerPort }
    : { name, containerPort, publish: { hostPort, hostIp: publish.address } };
}

/** Fixed-size JVM heap (`-Xms = -Xmx`), so the container limit is predictable. */
export function jvmHeap(heapMb: number): string {
  return `-Xms${heapMb}m -Xmx${heapMb}m`;
}

/**
 * Heap for a JVM service from its container limit: half by default (Kafka and Cassandra lean on the page cache and
 * off-heap structures, Elastic recommends at most 50%), never below 128 MiB.
 */
export function heapMbFor(memoryMb: number, fraction = 0.5): number {
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
