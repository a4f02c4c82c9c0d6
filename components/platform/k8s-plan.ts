/**
 * Pure planning for the Kubernetes target: how a `ServiceSpec` becomes a pod template, a workload, Services,
 * ConfigMaps and Secrets. No resources here, so every rule has table-driven tests; `kubernetes.ts` only wires them.
 * Secret material (files marked secret, and every env value that is an Output, since secretness of an Output is only
 * known later) goes into the service's Secret, never into a ConfigMap or an env literal.
 */
import * as pulumi from "@pulumi/pulumi";
import { runtime } from "../../contracts";
import {
  REPLICA_NAME,
  isJob,
  probeOf,
  replicasOf,
  workloadKind,
  type FileSpec,
  type HealthcheckSpec,
  type ServiceSpec,
  type WorkloadKind,
} from "./service";

/** Label keys every object carries; the selector uses the service name only. */
export const LABELS = { name: "app.kubernetes.io/name", partOf: "app.kubernetes.io/part-of", layer: "lakehouse/layer" } as const;
export const PART_OF = "lakehouse";
/** Environment variable holding the pod's own name (the `REPLICA_NAME` of a replica); only Kubernetes reads it, to expand `$(K8S_POD_NAME)`. */
export const POD_NAME_ENV = "K8S_POD_NAME";

export interface KubernetesSettings {
  /** Namespace of the stack (one per stack). */
  readonly namespace: string;
  /** `kubernetes.io/arch` of the nodes pods run on ("arm64" or "amd64"). */
  readonly arch: string;
  /** StorageClass of per-replica volumes (undefined: the cluster default). */
  readonly storageClass?: string;
  /** StorageClass of volumes several services share (ReadWriteMany; undefined: the cluster default). */
  readonly sharedStorageClass?: string;
  /** Size (GiB) of each service's own volumes, by service name; `default` for the rest. */
  readonly volumeGb: Readonly<Record<string, number>> & { readonly default: number };
  /** Size (GiB) of each shared volume. */
  readonly sharedVolumeGb: number;
  /** Spread replicas over nodes: "required" (a node holds at most one replica) or "preferred". */
  readonly antiAffinity: "required" | "preferred";
}

/** Kubernetes workload kind per service kind; replicated services get StatefulSets (stable ordinal names). */
export function workloadOf(spec: ServiceSpec): "StatefulSet" | "Deployment" | "Job" | "DaemonSet" {
  const kind: WorkloadKind = workloadKind(spec);
  if (kind === "job") return "Job";
  if (kind === "nodeAgent") return "DaemonSet";
  return kind === "stateful" || replicasOf(spec) > 1 ? "StatefulSet" : "Deployment";
}

export function labelsOf(spec: Pick<ServiceSpec, "name" | "layer">): Record<string, string> {
  return { [LABELS.name]: spec.name, [LABELS.partOf]: PART_OF, [LABELS.layer]: spec.layer };
}

/** Name of the governing headless Service of a StatefulSet: its pods are `<service>-<n>.<service>-headless`. */
export const headlessName = (service: string) => `${service}-headless`;

/** Host of each replica inside the namespace, in ordinal order. */
export function replicaHosts(spec: ServiceSpec): string[] {
  if (workloadOf(spec) !== "StatefulSet") return [spec.name];
  return Array.from({ length: replicasOf(spec) }, (_, i) => `${spec.name}-${i}.${headlessName(spec.name)}`);
}

/** ConfigMap/Secret key of the i-th file (keys allow letters, digits, '-', '_' and '.'). */
export function fileKey(index: number, file: FileSpec): string {
  const base = file.path.split("/").pop() ?? "file";
  return `${String(index).padStart(2, "0")}-${base.replace(/[^A-Za-z0-9._-]/g, "_")}`.slice(0, 253);
}

/** Secret key of an env value. */
export const envKey = (name: string) => `env.${name.replace(/[^A-Za-z0-9._-]/g, "_")}`;

