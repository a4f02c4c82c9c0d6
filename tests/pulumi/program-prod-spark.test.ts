/**
 * Spark on Kubernetes in the prod stack, under mocks: the Spark service account, its Role and binding; Airflow
 * submitting in cluster mode (connection and spark-defaults.conf) as that account; the streaming drivers as client-mode
 * drivers whose executors are pods; executors scaled by `lakehouse:sparkExecutors`; secrets only by reference. The same
 * settings are handed to a real spark-submit against a real API server by scripts/tests.d/48-k8s-dry-run.sh.
 */
import * as path from "path";
import { MockHarness, unwrapSecrets, type RecordedResource } from "./harness";
import { deployProgram } from "./program";
import { stackConfig } from "../../cli/deploy/evaluate";
import { airflowConnectionEnv, runtime, storage } from "../../contracts";
import { POD_NAME_ENV } from "../../components/platform/k8s-plan";

const REPO = path.resolve(__dirname, "..", "..");
const prod = new MockHarness({ stack: "prod", config: stackConfig(REPO, "prod") });
const scaled = new MockHarness({ stack: "prod", config: stackConfig(REPO, "prod", { "lakehouse:sparkExecutors": "7" }) });

beforeAll(async () => {
  await deployProgram(prod);
  await deployProgram(scaled);
}, 180_000);

/* eslint-disable @typescript-eslint/no-explicit-any */
const kindOf = (r: RecordedResource) => r.type.split(":").pop()!;
const named = (h: MockHarness, kind: string, name: string) =>
  h.resources.find((r) => r.type.startsWith("kubernetes:") && kindOf(r) === kind && (r.inputs.metadata as { name: string }).name === name)!;
const podSpec = (h: MockHarness, name: string): any => {
  const w = h.resources.find((r) => ["Deployment", "StatefulSet", "Job", "DaemonSet"].includes(kindOf(r)) && (r.inputs.metadata as { name: string }).name === name);
  return (w!.inputs.spec as any).template.spec;
};
/** The scheduler's spark-defaults.conf as a map, from its ConfigMap. */
function schedulerSparkDefaults(h: MockHarness): Record<string, string> {
  const data = named(h, "ConfigMap", "airflow-scheduler-files").inputs.data as Record<string, string>;
  const key = Object.keys(data).find((k) => k.endsWith("spark-defaults.conf"))!;
  return Object.fromEntries(
    data[key]
      .split("\n")
      .filter((l) => l && !l.startsWith("#"))
      .map((l) => [l.slice(0, l.indexOf(" ")), l.slice(l.indexOf(" ") + 1)]),
  );
}
const streamingArgs = (h: MockHarness, job: string): string[] => podSpec(h, `streaming-${job}`).containers[0].args;
const confOf = (args: string[]) => Object.fromEntries(args.flatMap((a, i) => (args[i - 1] === "--conf" ? [[a.slice(0, a.indexOf("=")), a.slice(a.indexOf("=") + 1)]] : [])));

it("creates the Spark service account with a Role of exactly the verbs spark-submit and drivers use", () => {
  const sa = runtime.kubernetes.sparkServiceAccount;
  expect(named(prod, "ServiceAccount", sa).inputs.metadata).toMatchObject({ name: sa, namespace: "lakehouse-prod" });
  expect(named(prod, "Role", sa).inputs.rules).toEqual([
    { apiGroups: [""], resources: ["pods"], verbs: ["create", "get", "list", "watch", "delete", "deletecollection"] },
    { apiGroups: [""], resources: ["services"], verbs: ["create", "get", "patch", "delete"] },
    { apiGroups: [""], resources: ["configmaps"], verbs: ["create", "get", "list", "patch", "delete", "deletecollection"] },
    { apiGroups: [""], resources: ["persistentvolumeclaims"], verbs: ["create", "get", "list", "delete", "deletecollection"] },
    { apiGroups: ["networking.k8s.io"], resources: ["networkpolicies"], verbs: ["create", "get", "patch", "delete"] },
  ]);
  const binding = named(prod, "RoleBinding", sa).inputs;
  expect([binding.roleRef, binding.subjects]).toEqual([
    { apiGroup: "rbac.authorization.k8s.io", kind: "Role", name: sa },
    [{ kind: "ServiceAccount", name: sa, namespace: "lakehouse-prod" }],
  ]);
});

