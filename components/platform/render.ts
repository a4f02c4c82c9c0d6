/**
 * Pure planning for the Docker target: how a `ServiceSpec` becomes container settings. No resources here, so every
 * rule (names, wait timeouts, port bindings, labels, upload modes) has table-driven tests.
 */
import { probeTest, type HealthcheckSpec, type PortSpec, type RestartPolicy, type ServiceSpec } from "./service";

/** Docker's own default `wait_timeout` (60 s) is too short for JVM services; never go below this. */
export const MIN_WAIT_TIMEOUT_SECONDS = 180;

/** Container name on the host: `<prefix>-<service>` (the network alias stays the bare service name). */
export function containerName(prefix: string, service: string): string {
  return `${prefix}-${service}`;
}

/** Named volume for a service's state: `<prefix>-<service>-<role>`. */
export function volumeName(prefix: string, service: string, role: string): string {
  return `${prefix}-${service}-${role}`;
}

/** Named volume several services share (`VolumeSpec.shared`): `<prefix>-<name>`, no service part. */
export function sharedVolumeName(prefix: string, name: string): string {
  return `${prefix}-${name}`;
}

/** Docker duration strings as the provider expects them ("10s"). */
export function seconds(value: number): string {
  return `${value}s`;
}

/** The provider's healthcheck block for a spec. */
export function dockerHealthcheck(hc: HealthcheckSpec) {
  return {
    tests: probeTest(hc),
    interval: seconds(hc.intervalSeconds),
    timeout: seconds(hc.timeoutSeconds),
    retries: hc.retries,
    startPeriod: seconds(hc.startPeriodSeconds),
  };
}

/**
 * How long `pulumi up` waits for a container to report healthy: the whole healthcheck budget (start period plus
 * every retry with its timeout) with a 50% margin, and never less than `MIN_WAIT_TIMEOUT_SECONDS`.
 */
export function waitTimeoutSeconds(hc: HealthcheckSpec): number {
  const budget = hc.startPeriodSeconds + hc.retries * (hc.intervalSeconds + hc.timeoutSeconds);
  return Math.max(MIN_WAIT_TIMEOUT_SECONDS, Math.ceil(budget * 1.5));
}

/** Published ports only: private ports need no mapping on a user-defined network. */
export function dockerPorts(ports: readonly PortSpec[] | undefined) {
  return (ports ?? [])
    .filter((p) => p.publish !== undefined)
    .map((p) => ({ internal: p.containerPort, external: p.publish!.hostPort, ip: p.publish!.hostIp, protocol: "tcp" }));
}

/** "0644"-style permission string for an upload; files default to 0644 (never group/other-writable). */
export function uploadPermissions(mode: number | undefined): string {
  const m = mode ?? 0o644;
  if (!Number.isInteger(m) || m < 0 || m > 0o7777) {
    throw new Error(`invalid file mode ${m}: expected an octal permission such as 0o644`);
  }
  return m.toString(8).padStart(4, "0");
}

/** Run-mode settings: long-running services wait for health; one-shot jobs run to completion once. */
export function runMode(spec: Pick<ServiceSpec, "oneShot" | "kind" | "restart" | "healthcheck">) {
  if (spec.oneShot || spec.kind === "job") {
    // attach: the provider waits for the job to exit; mustRun false: an exited job is its success state.
    return { restart: "no", mustRun: false, attach: true, wait: false, waitTimeout: undefined };
  }
  return {
    restart: dockerRestart(spec.restart),
    mustRun: true,
    attach: false,
    wait: spec.healthcheck !== undefined,
    waitTimeout: spec.healthcheck ? waitTimeoutSeconds(spec.healthcheck) : undefined,
  };
}

/** Docker's restart policy: `always` means what the stack always ran with, "unless-stopped" (a stopped container stays stopped). */
export function dockerRestart(restart: RestartPolicy): "unless-stopped" | "on-failure" | "no" {
  return restart === "always" ? "unless-stopped" : restart;
}

/** Labels every container carries: owner project, layer, service, run mode, plus the spec's own labels. */
export function serviceLabels(spec: Pick<ServiceSpec, "name" | "layer" | "oneShot" | "kind" | "labels">, project: string) {
  const labels: Record<string, string> = {
    "lakehouse.project": project,
    "lakehouse.layer": spec.layer,
    "lakehouse.service": spec.name,
    "lakehouse.kind": spec.oneShot || spec.kind === "job" ? "job" : "service",
    ...(spec.labels ?? {}),
  };
  return Object.keys(labels)
    .sort()
    .map((label) => ({ label, value: labels[label] }));
}

export { isPinnedImage, validateSpec } from "./service";

/**
 * The Docker provider records a one-shot job's exit code but does not fail on it; dependants carry this value as a
 * label, so a failed job stops `pulumi up` before anything that needs its result starts.
 */
export function checkJobExit(job: string, container: string, exitCode: number | undefined): string {
  if (exitCode !== undefined && exitCode !== 0) {
    throw new Error(`one-shot job "${job}" exited with code ${exitCode}; see \`docker logs ${container}\``);
  }
  return String(exitCode ?? 0);
}
