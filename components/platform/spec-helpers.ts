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

/** A container port, published on `publish.address:hostPort` when a host port is configured (null: private). */
export function port(name: string, containerPort: number, hostPort: number | null, publish: PublishAddress): PortSpec {
  return hostPort === null
    ? { name, containerPort }
    : { name, containerPort, publish: { hostPort, hostIp: publish.address } };
}

/** Fixed-size JVM heap (`-Xms = -Xmx`), so the container limit is predictable. */
export function jvmHeap(heapMb: number): string {
  return `-Xms${heapMb}m -Xmx${heapMb}m`;
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
export function publishedUrl(scheme: string, publish: PublishAddress, hostPort: number | null, path = ""): string | undefined {
  return hostPort === null ? undefined : `${scheme}://${publish.address}:${hostPort}${path}`;
}
