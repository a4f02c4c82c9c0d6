/** The pure plan of Spark on Kubernetes (components/platform/k8s-spark.ts) and the pod identity it implies. */
import { K8S_MASTER, clientDriverConf, k8sSparkConnection, secretKey, sparkK8sConf } from "../../components/platform/k8s-spark";
import { podTemplate, type KubernetesSettings } from "../../components/platform/k8s-plan";
import { REPLICA_NAME, type ServiceSpec } from "../../components/platform/service";

const plan = { namespace: "ns", image: "reg/spark:abc", executors: 4, arch: "arm64", uploadPath: "hdfs://nn:9000/w/_up", hdfsUser: "spark" };

it("addresses the API server as pods reach it, and as the Airflow connection splits it", () => {
  expect(K8S_MASTER).toBe("k8s://https://kubernetes.default.svc:443");
  const c = k8sSparkConnection("ns");
  expect(`${c.host}:${c.port}`).toBe(K8S_MASTER);
  expect(c.extra).toEqual({ "deploy-mode": "cluster", namespace: "ns" });
});

it.each<[string, string[], Record<string, string | undefined>]>([
  ["no secrets", [], { "spark.kubernetes.driver.secretKeyRef.X_PASSWORD": undefined }],
  ["a driver secret by reference", ["X_PASSWORD"], { "spark.kubernetes.driver.secretKeyRef.X_PASSWORD": "spark-job-secrets:x-password" }],
])("settings of an application with %s", (_, secrets, expected) => {
  const conf = sparkK8sConf(plan, "batch", secrets);
  expect(conf).toMatchObject({
    "spark.kubernetes.namespace": "ns",
    "spark.kubernetes.container.image": "reg/spark:abc",
    "spark.executor.instances": "4",
    "spark.kubernetes.node.selector.kubernetes.io/arch": "arm64",
    "spark.kubernetes.driver.label.lakehouse/layer": "batch",
    "spark.kubernetes.executor.label.lakehouse/layer": "batch",
    "spark.kubernetes.file.upload.path": "hdfs://nn:9000/w/_up",
  });
  for (const [k, v] of Object.entries(expected)) expect([k, conf[k]]).toEqual([k, v]);
  // No secret value, only references.
  expect(Object.keys(conf).filter((k) => k.startsWith("spark.kubernetes.driverEnv.")).sort()).toEqual(["spark.kubernetes.driverEnv.HADOOP_USER_NAME"]);
});

it("names Secret keys as Kubernetes allows (lowercase, '-')", () => {
  expect(secretKey("SOME_DB_PASSWORD")).toBe("some-db-password");
});

it("reaches a client-mode driver through its headless Service and names its pod", () => {
  expect(clientDriverConf("streaming-x", REPLICA_NAME)).toEqual({ "spark.driver.host": "streaming-x-headless", "spark.kubernetes.driver.pod.name": REPLICA_NAME });
});

describe("pod identity", () => {
  const settings: KubernetesSettings = { namespace: "ns", arch: "arm64", volumeGb: { default: 10 }, sharedVolumeGb: 5, antiAffinity: "preferred" };
  const base: ServiceSpec = { name: "svc", layer: "batch", image: "postgres:18.1", memoryMb: 128, restart: "always" };
  it.each<[string, Partial<ServiceSpec>, object]>([
    ["a Spark submitter runs as the Spark service account", { submitsSpark: true }, { serviceAccountName: "spark", automountServiceAccountToken: true }],
    ["any other pod gets no API token", {}, { automountServiceAccountToken: false }],
  ])("%s", (_, spec, expected) => {
    const pod = podTemplate({ ...base, ...spec }, settings).spec as Record<string, unknown>;
    expect({ serviceAccountName: pod.serviceAccountName, automountServiceAccountToken: pod.automountServiceAccountToken }).toEqual({ serviceAccountName: undefined, ...expected });
  });
});