/** A value with `REPLICA_NAME` rewritten as Kubernetes' `$(VAR)` reference to the pod's own name. */
function podValue(value: pulumi.Input<string>): pulumi.Input<string> {
  return typeof value === "string" ? value.split(REPLICA_NAME).join(`$(${POD_NAME_ENV})`) : value;
}

/** Files split by where they go: plain text and binary into the ConfigMap, secret files into the Secret. */
export function planFiles(spec: ServiceSpec) {
  const files = (spec.files ?? []).map((file, i) => ({ file, key: fileKey(i, file) }));
  return {
    configText: files.filter(({ file }) => !file.secret && file.encoding !== "base64"),
    configBinary: files.filter(({ file }) => !file.secret && file.encoding === "base64"),
    secret: files.filter(({ file }) => file.secret),
  };
}

/** Env split: string literals stay in the pod spec, Outputs go into the Secret. */
export function planEnv(spec: ServiceSpec) {
  const env = spec.env ?? {};
  const keys = Object.keys(env).sort();
  return {
    literal: keys.filter((k) => typeof env[k] === "string"),
    secret: keys.filter((k) => typeof env[k] !== "string"),
  };
}

export const configMapName = (service: string) => `${service}-files`;
export const secretName = (service: string) => `${service}-secrets`;
export const sharedClaimName = (volume: string) => `shared-${volume}`;

/** Data of the service's Secret (undefined: it needs none). */
export function secretData(spec: ServiceSpec): Record<string, pulumi.Input<string>> | undefined {
  const env = planEnv(spec);
  const files = planFiles(spec);
  const data: Record<string, pulumi.Input<string>> = {};
  for (const k of env.secret) data[envKey(k)] = spec.env![k];
  for (const { file, key } of files.secret) data[key] = file.content;
  return Object.keys(data).length > 0 ? data : undefined;
}

/** Data of the service's ConfigMap (undefined: no plain files). */
export function configMapData(spec: ServiceSpec) {
  const files = planFiles(spec);
  if (files.configText.length + files.configBinary.length === 0) return undefined;
  return {
    data: Object.fromEntries(files.configText.map(({ file, key }) => [key, file.content])),
    binaryData: Object.fromEntries(files.configBinary.map(({ file, key }) => [key, file.content])),
  };
}

/** Readiness, liveness and startup probes from the one health check: the start period becomes the startup budget. */
export function probes(hc: HealthcheckSpec | undefined) {
  if (!hc) return {};
  const p = probeOf(hc);
  const handler =
    "exec" in p
      ? { exec: { command: p.shell ? ["sh", "-c", p.exec.join(" ")] : [...p.exec] } }
      : "tcp" in p
        ? { tcpSocket: { port: p.tcp.port } }
        : { httpGet: { port: p.http.port, path: p.http.path } };
  const timing = { periodSeconds: hc.intervalSeconds, timeoutSeconds: hc.timeoutSeconds };
  return {
    startupProbe: { ...handler, ...timing, failureThreshold: Math.ceil(hc.startPeriodSeconds / hc.intervalSeconds) + hc.retries },
    readinessProbe: { ...handler, ...timing, failureThreshold: 3 },
    livenessProbe: { ...handler, ...timing, failureThreshold: hc.retries },
  };
}

/** Requests equal limits for memory (what Docker's hard limit meant); CPU is limited only when the spec sets it. */
export function resources(spec: Pick<ServiceSpec, "memoryMb" | "cpus">) {
  const memory = `${spec.memoryMb}Mi`;
  return {
    requests: { memory, cpu: spec.cpus !== undefined ? String(spec.cpus) : "100m" },
    limits: { memory, ...(spec.cpus !== undefined ? { cpu: String(spec.cpus) } : {}) },
  };
}

