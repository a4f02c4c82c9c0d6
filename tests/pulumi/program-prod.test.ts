/**
 * The prod stack (Kubernetes) under mocks: every service renders; replicas, claims, anti-affinity, PDBs, probes and
 * network policies follow config; no secret in a ConfigMap, an env literal or an output; and the Docker rendering of
 * the same config agrees with it service by service on image, command, environment keys and ports.
 */
import { MockHarness, unwrapSecrets, type RecordedResource } from "./harness";
import { deployProgram } from "./program";
import { stackConfig } from "../../cli/deploy/evaluate";
import { plainOutputs } from "./prod-helpers";
import { POD_NAME_ENV } from "../../components/platform/k8s-plan";
import * as path from "path";

const REPO = path.resolve(__dirname, "..", "..");
const config = stackConfig(REPO, "prod");
const k8s = new MockHarness({ stack: "prod", config });
// Docker needs the Thrift port bound beyond loopback for a remote Power BI host.
const docker = new MockHarness({ stack: "prod", config: { ...config, "lakehouse:target": "docker", "lakehouse:bindAddress": "10.0.0.1" } });
let outputs: Record<string, unknown> = {};

const WORKLOADS = ["StatefulSet", "Deployment", "Job", "DaemonSet"];
const kindOf = (r: RecordedResource) => r.type.split(":").pop()!;
const workloads = () => k8s.resources.filter((r) => r.type.startsWith("kubernetes:") && WORKLOADS.includes(kindOf(r)));
const ofKind = (kind: string) => k8s.resources.filter((r) => r.type.startsWith("kubernetes:") && kindOf(r) === kind);
const spec = (r: RecordedResource) => r.inputs.spec as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const container = (r: RecordedResource) => spec(r).template.spec.containers[0];
/** spark-submit arguments without their `--conf k=v` pairs, and the keys of those pairs. */
const withoutConf = (args: string[]) => args.filter((a, i) => a !== "--conf" && args[i - 1] !== "--conf");
const confKeys = (args: string[]) => args.flatMap((a, i) => (args[i - 1] === "--conf" ? [String(a).split("=")[0]] : []));
const workload = (name: string) => workloads().find((w) => (w.inputs.metadata as { name: string }).name === name)!;

beforeAll(async () => {
  outputs = await plainOutputs(await deployProgram(k8s));
  await deployProgram(docker);
}, 120_000);

it("renders every service of prod in the stack's namespace, and nothing for Docker", () => {
  const names = workloads().map((w) => (w.inputs.metadata as { name: string }).name).sort();
  // The Docker rendering of the same config runs the same services (replicas as <name>-<n>).
  const containers = [...new Set(docker.containers().map((c) => c.name.replace(/-\d+$/, "")))].sort();
  expect(names).toEqual(containers);
  expect(names.length).toBeGreaterThan(20);
  for (const r of k8s.resources.filter((x) => x.type.startsWith("kubernetes:") && kindOf(x) !== "Namespace")) {
    expect([r.name, (r.inputs.metadata as { namespace: string }).namespace]).toEqual([r.name, "lakehouse-prod"]);
  }
  expect(k8s.resources.filter((r) => r.type.startsWith("docker:") && r.type !== "docker:index/image:Image")).toEqual([]);
});

it("follows the replica settings with StatefulSets, spread over nodes, each with a PDB", () => {
  expect(spec(workload("datanode")).replicas).toBe(Number(config["lakehouse:datanodes"]));
  expect(spec(workload("spark-worker")).replicas).toBe(Number(config["lakehouse:sparkWorkers"]));
  const replicated = workloads().filter((w) => (spec(w).replicas ?? 1) > 1).map((w) => (w.inputs.metadata as { name: string }).name).sort();
  expect(replicated).toEqual(["datanode", "spark-worker"]);
  for (const name of replicated) {
    expect(kindOf(workload(name))).toBe("StatefulSet");
    expect(spec(workload(name)).template.spec.affinity.podAntiAffinity.requiredDuringSchedulingIgnoredDuringExecution).toHaveLength(1);
  }
  expect(ofKind("PodDisruptionBudget").map((p) => [(p.inputs.metadata as { name: string }).name, spec(p).maxUnavailable]).sort()).toEqual([
    ["datanode", 1],
    ["spark-worker", 1],
  ]);
});

it("sizes claims from lakehouse:kubernetes.volumeGb on the configured storage class", () => {
  const claim = spec(workload("datanode")).volumeClaimTemplates[0].spec;
  expect(claim).toEqual({ accessModes: ["ReadWriteOnce"], storageClassName: "standard", resources: { requests: { storage: "200Gi" } } });
  expect(spec(workload("kafka")).volumeClaimTemplates[0].spec.resources.requests.storage).toBe("50Gi");
  expect(ofKind("PersistentVolumeClaim").map((c) => spec(c).storageClassName)).toEqual(["nfs-rwx", "nfs-rwx"]);
});

it("probes every long-running service three ways and no job", () => {
  for (const w of workloads()) {
    const c = container(w);
    const probes = ["startupProbe", "readinessProbe", "livenessProbe"].filter((p) => c[p] !== undefined);
    expect([w.name, probes.length]).toEqual([w.name, kindOf(w) === "Job" ? 0 : 3]);
  }
});

