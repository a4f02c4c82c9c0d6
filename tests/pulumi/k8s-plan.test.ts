/** The pure Kubernetes mapping (components/platform/k8s-plan.ts), table by table. */
import * as pulumi from "@pulumi/pulumi";
import {
  POD_NAME_ENV,
  claimTemplates,
  configMapData,
  planEnv,
  podTemplate,
  probes,
  replicaHosts,
  resources,
  secretData,
  securityContext,
  workloadOf,
  type KubernetesSettings,
} from "../../components/platform/k8s-plan";
import { REPLICA_NAME, type ServiceSpec } from "../../components/platform/service";
import { bashTcpCheck, pythonHttpCheck, shellHealthcheck } from "../../components/shared/specs";

const settings: KubernetesSettings = { namespace: "ns", arch: "arm64", volumeGb: { default: 10, db: 30 }, sharedVolumeGb: 5, antiAffinity: "required", storageClass: "fast" };
const base: ServiceSpec = { name: "db", layer: "storage", image: "postgres:18.1", memoryMb: 512, restart: "always", healthcheck: bashTcpCheck(5432) };
const data = [{ name: "data", mountPath: "/var/lib/data" }];

describe("workloadOf", () => {
  it.each<[string, Partial<ServiceSpec>, string]>([
    ["a stateless service", {}, "Deployment"],
    ["a service with its own volume", { volumes: data }, "StatefulSet"],
    ["a replicated stateless service (stable ordinal names)", { replicas: 3 }, "StatefulSet"],
    ["a one-shot job", { oneShot: true, healthcheck: undefined }, "Job"],
    ["a node agent", { kind: "nodeAgent" }, "DaemonSet"],
    ["a service with a shared volume only", { volumes: [{ name: "logs", mountPath: "/logs", shared: true }] }, "Deployment"],
  ])("%s", (_, spec, kind) => expect(workloadOf({ ...base, ...spec })).toBe(kind));
});

describe("probes from the one health check", () => {
  it("maps a tcp probe natively, with the start period as the startup budget", () => {
    expect(probes(bashTcpCheck(9000))).toEqual({
      startupProbe: { tcpSocket: { port: 9000 }, periodSeconds: 15, timeoutSeconds: 10, failureThreshold: 24 },
      readinessProbe: { tcpSocket: { port: 9000 }, periodSeconds: 15, timeoutSeconds: 10, failureThreshold: 3 },
      livenessProbe: { tcpSocket: { port: 9000 }, periodSeconds: 15, timeoutSeconds: 10, failureThreshold: 20 },
    });
  });
  it.each<[string, ReturnType<typeof shellHealthcheck>, object]>([
    ["http", pythonHttpCheck("http://127.0.0.1:8974/health"), { httpGet: { port: 8974, path: "/health" } }],
    ["shell", shellHealthcheck("pg_isready -h 127.0.0.1"), { exec: { command: ["sh", "-c", "pg_isready -h 127.0.0.1"] } }],
    ["legacy CMD test", { test: ["CMD", "true"], intervalSeconds: 5, timeoutSeconds: 1, retries: 2, startPeriodSeconds: 10 }, { exec: { command: ["true"] } }],
  ])("maps %s", (_, hc, handler) => expect(probes(hc).readinessProbe).toMatchObject(handler));
  it("gives jobs no probes", () => expect(probes(undefined)).toEqual({}));
});

describe("resources and security", () => {
  it("requests what it limits for memory, and limits CPU only when the spec does", () => {
    expect(resources({ memoryMb: 2048 })).toEqual({ requests: { memory: "2048Mi", cpu: "100m" }, limits: { memory: "2048Mi" } });
    expect(resources({ memoryMb: 1024, cpus: 4 })).toEqual({ requests: { memory: "1024Mi", cpu: "4" }, limits: { memory: "1024Mi", cpu: "4" } });
  });
  it("runs as the spec's numeric user, and refuses names", () => {
    expect(securityContext({ user: "0:0" })).toEqual({ runAsUser: 0, runAsGroup: 0 });
    expect(() => securityContext({ user: "spark" })).toThrow('user "spark": Kubernetes needs numeric uid[:gid]');
  });
});