/** "uid:gid" or "uid" as a security context. */
export function securityContext(spec: Pick<ServiceSpec, "user" | "privileged">) {
  const ctx: Record<string, unknown> = {};
  if (spec.user !== undefined) {
    const [uid, gid] = spec.user.split(":");
    if (!/^\d+$/.test(uid) || (gid !== undefined && !/^\d+$/.test(gid))) throw new Error(`user "${spec.user}": Kubernetes needs numeric uid[:gid]`);
    ctx.runAsUser = Number(uid);
    if (gid !== undefined) ctx.runAsGroup = Number(gid);
  }
  if (spec.privileged) ctx.privileged = true;
  return Object.keys(ctx).length > 0 ? ctx : undefined;
}

const volumeName = (role: string) => `v-${role}`.replace(/[^a-z0-9-]/g, "-").slice(0, 63);

/** Own volumes: claim templates of a StatefulSet (or emptyDir for other kinds, which keep no data). */
export function claimTemplates(spec: ServiceSpec, s: KubernetesSettings) {
  if (workloadOf(spec) !== "StatefulSet") return [];
  const gb = s.volumeGb[spec.name] ?? s.volumeGb.default;
  return (spec.volumes ?? [])
    .filter((v) => !v.shared)
    .map((v) => ({
      metadata: { name: volumeName(v.name) },
      spec: {
        accessModes: ["ReadWriteOnce"],
        ...(s.storageClass ? { storageClassName: s.storageClass } : {}),
        resources: { requests: { storage: `${gb}Gi` } },
      },
    }));
}

/** The pod template every workload kind shares (one builder for services and jobs). */
export function podTemplate(spec: ServiceSpec, s: KubernetesSettings) {
  const env = planEnv(spec);
  const files = planFiles(spec);
  const workload = workloadOf(spec);
  const usesPodName = [...Object.values(spec.env ?? {}), ...(spec.command ?? []), ...(spec.entrypoint ?? [])].some(
    (v) => typeof v === "string" && v.includes(REPLICA_NAME),
  );
  const containerEnv = [
    ...(usesPodName ? [{ name: POD_NAME_ENV, valueFrom: { fieldRef: { fieldPath: "metadata.name" } } }] : []),
    ...env.literal.map((name) => ({ name, value: podValue(spec.env![name]) })),
    ...env.secret.map((name) => ({ name, valueFrom: { secretKeyRef: { name: secretName(spec.name), key: envKey(name) } } })),
  ];
  const fileMounts = [
    ...[...files.configText, ...files.configBinary].map(({ file, key }) => ({ name: "files", mountPath: file.path, subPath: key, readOnly: true })),
    ...files.secret.map(({ file, key }) => ({ name: "secret-files", mountPath: file.path, subPath: key, readOnly: true })),
  ];
  const ownVolumes = (spec.volumes ?? []).filter((v) => !v.shared);
  const sharedVolumes = (spec.volumes ?? []).filter((v) => v.shared);
  const volumes = [
    ...(files.configText.length + files.configBinary.length > 0
      ? [{ name: "files", configMap: { name: configMapName(spec.name), items: [...files.configText, ...files.configBinary].map(({ file, key }) => ({ key, path: key, mode: file.mode ?? 0o644 })) } }]
      : []),
    ...(files.secret.length > 0
      ? [{ name: "secret-files", secret: { secretName: secretName(spec.name), items: files.secret.map(({ file, key }) => ({ key, path: key, mode: file.mode ?? 0o640 })) } }]
      : []),
    ...(workload === "StatefulSet" ? [] : ownVolumes.map((v) => ({ name: volumeName(v.name), emptyDir: {} }))),
    ...sharedVolumes.map((v) => ({ name: volumeName(`shared-${v.name}`), persistentVolumeClaim: { claimName: sharedClaimName(v.name) } })),
    ...(spec.hostMounts ?? []).map((m, i) => ({ name: `host-${i}`, hostPath: { path: m.hostPath } })),
  ];
  const volumeMounts = [
    ...ownVolumes.map((v) => ({ name: volumeName(v.name), mountPath: v.mountPath, ...(v.readOnly ? { readOnly: true } : {}) })),
    ...sharedVolumes.map((v) => ({ name: volumeName(`shared-${v.name}`), mountPath: v.mountPath, ...(v.readOnly ? { readOnly: true } : {}) })),
    ...(spec.hostMounts ?? []).map((m, i) => ({ name: `host-${i}`, mountPath: m.mountPath, readOnly: m.readOnly })),
    ...fileMounts,
  ];
  const replicated = replicasOf(spec) > 1;
  const selector = { [LABELS.name]: spec.name };
  const term = { labelSelector: { matchLabels: selector }, topologyKey: "kubernetes.io/hostname" };
  const affinity = replicated
    ? {
        podAntiAffinity:
          s.antiAffinity === "required"
            ? { requiredDuringSchedulingIgnoredDuringExecution: [term] }
            : { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 100, podAffinityTerm: term }] },
      }
    : undefined;
  const sc = securityContext(spec);
  return {
    metadata: { labels: labelsOf(spec) },
    spec: {
      // Only pods that submit Spark applications talk to the API server, as the Spark service account.
      ...(spec.submitsSpark ? { serviceAccountName: runtime.kubernetes.sparkServiceAccount } : {}),
      automountServiceAccountToken: spec.submitsSpark === true,
      nodeSelector: { "kubernetes.io/arch": s.arch },
      ...(affinity ? { affinity } : {}),
      ...(isJob(spec) ? { restartPolicy: spec.restart === "on-failure" ? "OnFailure" : "Never" } : {}),
      containers: [
        {
          name: spec.name,
          image: spec.image,
          ...(spec.entrypoint ? { command: spec.entrypoint.map(podValue) } : {}),
          ...(spec.command ? { args: spec.command.map(podValue) } : {}),
          env: containerEnv,
          ports: (spec.ports ?? []).map((p) => ({ name: p.name.slice(0, 15), containerPort: p.containerPort, protocol: "TCP" })),
          resources: resources(spec),
          volumeMounts,
          ...(sc ? { securityContext: sc } : {}),
          ...probes(spec.healthcheck),
        },
      ],
      volumes,
    },
  };
}

