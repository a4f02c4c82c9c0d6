/**
 * `KubernetesPlatform`: renders `ServiceSpec`s as Kubernetes objects in one namespace per stack. What each spec
 * becomes is planned by the pure functions of `k8s-plan.ts`; this class creates the resources and the objects every
 * service shares (namespace, network policies, shared volumes).
 */
import * as pulumi from "@pulumi/pulumi";
import * as docker from "@pulumi/docker";
import * as k8s from "@pulumi/kubernetes";
import { imageBuild } from "./artifacts";
import {
  LABELS,
  PART_OF,
  claimTemplates,
  clientLayers,
  clientService,
  configMapData,
  configMapName,
  headlessName,
  headlessService,
  labelsOf,
  podTemplate,
  replicaHosts,
  secretData,
  secretName,
  sharedClaimName,
  workloadOf,
  type KubernetesSettings,
} from "./k8s-plan";
import { K8S_MASTER, SPARK_ROLE_RULES, SPARK_SECRET, clientDriverConf, k8sSparkConnection, secretKey, sparkK8sConf } from "./k8s-spark";
import { runtime } from "../../contracts";
import {
  REPLICA_NAME,
  replicasOf,
  validateSpec,
  type DeployedService,
  type ImageBuildSpec,
  type Platform,
  type ServiceSpec,
  type SparkScheduler,
  type SparkSchedulerArgs,
} from "./service";

/** How published ports (the Power BI endpoint) leave the cluster. */
export interface Exposure {
  readonly mode: "loadBalancer" | "ingress";
  /** Ingress: class name (e.g. "nginx"; undefined: the cluster default). */
  readonly ingressClass?: string;
  /** Ingress: host name of the rule (undefined: any host). */
  readonly host?: string;
}

export interface KubernetesPlatformArgs extends KubernetesSettings {
  /** Image registry the program pushes its built images to, e.g. "registry.example.com/lakehouse". */
  readonly registry: string;
  /** Container platform of the builds, e.g. "linux/arm64". */
  readonly platform: string;
  readonly exposure: Exposure;
  /** Keep per-replica volumes (PVCs of StatefulSets are never deleted by Kubernetes; shared claims follow this). */
  readonly retainDataVolumes?: boolean;
}

export class KubernetesPlatform extends pulumi.ComponentResource implements Platform {
  public readonly kind = "kubernetes" as const;
  public readonly namespace: k8s.core.v1.Namespace;
  private readonly args: KubernetesPlatformArgs;
  private readonly ns: pulumi.Output<string>;
  private readonly claims = new Map<string, k8s.core.v1.PersistentVolumeClaim>();
  private readonly layerPolicies = new Set<string>();
  private spark?: { scheduler: SparkScheduler; resources: pulumi.Resource[] };

  constructor(name: string, args: KubernetesPlatformArgs, opts?: pulumi.ComponentResourceOptions) {
    super("lakehouse:platform:KubernetesPlatform", name, {}, opts);
    this.args = args;
    this.namespace = new k8s.core.v1.Namespace(
      `${name}-namespace`,
      { metadata: { name: args.namespace, labels: { [LABELS.partOf]: PART_OF } } },
      { parent: this },
    );
    this.ns = this.namespace.metadata.name;
    // Nothing reaches a pod unless a policy below allows it.
    new k8s.networking.v1.NetworkPolicy(
      `${name}-default-deny`,
      { metadata: { name: "default-deny-ingress", namespace: this.ns }, spec: { podSelector: {}, policyTypes: ["Ingress"] } },
      { parent: this },
    );
    this.registerOutputs({ namespace: this.ns });
  }