describe("secrets never leave the Secret", () => {
  const spec: ServiceSpec = {
    ...base,
    env: { PLAIN: "x", PASSWORD: pulumi.secret("s3cret"), HOST: pulumi.output("db") },
    files: [
      { path: "/etc/app/app.conf", content: "a=1" },
      { path: "/etc/app/creds.xml", content: "pw", secret: true },
      { path: "/opt/jobs/jobs.zip", content: "UEsDBA==", encoding: "base64" },
    ],
  };
  it("keeps literals in the pod and puts every Output env value in the Secret", () => {
    expect(planEnv(spec)).toEqual({ literal: ["PLAIN"], secret: ["HOST", "PASSWORD"] });
    expect(Object.keys(secretData(spec)!).sort()).toEqual(["01-creds.xml", "env.HOST", "env.PASSWORD"]);
  });
  it("puts plain and binary files into the ConfigMap, never the secret file", () => {
    expect(configMapData(spec)).toEqual({ data: { "00-app.conf": "a=1" }, binaryData: { "02-jobs.zip": "UEsDBA==" } });
  });
  it("refers to secret env values by secretKeyRef and mounts files by subPath", () => {
    const c = podTemplate(spec, settings).spec.containers[0];
    expect(c.env).toEqual([
      { name: "PLAIN", value: "x" },
      { name: "HOST", valueFrom: { secretKeyRef: { name: "db-secrets", key: "env.HOST" } } },
      { name: "PASSWORD", valueFrom: { secretKeyRef: { name: "db-secrets", key: "env.PASSWORD" } } },
    ]);
    expect(c.volumeMounts).toEqual([
      { name: "files", mountPath: "/etc/app/app.conf", subPath: "00-app.conf", readOnly: true },
      { name: "files", mountPath: "/opt/jobs/jobs.zip", subPath: "02-jobs.zip", readOnly: true },
      { name: "secret-files", mountPath: "/etc/app/creds.xml", subPath: "01-creds.xml", readOnly: true },
    ]);
  });
});

describe("replicas", () => {
  const replicated: ServiceSpec = { ...base, name: "datanode", replicas: 3, volumes: data, env: { LOG: `/logs/${REPLICA_NAME}.log` } };
  it("addresses each replica by its stable pod name under the headless Service", () => {
    expect(replicaHosts(replicated)).toEqual(["datanode-0.datanode-headless", "datanode-1.datanode-headless", "datanode-2.datanode-headless"]);
    expect(replicaHosts(base)).toEqual(["db"]);
  });
  it("spreads replicas over nodes as configured, and leaves single pods alone", () => {
    const term = { labelSelector: { matchLabels: { "app.kubernetes.io/name": "datanode" } }, topologyKey: "kubernetes.io/hostname" };
    expect(podTemplate(replicated, settings).spec.affinity).toEqual({ podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [term] } });
    expect(podTemplate(replicated, { ...settings, antiAffinity: "preferred" }).spec.affinity).toEqual({
      podAntiAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 100, podAffinityTerm: term }] },
    });
    expect(podTemplate(base, settings).spec.affinity).toBeUndefined();
  });
  it("rewrites the replica name as the pod's own name", () => {
    const env = podTemplate(replicated, settings).spec.containers[0].env;
    expect(env).toEqual([
      { name: POD_NAME_ENV, valueFrom: { fieldRef: { fieldPath: "metadata.name" } } },
      { name: "LOG", value: `/logs/$(${POD_NAME_ENV}).log` },
    ]);
  });
  it("sizes each replica's claim by service, on the configured storage class", () => {
    expect(claimTemplates(replicated, settings)).toEqual([
      { metadata: { name: "v-data" }, spec: { accessModes: ["ReadWriteOnce"], storageClassName: "fast", resources: { requests: { storage: "10Gi" } } } },
    ]);
    expect(claimTemplates({ ...base, volumes: data }, settings)[0].spec.resources.requests.storage).toBe("30Gi");
  });
  it("pins pods to the platform's architecture", () => expect(podTemplate(base, settings).spec.nodeSelector).toEqual({ "kubernetes.io/arch": "arm64" }));
});