it("admits traffic only by the architecture's layer rules and the Power BI port from outside", () => {
  const policies = Object.fromEntries(ofKind("NetworkPolicy").map((p) => [(p.inputs.metadata as { name: string }).name, spec(p)]));
  expect(Object.keys(policies).sort()).toEqual(["default-deny-ingress", "layer-batch", "layer-datascience", "layer-storage", "layer-streaming", "spark-thrift-public"]);
  // Notebook kernels are Spark drivers: the workers' executors connect back to them, and nothing else does.
  expect(policies["layer-datascience"].ingress[0].from[0].podSelector.matchExpressions[0].values).toEqual(["datascience", "batch"]);
  expect(policies["default-deny-ingress"]).toEqual({ podSelector: {}, policyTypes: ["Ingress"] });
  expect(policies["layer-streaming"].ingress[0].from[0].podSelector.matchExpressions[0].values).toEqual(["streaming", "batch", "observability"]);
  expect(policies["spark-thrift-public"].ingress).toEqual([{ ports: [{ port: 10004, protocol: "TCP" }] }]);
  const lb = ofKind("Service").filter((s) => spec(s).type === "LoadBalancer");
  expect(lb.map((s) => [(s.inputs.metadata as { name: string }).name, spec(s).ports.map((p: { port: number }) => p.port)])).toEqual([["spark-thrift-public", [10004]]]);
});

it("pins every pod to the configured architecture and pulls built images from the registry", () => {
  for (const w of workloads()) expect(spec(w).template.spec.nodeSelector).toEqual({ "kubernetes.io/arch": "amd64" });
  const built = workloads().map((w) => container(w).image as string).filter((i) => i.includes("lakehouse/"));
  expect(new Set(built.map((i) => i.replace(/:.*/, "")))).toEqual(
    new Set(["registry.example.com/lakehouse/spark", "registry.example.com/lakehouse/airflow", "registry.example.com/lakehouse/hive-metastore", "registry.example.com/lakehouse/jupyter", "registry.example.com/lakehouse/kafka"]),
  );
});

it("keeps every generated secret out of ConfigMaps, env literals and outputs, and marked secret elsewhere", () => {
  const secrets = k8s.secretValues;
  expect(secrets.length).toBeGreaterThan(5);
  const contains = (v: unknown) => secrets.some((s) => JSON.stringify(unwrapSecrets(v)).includes(s));
  expect(ofKind("ConfigMap").filter((c) => contains(c.raw)).map((c) => c.name)).toEqual([]);
  const literals = workloads().flatMap((w) => (container(w).env as { name: string; value?: string }[]).filter((e) => e.value !== undefined && contains(e.value)).map((e) => `${w.name} ${e.name}`));
  expect(literals).toEqual([]);
  expect(contains(outputs)).toBe(false);
  expect(outputs.airflowAdmin).toEqual({ user: "admin", password: "[secret]" });
  expect(k8s.plaintextSecretLeaks()).toEqual([]);
  // The secrets do reach the pods: through the Secrets.
  expect(ofKind("Secret").some((s) => contains(s.raw))).toBe(true);
});

it("agrees with the Docker rendering on image, command, environment keys and ports", () => {
  for (const c of docker.containers()) {
    const w = workload(c.name.replace(/-\d+$/, ""));
    const k = container(w);
    const tail = (ref: string) => ref.split("/").pop();
    const envKeys = ((c.inputs.envs as string[] | undefined) ?? []).map((e) => e.slice(0, e.indexOf("="))).sort();
    const kEnvKeys = (k.env as { name: string }[]).map((e) => e.name).filter((n) => n !== POD_NAME_ENV).sort();
    expect([c.name, tail(k.image)]).toEqual([c.name, tail(c.inputs.image as string)]);
    expect([c.name, envKeys]).toEqual([c.name, kEnvKeys]);
    // Spark's Kubernetes scheduler adds settings (`--conf` pairs) to the streaming drivers' spark-submit; the rest agrees.
    const dockerArgs = (c.inputs.command as string[] | undefined) ?? [];
    const kArgs = (k.args ?? []) as string[];
    expect([c.name, (k.command ?? []).length, withoutConf(kArgs).length]).toEqual([
      c.name,
      ((c.inputs.entrypoints as string[] | undefined) ?? []).length,
      withoutConf(dockerArgs).length,
    ]);
    expect([c.name, confKeys(dockerArgs).filter((key) => !confKeys(kArgs).includes(key))]).toEqual([c.name, []]);
    const kPorts = (k.ports as { containerPort: number }[]).map((p) => p.containerPort);
    for (const p of (c.inputs.ports as { internal: number }[] | undefined) ?? []) expect([c.name, kPorts]).toEqual([c.name, expect.arrayContaining([p.internal])]);
  }
});

it("exports in-cluster addresses and the Power BI endpoint on the LoadBalancer", () => {
  expect(outputs.kafkaBootstrap).toBe("kafka.lakehouse-prod.svc.cluster.local:9092");
  expect((outputs.urls as Record<string, string>).airflow).toBe("http://airflow-api-server.lakehouse-prod.svc.cluster.local:8080");
  expect(outputs.powerBi).toMatchObject({ server: "http://bi.example.com:10004/cliservice", protocol: "HTTP" });
});
