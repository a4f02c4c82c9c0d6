/** Table-driven tests of the pure Docker planning rules. */
import {
  checkJobExit,
  dockerPorts,
  isPinnedImage,
  runMode,
  serviceLabels,
  uploadPermissions,
  validateSpec,
  waitTimeoutSeconds,
} from "../../components/platform/render";
import type { ServiceSpec } from "../../components/platform/service";

const hc = (startPeriodSeconds: number, retries: number, intervalSeconds = 10, timeoutSeconds = 5) => ({
  test: ["CMD", "true"],
  startPeriodSeconds,
  retries,
  intervalSeconds,
  timeoutSeconds,
});

describe("waitTimeoutSeconds", () => {
  it.each([
    ["tiny budget uses the JVM-friendly floor", hc(0, 1), 180],
    ["budget with 50% margin", hc(60, 10), 315],
    ["slow JVM start", hc(120, 30, 10, 10), 1080],
  ])("%s", (_label, check, expected) => expect(waitTimeoutSeconds(check)).toBe(expected));
});

describe("isPinnedImage", () => {
  it.each([
    ["postgres:18.1", true],
    ["docker.elastic.co/elasticsearch/elasticsearch:9.2.1", true],
    ["localhost:5000/spark:4.1.1", true],
    [`postgres@sha256:${"a".repeat(64)}`, true],
    ["postgres", false],
    ["postgres:latest", false],
    ["localhost:5000/spark", false],
  ])("%s -> %s", (ref, pinned) => expect(isPinnedImage(ref)).toBe(pinned));
});

describe("uploadPermissions", () => {
  it.each([
    [undefined, "0644"],
    [0o600, "0600"],
    [0o755, "0755"],
  ])("%s -> %s", (mode, expected) => expect(uploadPermissions(mode)).toBe(expected));
  it("rejects non-modes", () => expect(() => uploadPermissions(0o10000)).toThrow("invalid file mode 4096"));
});

describe("dockerPorts", () => {
  it("maps only published ports, bound to their address", () => {
    expect(
      dockerPorts([
        { name: "a", containerPort: 80, publish: { hostPort: 8080, hostIp: "127.0.0.1" } },
        { name: "b", containerPort: 81 },
      ]),
    ).toEqual([{ internal: 80, external: 8080, ip: "127.0.0.1", protocol: "tcp" }]);
  });
});

describe("runMode", () => {
  it.each([
    [{ restart: "unless-stopped" as const, healthcheck: hc(0, 1) }, { restart: "unless-stopped", mustRun: true, attach: false, wait: true, waitTimeout: 180 }],
    [{ restart: "on-failure" as const, oneShot: true }, { restart: "no", mustRun: false, attach: true, wait: false, waitTimeout: undefined }],
  ])("%o", (spec, expected) => expect(runMode(spec)).toEqual(expected));
});

describe("serviceLabels", () => {
  it("sorts labels and lets specs add their own", () => {
    expect(serviceLabels({ name: "x", layer: "batch", labels: { "a.b": "c" } }, "proj")).toEqual([
      { label: "a.b", value: "c" },
      { label: "lakehouse.kind", value: "service" },
      { label: "lakehouse.layer", value: "batch" },
      { label: "lakehouse.project", value: "proj" },
      { label: "lakehouse.service", value: "x" },
    ]);
  });
});

describe("validateSpec", () => {
  const base: ServiceSpec = { name: "svc", layer: "batch", image: "x:1", memoryMb: 256, restart: "no", healthcheck: hc(0, 1) };
  it.each([
    [{ name: "Bad_Name" }, `service "Bad_Name": name must be lowercase letters, digits and '-'`],
    [{ memoryMb: 10 }, `service "svc": memoryMb must be an integer >= 64, got 10`],
    [{ image: "x:latest" }, `service "svc": image "x:latest" is not pinned (use a version tag or digest, never "latest")`],
    [{ healthcheck: undefined }, `service "svc": long-running services need a healthcheck`],
    [{ volumes: [{ name: "d", mountPath: "/a" }, { name: "d", mountPath: "/b" }] }, `service "svc": duplicate volume role "d"`],
    [{ privileged: true }, `service "svc": only node agents of the observability layer may run privileged`],
  ])("%o", (patch, message) => expect(() => validateSpec({ ...base, ...patch } as ServiceSpec)).toThrow(message));
  it("accepts a one-shot job without healthcheck", () => expect(() => validateSpec({ ...base, healthcheck: undefined, oneShot: true })).not.toThrow());
});

describe("checkJobExit", () => {
  it.each([
    [0, "0"],
    [undefined, "0"],
  ])("exit code %s passes as %s", (code, value) => expect(checkJobExit("init", "lh-init", code)).toBe(value));
  it("stops the deployment when a job failed, naming the container to inspect", () =>
    expect(() => checkJobExit("hdfs-init", "lakehouse-dev-hdfs-init", 2)).toThrow('one-shot job "hdfs-init" exited with code 2; see `docker logs lakehouse-dev-hdfs-init`'));
});
