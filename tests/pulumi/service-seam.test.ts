/** The target-neutral seam: workload kinds, replicas, probes and validation, independent of any target. */
import {
  REPLICA_NAME,
  dockerReplicaName,
  probeOf,
  probeTest,
  replicaSpec,
  validateSpec,
  workloadKind,
  type HealthcheckSpec,
  type ServiceSpec,
} from "../../components/platform/service";
import { bashTcpCheck, pythonHttpCheck, pythonTcpCheck, shellHealthcheck } from "../../components/shared/specs";

const timing = { intervalSeconds: 1, timeoutSeconds: 1, retries: 1, startPeriodSeconds: 1 };
const base: ServiceSpec = { name: "svc", layer: "batch", image: "postgres:18.1", memoryMb: 128, restart: "always", healthcheck: shellHealthcheck("true") };

describe("workloadKind", () => {
  it.each<[string, Partial<ServiceSpec>, string]>([
    ["explicit kind wins", { kind: "service", volumes: [{ name: "d", mountPath: "/d" }] }, "service"],
    ["one-shot is a job", { oneShot: true }, "job"],
    ["host mounts make a node agent", { hostMounts: [{ hostPath: "/sys", mountPath: "/sys", readOnly: true }] }, "nodeAgent"],
    ["an own volume makes it stateful", { volumes: [{ name: "data", mountPath: "/data" }] }, "stateful"],
    ["a shared volume only keeps it a service", { volumes: [{ name: "logs", mountPath: "/logs", shared: true }] }, "service"],
    ["nothing: a service", {}, "service"],
  ])("%s", (_, spec, kind) => expect(workloadKind({ ...base, ...spec })).toBe(kind));
});

describe("probes", () => {
  it.each<[string, HealthcheckSpec, string[]]>([
    ["tcp via bash", bashTcpCheck(9000), ["CMD-SHELL", "bash -c '</dev/tcp/127.0.0.1/9000' || exit 1"]],
    ["tcp via python", pythonTcpCheck(10004), ["CMD", "python3", "-c", "import socket; socket.create_connection(('127.0.0.1', 10004), 5)"]],
    ["http via python", pythonHttpCheck("http://127.0.0.1:8080/health"), ["CMD", "python3", "-c", "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8080/health', timeout=5)"]],
    ["shell exec", shellHealthcheck("pg_isready"), ["CMD-SHELL", "pg_isready"]],
    ["legacy test passes through", { test: ["CMD", "true"], ...timing }, ["CMD", "true"]],
  ])("Docker test of %s", (_, hc, test) => expect(probeTest(hc)).toEqual(test));

  it("keeps tcp and http probes native for targets that probe themselves", () => {
    expect(probeOf(bashTcpCheck(9000))).toEqual({ tcp: { port: 9000 }, tool: "bash" });
    expect(probeOf(pythonHttpCheck("http://127.0.0.1:8974/health"))).toEqual({ http: { port: 8974, path: "/health" }, tool: "python" });
    // A URL that is not local stays a command in the container.
    expect(probeOf(pythonHttpCheck("http://other:1/"))).toEqual({ exec: ["python3", "-c", "import urllib.request; urllib.request.urlopen('http://other:1/', timeout=5)"] });
  });

  it("derives a probe from a legacy Docker test", () => {
    expect(probeOf({ test: ["CMD-SHELL", "a", "b"], ...timing })).toEqual({ exec: ["a b"], shell: true });
    expect(probeOf({ test: ["CMD", "x", "-y"], ...timing })).toEqual({ exec: ["x", "-y"] });
  });
});

describe("replicas", () => {
  it("names Docker replicas <service>-1..N and substitutes the replica name in env and arguments", () => {
    const spec: ServiceSpec = { ...base, replicas: 2, env: { LOG: `/logs/${REPLICA_NAME}.log`, X: "y" }, command: ["run", `--name=${REPLICA_NAME}`] };
    const second = replicaSpec(spec, dockerReplicaName(spec.name, 1));
    expect(second).toMatchObject({ name: "svc-2", replicas: undefined, env: { LOG: "/logs/svc-2.log", X: "y" }, command: ["run", "--name=svc-2"] });
  });
});

describe("validateSpec", () => {
  it.each<[string, Partial<ServiceSpec>, string]>([
    ["zero replicas", { replicas: 0 }, 'service "svc": replicas must be an integer >= 1, got 0'],
    ["a replicated job", { oneShot: true, replicas: 2 }, 'service "svc": a job runs once; replicas must be 1'],
    ["oneShot of another kind", { oneShot: true, kind: "service" }, 'service "svc": oneShot services are of kind "job", not "service"'],
    ["both probe and test", { healthcheck: { test: ["CMD", "true"], probe: { exec: ["true"] }, ...timing } }, 'service "svc": a healthcheck needs exactly one of probe or test'],
    ["host mounts outside a node agent", { kind: "service", hostMounts: [{ hostPath: "/", mountPath: "/r", readOnly: true }] }, 'service "svc": only node agents may mount host paths'],
    ["a latest image", { image: "postgres:latest" }, 'service "svc": image "postgres:latest" is not pinned (use a version tag or digest, never "latest")'],
  ])("rejects %s", (_, spec, message) => expect(() => validateSpec({ ...base, ...spec })).toThrow(message));

  it("accepts a replicated stateful service", () => expect(() => validateSpec({ ...base, replicas: 3, volumes: [{ name: "data", mountPath: "/d" }] })).not.toThrow());
});