it("runs only the pods that submit Spark applications as that account; no other pod gets an API token", () => {
  const workloads = prod.resources.filter((r) => ["Deployment", "StatefulSet", "Job", "DaemonSet"].includes(kindOf(r)));
  const accounts = workloads.map((w) => {
    const spec = (w.inputs.spec as any).template.spec;
    return [(w.inputs.metadata as { name: string }).name, spec.serviceAccountName ?? null, spec.automountServiceAccountToken];
  });
  expect(accounts.filter(([, sa]) => sa !== null).sort()).toEqual([
    ["airflow-scheduler", "spark", true],
    ["streaming-accesslog", "spark", true],
    ["streaming-clickstream", "spark", true],
  ]);
  expect(accounts.filter(([, sa]) => sa === null).every(([, , mount]) => mount === false)).toBe(true);
});

it("points Airflow's spark connection at the in-cluster API server in cluster mode, in the stack's namespace", () => {
  // Connections are Outputs, so the platform keeps them in the scheduler's Secret.
  const secret = unwrapSecrets(named(prod, "Secret", "airflow-scheduler-secrets").inputs.stringData) as Record<string, string>;
  expect(JSON.parse(secret[`env.${airflowConnectionEnv(runtime.airflow.connections.spark)}`])).toEqual({
    conn_type: "spark",
    host: `k8s://https://${runtime.kubernetes.apiServerHost}`,
    port: runtime.kubernetes.apiServerPort,
    extra: { "deploy-mode": "cluster", namespace: "lakehouse-prod" },
  });
});

it("gives the task drivers the Kubernetes scheduler's settings, with the JDBC password by Secret reference only", () => {
  const conf = schedulerSparkDefaults(prod);
  expect(conf).toMatchObject({
    "spark.master": "k8s://https://kubernetes.default.svc:443",
    "spark.submit.deployMode": "cluster",
    "spark.kubernetes.namespace": "lakehouse-prod",
    "spark.kubernetes.authenticate.driver.serviceAccountName": "spark",
    "spark.executor.instances": "3",
    "spark.kubernetes.node.selector.kubernetes.io/arch": "amd64",
    "spark.kubernetes.driver.label.lakehouse/layer": "batch",
    "spark.kubernetes.executor.label.lakehouse/layer": "batch",
    "spark.kubernetes.driverEnv.HADOOP_USER_NAME": "spark",
    "spark.kubernetes.file.upload.path": `hdfs://namenode:9000/lakehouse/${storage.paths.sparkUploads}`,
    [`spark.kubernetes.driver.secretKeyRef.${runtime.env.jdbcPassword}`]: "spark-job-secrets:lakehouse-jdbc-password",
  });
  expect(conf["spark.kubernetes.container.image"]).toMatch(/^registry\.example\.com\/lakehouse\/spark:/);
  // The standalone cluster's client-mode settings are gone: the driver is a pod of its own.
  expect(Object.keys(conf).filter((k) => ["spark.driver.host", "spark.cores.max", "spark.driver.extraClassPath"].includes(k))).toEqual([]);
  const secret = named(prod, "Secret", "spark-job-secrets").inputs.stringData as Record<string, unknown>;
  expect(Object.keys(unwrapSecrets(secret) as object)).toEqual(["lakehouse-jdbc-password"]);
  expect(prod.secretValues).toContain((unwrapSecrets(secret) as Record<string, string>)["lakehouse-jdbc-password"]);
});

it("runs the streaming drivers in client mode on the Kubernetes scheduler, owning their executor pods", () => {
  for (const job of ["clickstream", "accesslog"]) {
    const args = streamingArgs(prod, job);
    expect(args[args.indexOf("--master") + 1]).toBe("k8s://https://kubernetes.default.svc:443");
    expect(args[args.indexOf("--deploy-mode") + 1]).toBe("client");
    expect(confOf(args)).toMatchObject({
      "spark.driver.host": `streaming-${job}-headless`,
      "spark.kubernetes.driver.pod.name": `$(${POD_NAME_ENV})`,
      "spark.kubernetes.namespace": "lakehouse-prod",
      "spark.executor.instances": "3",
      "spark.kubernetes.executor.label.lakehouse/layer": "streaming",
    });
    expect(Object.keys(confOf(args)).filter((k) => k === "spark.master" || k.includes("secretKeyRef"))).toEqual([]);
    expect(podSpec(prod, `streaming-${job}`).containers[0].env[0]).toEqual({ name: POD_NAME_ENV, valueFrom: { fieldRef: { fieldPath: "metadata.name" } } });
  }
});

it("scales every application's executors with lakehouse:sparkExecutors", () => {
  expect(schedulerSparkDefaults(scaled)["spark.executor.instances"]).toBe("7");
  expect(confOf(streamingArgs(scaled, "clickstream"))["spark.executor.instances"]).toBe("7");
});
