/**
 * Pure plan of Spark on Kubernetes (Spark's native scheduler, no operator): the master URL, the service account and
 * the Role the program creates, and the Spark settings every application submitted in the stack's namespace carries.
 * Airflow submits batch jobs in cluster mode (each driver its own pod); the streaming drivers are long-running pods in
 * client mode (their pod is the driver, executors are pods). The Role's verbs are what spark-submit and a driver use,
 * checked against a real API server with real RBAC by scripts/tests.d/48-k8s-dry-run.sh.
 */
import * as pulumi from "@pulumi/pulumi";
import { runtime } from "../../contracts";
import { LABELS, PART_OF, headlessName } from "./k8s-plan";

const API = runtime.kubernetes;

/** `k8s://https://kubernetes.default.svc:443`: the API server as pods reach it. */
export const K8S_MASTER = `k8s://https://${API.apiServerHost}:${API.apiServerPort}`;

/** The Airflow `spark` connection that makes the Spark provider's hook submit there in cluster mode. */
export function k8sSparkConnection(namespace: string) {
  return { host: `k8s://https://${API.apiServerHost}`, port: API.apiServerPort, extra: { "deploy-mode": "cluster", namespace } };
}

/** Name of the Secret holding what cluster-mode drivers read from the environment (the JDBC password). */
export const SPARK_SECRET = "spark-job-secrets";

/**
 * The Role of the Spark service account. spark-submit creates the driver pod, then server-side applies its Service,
 * ConfigMaps and NetworkPolicy (patch) and deletes the pod if that fails; a driver creates, watches, lists and deletes its executor
 * pods, their ConfigMap and on-demand claims. Nothing else: no Secrets (drivers get them by reference), no workloads.
 */
export const SPARK_ROLE_RULES: readonly { readonly apiGroups: string[]; readonly resources: string[]; readonly verbs: string[] }[] = [
  { apiGroups: [""], resources: ["pods"], verbs: ["create", "get", "list", "watch", "delete", "deletecollection"] },
  { apiGroups: [""], resources: ["services"], verbs: ["create", "get", "patch", "delete"] },
  { apiGroups: [""], resources: ["configmaps"], verbs: ["create", "get", "list", "patch", "delete", "deletecollection"] },
  { apiGroups: [""], resources: ["persistentvolumeclaims"], verbs: ["create", "get", "list", "delete", "deletecollection"] },
  // Spark 4.2's spark-submit also server-side applies a NetworkPolicy admitting the application's pods to its driver.
  { apiGroups: ["networking.k8s.io"], resources: ["networkpolicies"], verbs: ["create", "get", "patch", "delete"] },
];

export interface SparkK8sArgs {
  readonly namespace: string;
  /** The lakehouse Spark image (drivers and executors). */
  readonly image: pulumi.Input<string>;
  /** `spark.executor.instances` of every application. */
  readonly executors: number;
  /** `kubernetes.io/arch` of the nodes. */
  readonly arch: string;
  /** Where spark-submit uploads the application and its --py-files for the driver pod (HDFS, under the warehouse). */
  readonly uploadPath: pulumi.Input<string>;
  /** The HDFS user every Spark process acts as. */
  readonly hdfsUser: string;
}

/**
 * Settings of every application of `layer`: namespace, image, service account, executors, node architecture, pod
 * labels (the layer's network policy admits driver <-> executor traffic), HDFS identity, and drivers' secrets by
 * reference to `SPARK_SECRET` (never a value in a pod spec or a command line).
 */
export function sparkK8sConf(a: SparkK8sArgs, layer: string, secretEnv: readonly string[] = []): Record<string, pulumi.Input<string>> {
  const labels = { [LABELS.layer]: layer, [LABELS.partOf]: PART_OF };
  return {
    "spark.master": K8S_MASTER,
    "spark.kubernetes.namespace": a.namespace,
    "spark.kubernetes.container.image": a.image,
    "spark.kubernetes.container.image.pullPolicy": "IfNotPresent",
    "spark.kubernetes.authenticate.driver.serviceAccountName": API.sparkServiceAccount,
    "spark.executor.instances": String(a.executors),
    "spark.kubernetes.file.upload.path": a.uploadPath,
    "spark.kubernetes.node.selector.kubernetes.io/arch": a.arch,
    ...Object.fromEntries(Object.entries(labels).flatMap(([k, v]) => [[`spark.kubernetes.driver.label.${k}`, v], [`spark.kubernetes.executor.label.${k}`, v]])),
    "spark.kubernetes.driverEnv.HADOOP_USER_NAME": a.hdfsUser,
    "spark.executorEnv.HADOOP_USER_NAME": a.hdfsUser,
    ...Object.fromEntries(secretEnv.map((name) => [`spark.kubernetes.driver.secretKeyRef.${name}`, `${SPARK_SECRET}:${secretKey(name)}`])),
  };
}

/** Key of an environment variable in `SPARK_SECRET`. */
export const secretKey = (env: string) => env.toLowerCase().replace(/_/g, "-");

/**
 * A client-mode driver running as the pod of service `service` (the streaming drivers): executors reach it through
 * the service's headless Service, and its pod (named by `podName`) owns the executor pods, which Kubernetes removes
 * with it.
 */
export function clientDriverConf(service: string, podName: string): Record<string, string> {
  return {
    "spark.driver.host": headlessName(service),
    "spark.kubernetes.driver.pod.name": podName,
  };
}
