/**
 * Config slice of the streaming layer (Kafka, topics, Redpanda Console, NiFi, Cassandra, the two streaming jobs).
 * pulumi-core composes it into the one stack schema under the key `streaming`; nothing here reads pulumi.Config.
 */
import { z } from "zod";
import { kafka } from "../contracts";

/** A host port to publish a UI/listener on, or `null` to keep it private to the network. */
export const hostPort = (defaultPort: number | null) =>
  z.number().int().min(1).max(65535).nullable().default(defaultPort);

const memoryMb = (def: number) => z.number().int().min(64).max(262144).default(def);

/** A JVM service: heap must leave room for off-heap memory inside the container limit. */
export const jvmService = (defaults: { memoryMb: number; heapMb: number }) =>
  z
    .object({ memoryMb: memoryMb(defaults.memoryMb), heapMb: z.number().int().min(64).default(defaults.heapMb) })
    .strict()
    .default({})
    .superRefine((v, ctx) => {
      if (v.heapMb > Math.floor(v.memoryMb * 0.75)) {
        ctx.addIssue({
          code: z.ZodIssueCode.custom,
          path: ["heapMb"],
          message: `heapMb ${v.heapMb} must be at most 75% of memoryMb ${v.memoryMb} (off-heap, metaspace and threads need the rest)`,
        });
      }
    });

const topicKeys = Object.keys(kafka.topics) as [string, ...string[]];

/** Per-topic overrides of the defaults in contracts/kafka.json. */
export const topicOverrideSchema = z
  .object({
    partitions: z.number().int().min(1).max(1000),
    retentionMs: z.number().int().min(-1),
    replicationFactor: z.number().int().min(1).max(5),
  })
  .partial()
  .strict();

export const topicOverridesSchema = z
  .record(z.string(), topicOverrideSchema)
  .default({})
  .superRefine((record, ctx) => {
    for (const key of Object.keys(record)) {
      if (!topicKeys.includes(key)) {
        ctx.addIssue({
          code: z.ZodIssueCode.custom,
          path: [key],
          message: `unknown topic "${key}"; allowed: ${topicKeys.join(", ")} (contracts/kafka.json)`,
        });
      }
    }
  });

export const streamingConfigSchema = z
  .object({
    kafka: z
      .object({
        broker: jvmService({ memoryMb: 1536, heapMb: 1024 }),
        /** Host port of the EXTERNAL listener (clients outside Docker, e.g. the kafkajs replayer). */
        externalHostPort: hostPort(9094),
        /** Default replication factor of our topics (one broker: 1). */
        replicationFactor: z.number().int().min(1).max(5).default(1),
      })
      .strict()
      .default({}),
    topics: topicOverridesSchema,
    console: z
      .object({ enabled: z.boolean().default(true), memoryMb: memoryMb(256), hostPort: hostPort(8088) })
      .strict()
      .default({}),
    nifi: z
      .object({
        enabled: z.boolean().default(true),
        server: jvmService({ memoryMb: 3072, heapMb: 2048 }),
        hostPort: hostPort(8443),
        username: z.string().regex(/^[a-z][a-z0-9_-]{2,31}$/).default("lakehouse"),
      })
      .strict()
      .default({}),
    cassandra: z
      .object({
        server: jvmService({ memoryMb: 3072, heapMb: 1536 }),
        /** Publish CQL on the host (Grafana and jobs reach it on the private network; off by default). */
        hostPort: hostPort(null),
        username: z.string().regex(/^[a-z][a-z0-9_]{2,31}$/).default("lakehouse"),
      })
      .strict()
      .default({}),
    jobs: z
      .object({
        /** Container limit of each streaming driver container. */
        memoryMb: memoryMb(1536),
        driverMemoryMb: z.number().int().min(256).default(768),
        executorMemoryMb: z.number().int().min(256).default(1024),
        /** Cores each streaming query may take from the cluster (leave room for batch jobs and the Thrift server). */
        coresMax: z.number().int().min(1).max(64).default(1),
        triggerSeconds: z.number().int().min(1).max(3600).default(10),
        maxOffsetsPerTrigger: z.number().int().min(1).default(10000),
        /** Maven coordinates resolved once into a persistent Ivy cache volume. */
        packages: z.array(z.string().regex(/^[\w.-]+:[\w.-]+:[\w.-]+$/)).default(["org.apache.spark:spark-sql-kafka-0-10_2.13:4.1.1"]),
      })
      .strict()
      .default({})
      .superRefine((v, ctx) => {
        if (v.driverMemoryMb > Math.floor(v.memoryMb * 0.75)) {
          ctx.addIssue({
            code: z.ZodIssueCode.custom,
            path: ["driverMemoryMb"],
            message: `driverMemoryMb ${v.driverMemoryMb} must be at most 75% of memoryMb ${v.memoryMb}`,
          });
        }
      }),
  })
  .strict()
  .default({});

export type StreamingConfig = z.infer<typeof streamingConfigSchema>;
export type TopicOverrides = z.infer<typeof topicOverridesSchema>;