  deploy(spec: ServiceSpec, opts: { parent: pulumi.Resource }): DeployedService {
    validateSpec(spec);
    const s = this.args;
    const parent = opts.parent;
    const meta = (name: string) => ({ name, namespace: this.ns, labels: labelsOf(spec) });
    if (spec.submitsSpark && !this.spark) throw new Error(`${spec.name}: submits Spark applications, but the platform's Spark scheduler was not created first`);
    const deps = [this.namespace, ...(spec.submitsSpark ? this.spark!.resources : []), ...(spec.dependsOn ?? []).flatMap((d) => d.resources)];
    const o = { parent, dependsOn: deps };
    this.layerPolicy(spec.layer);
    for (const v of (spec.volumes ?? []).filter((v) => v.shared)) this.sharedClaim(v.name);

    const created: pulumi.Resource[] = [];
    const cm = configMapData(spec);
    if (cm) {
      created.push(new k8s.core.v1.ConfigMap(`${spec.name}-files`, { metadata: meta(configMapName(spec.name)), data: cm.data, binaryData: cm.binaryData }, o));
    }
    const secret = secretData(spec);
    if (secret) {
      const stringData = pulumi.secret(pulumi.all(secret));
      created.push(new k8s.core.v1.Secret(`${spec.name}-secrets`, { metadata: meta(secretName(spec.name)), type: "Opaque", stringData }, o));
    }
    const workload = workloadOf(spec);
    const template = podTemplate(spec, s);
    const selector = { matchLabels: { [LABELS.name]: spec.name } };
    const wo = { parent, dependsOn: [...deps, ...created] };
    if (workload !== "Job") {
      created.push(
        new k8s.core.v1.Service(`${spec.name}-headless`, { metadata: meta(headlessName(spec.name)), spec: headlessService(spec) }, o),
      );
      const client = clientService(spec);
      if (client) created.push(new k8s.core.v1.Service(`${spec.name}-service`, { metadata: meta(spec.name), spec: client }, o));
      this.expose(spec, meta, o, created);
    }
    let main: pulumi.Resource;
    switch (workload) {
      case "StatefulSet":
        main = new k8s.apps.v1.StatefulSet(
          spec.name,
          {
            metadata: meta(spec.name),
            spec: {
              serviceName: headlessName(spec.name),
              replicas: replicasOf(spec),
              podManagementPolicy: "Parallel",
              selector,
              template,
              volumeClaimTemplates: claimTemplates(spec, s),
            },
          },
          wo,
        );
        break;
      case "Deployment":
        main = new k8s.apps.v1.Deployment(spec.name, { metadata: meta(spec.name), spec: { replicas: replicasOf(spec), selector, template } }, wo);
        break;
      case "DaemonSet":
        main = new k8s.apps.v1.DaemonSet(spec.name, { metadata: meta(spec.name), spec: { selector, template } }, wo);
        break;
      case "Job":
        main = new k8s.batch.v1.Job(spec.name, { metadata: meta(spec.name), spec: { backoffLimit: 6, template } }, wo);
        break;
    }
    if (replicasOf(spec) > 1) {
      new k8s.policy.v1.PodDisruptionBudget(`${spec.name}-pdb`, { metadata: meta(spec.name), spec: { maxUnavailable: 1, selector } }, o);
    }
    const host = pulumi.output(this.ns).apply(() => spec.name);
    return { name: spec.name, host, hosts: host.apply(() => replicaHosts(spec)), resources: [main, ...created] };
  }

