/**
 * Config slice of the Kubernetes target (`lakehouse:kubernetes`): registry, storage, exposure of the Power BI
 * endpoint, replica spreading. Read only when `lakehouse:target` is kubernetes; nothing here reads pulumi.Config.
 */
import { z } from "zod";

const dnsLabel = z.string().regex(/^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/, "a DNS label: lowercase letters, digits and '-', at most 63");
const gb = z.number().int().min(1).max(65536);

export const kubernetesConfigSchema = z
  .object({
    /** Namespace of the stack (default lakehouse-<stack>). */
    namespace: dnsLabel.optional(),
    /** Registry (and path) the three built images are pushed to, e.g. registry.example.com/lakehouse. */
    registry: z
      .string()
      .regex(/^[a-z0-9.-]+(:\d+)?(\/[a-z0-9._-]+)*$/, "a registry host with an optional path, e.g. registry.example.com/lakehouse")
      .default("localhost:5000/lakehouse"),
    /** StorageClass of each replica's own volumes (default: the cluster's default class). */
    storageClass: dnsLabel.optional(),
    /** ReadWriteMany StorageClass of the shared log volume (default: the cluster's default class). */
    sharedStorageClass: dnsLabel.optional(),
    /** Volume size in GiB per service name (`default` for the others). */
    volumeGb: z.record(z.string(), gb).default({}),
    sharedVolumeGb: gb.default(20),
    /** Replicas of one service on separate nodes: required (pods wait for a free node) or preferred. */
    antiAffinity: z.enum(["required", "preferred"]).default("preferred"),
    /** How the Thrift Server (Power BI) is reached from outside the cluster. */
    powerBi: z
      .object({
        expose: z.enum(["loadBalancer", "ingress"]).default("loadBalancer"),
        ingressClass: dnsLabel.optional(),
      })
      .strict()
      .default({}),
  })
  .strict()
  .default({});

export type KubernetesConfig = z.infer<typeof kubernetesConfigSchema>;

/** Default volume sizes (GiB): HDFS and Kafka hold the data; databases and search indexes less. */
export const DEFAULT_VOLUME_GB: Readonly<Record<string, number>> = {
  default: 10,
  datanode: 100,
  namenode: 20,
  kafka: 50,
  cassandra: 50,
  elasticsearch: 50,
};