/** The client Service (ClusterIP) of a service with ports: what other services reach as `<name>`. */
export function clientService(spec: ServiceSpec) {
  if ((spec.ports ?? []).length === 0) return undefined;
  return {
    selector: { [LABELS.name]: spec.name },
    ports: spec.ports!.map((p) => ({ name: p.name.slice(0, 15), port: p.containerPort, targetPort: p.containerPort, protocol: "TCP" })),
  };
}

/**
 * The headless Service: governs a StatefulSet's pod names, and is the `<name>` address of services without declared
 * ports (DNS resolves straight to the pods, any port, as a Docker network alias does).
 */
export function headlessService(spec: ServiceSpec) {
  return {
    clusterIP: "None",
    publishNotReadyAddresses: true,
    selector: { [LABELS.name]: spec.name },
    ports: (spec.ports ?? []).map((p) => ({ name: p.name.slice(0, 15), port: p.containerPort, targetPort: p.containerPort, protocol: "TCP" })),
  };
}

/**
 * Which layers' pods may connect to a layer's pods: the architecture's connections. Everything reads storage (HDFS,
 * metastore); batch serves Airflow, Spark and the sources to batch and streaming drivers; streaming serves its own
 * layer and the dashboards; observability serves itself (Filebeat → Logstash → Elasticsearch → Kibana, Grafana →
 * Prometheus) and receives logs from every layer. Prometheus scrapes Spark, so observability reaches batch and streaming.
 * Notebook kernels (datascience) are Spark drivers: the executors on the batch layer's workers connect back to them.
 */
export const LAYER_CLIENTS: Readonly<Record<string, readonly string[]>> = {
  storage: ["storage", "batch", "streaming", "observability", "datascience"],
  batch: ["batch", "streaming", "observability", "datascience"],
  streaming: ["streaming", "batch", "observability"],
  observability: ["observability", "storage", "batch", "streaming", "datascience"],
  datascience: ["datascience", "batch"],
};

export function clientLayers(layer: string): string[] {
  return [...(LAYER_CLIENTS[layer] ?? [layer])];
}