  /**
   * Spark's native Kubernetes scheduler: the Spark service account, its Role (`SPARK_ROLE_RULES`) and binding, and the
   * Secret cluster-mode drivers read their secrets from. Created once; later calls return the same scheduler.
   */
  sparkScheduler(args: SparkSchedulerArgs, opts: { parent: pulumi.Resource }): SparkScheduler {
    if (this.spark) return this.spark.scheduler;
    const o = { parent: opts.parent, dependsOn: [this.namespace] };
    const name = runtime.kubernetes.sparkServiceAccount;
    const metadata = (n: string) => ({ name: n, namespace: this.ns, labels: { [LABELS.partOf]: PART_OF } });
    const account = new k8s.core.v1.ServiceAccount(`${name}-service-account`, { metadata: metadata(name) }, o);
    const role = new k8s.rbac.v1.Role(`${name}-role`, { metadata: metadata(name), rules: SPARK_ROLE_RULES.map((r) => ({ ...r })) }, o);
    const binding = new k8s.rbac.v1.RoleBinding(
      `${name}-role-binding`,
      {
        metadata: metadata(name),
        roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "Role", name },
        subjects: [{ kind: "ServiceAccount", name, namespace: this.ns }],
      },
      { ...o, dependsOn: [account, role] },
    );
    const secretEnv = Object.keys(args.driverSecrets).sort();
    const stringData = pulumi.secret(pulumi.all(Object.fromEntries(secretEnv.map((e) => [secretKey(e), args.driverSecrets[e]]))));
    const secret = new k8s.core.v1.Secret(`${SPARK_SECRET}`, { metadata: metadata(SPARK_SECRET), type: "Opaque", stringData }, o);
    const plan = { namespace: this.args.namespace, image: args.image, executors: args.executors, arch: this.args.arch, uploadPath: args.uploadPath, hdfsUser: args.hdfsUser };
    const scheduler: SparkScheduler = {
      master: K8S_MASTER,
      connection: k8sSparkConnection(this.args.namespace),
      conf: (layer, mode) => ({ ...sparkK8sConf(plan, layer, mode === "cluster" ? secretEnv : []), "spark.submit.deployMode": mode }),
      clientDriverConf: (service) => clientDriverConf(service, REPLICA_NAME),
    };
    this.spark = { scheduler, resources: [account, role, binding, secret] };
    return scheduler;
  }

  /**
   * Builds and pushes an image to the registry (the docker provider builds on the machine running `pulumi up`); the
   * tag is the content hash, as on Docker, so pods pull exactly what was built.
   */
  buildImage(spec: ImageBuildSpec, opts: { parent: pulumi.Resource }): pulumi.Output<string> {
    const image = new docker.Image(`${spec.name}-image`, { ...imageBuild(this.args.registry, spec, this.args.platform), skipPush: false }, { parent: opts.parent });
    return image.imageName;
  }

  /** Published ports leave the cluster through a LoadBalancer Service or an Ingress, with a policy admitting them. */
  private expose(spec: ServiceSpec, meta: (name: string) => object, o: pulumi.CustomResourceOptions, created: pulumi.Resource[]): void {
    const published = (spec.ports ?? []).filter((p) => p.publish !== undefined);
    if (published.length === 0) return;
    const ports = published.map((p) => ({ name: p.name.slice(0, 15), port: p.containerPort, targetPort: p.containerPort, protocol: "TCP" }));
    const { exposure } = this.args;
    if (exposure.mode === "loadBalancer") {
      created.push(
        new k8s.core.v1.Service(`${spec.name}-public`, { metadata: meta(`${spec.name}-public`), spec: { type: "LoadBalancer", selector: { [LABELS.name]: spec.name }, ports } }, o),
      );
    } else {
      const paths = published.map((p) => ({ path: "/", pathType: "Prefix", backend: { service: { name: spec.name, port: { number: p.containerPort } } } }));
      created.push(
        new k8s.networking.v1.Ingress(
          `${spec.name}-ingress`,
          {
            metadata: meta(spec.name),
            spec: {
              ...(exposure.ingressClass ? { ingressClassName: exposure.ingressClass } : {}),
              rules: [{ ...(exposure.host ? { host: exposure.host } : {}), http: { paths } }],
            },
          },
          o,
        ),
      );
    }
    new k8s.networking.v1.NetworkPolicy(
      `${spec.name}-public`,
      {
        metadata: meta(`${spec.name}-public`),
        spec: {
          podSelector: { matchLabels: { [LABELS.name]: spec.name } },
          policyTypes: ["Ingress"],
          ingress: [{ ports: published.map((p) => ({ port: p.containerPort, protocol: "TCP" })) }],
        },
      },
      o,
    );
  }

  /** Once per layer: its pods accept connections from the layers that use them (`LAYER_CLIENTS`), in this namespace only. */
  private layerPolicy(layer: string): void {
    if (this.layerPolicies.has(layer)) return;
    this.layerPolicies.add(layer);
    new k8s.networking.v1.NetworkPolicy(
      `layer-${layer}`,
      {
        metadata: { name: `layer-${layer}`, namespace: this.ns, labels: { [LABELS.partOf]: PART_OF } },
        spec: {
          podSelector: { matchLabels: { [LABELS.layer]: layer } },
          policyTypes: ["Ingress"],
          ingress: [{ from: [{ podSelector: { matchExpressions: [{ key: LABELS.layer, operator: "In", values: clientLayers(layer) }] } }] }],
        },
      },
      { parent: this, dependsOn: [this.namespace] },
    );
  }

  /** A ReadWriteMany claim several services mount (the log folder Filebeat reads), created once. */
  private sharedClaim(volume: string): void {
    if (this.claims.has(volume)) return;
    const s = this.args;
    this.claims.set(
      volume,
      new k8s.core.v1.PersistentVolumeClaim(
        `shared-${volume}`,
        {
          metadata: { name: sharedClaimName(volume), namespace: this.ns, labels: { [LABELS.partOf]: PART_OF } },
          spec: {
            accessModes: ["ReadWriteMany"],
            ...(s.sharedStorageClass ? { storageClassName: s.sharedStorageClass } : {}),
            resources: { requests: { storage: `${s.sharedVolumeGb}Gi` } },
          },
        },
        { parent: this, dependsOn: [this.namespace], retainOnDelete: s.retainDataVolumes !== false },
      ),
    );
  }
}
