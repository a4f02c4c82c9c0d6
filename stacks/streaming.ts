/**
 * Config slice of the streaming layer: what the stack-wide settings (memory limits, published ports, profile) do not
 * already cover — topic overrides, streaming-job tuning, optional parts, service user names. pulumi-core composes it
 * into the one stack schema under the key `streaming`; nothing here reads pulumi.Config.
 */
import { z } from "zod";
import { kafka } from "../contracts";

const topicKeys = Object.keys(kafka.topics);

/** Per-topic overrides of the defaults in contracts/kafka.json. */
export const topicOverrideSchema = z
  .object({
    partitions: z.number().int().min(1).max(1000),
    /** -1: keep forever. */
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

const userName = (def: string) => z.string().regex(/^[a-z][a-z0-9_]{2,31}$/, "lowercase letters, digits and _ (3-32)").default(def);

export const streamingConfigSchema = z
  .object({
    kafka: z
      .object({
        /** Replication factor of our topics unless a topic overrides it (one broker: 1). */
        replicationFactor: z.number().int().min(1).max(5).default(1),
      })
      .strict()
      .default({}),
    topics: topicOverridesSchema,
    /** Optional parts (the stack profile may switch them off too). */
    console: z.object({ enabled: z.boolean().default(true) }).strict().default({}),
    nifi: z.object({ enabled: z.boolean().default(true), username: userName("lakehouse") }).strict().default({}),
    cassandra: z.object({ username: userName("lakehouse") }).strict().default({}),
    jobs: z
      .object({
        driverMemoryMb: z.number().int().min(256).default(768),
        executorMemoryMb: z.number().int().min(256).default(1024),
        /** Cores each streaming query may take from the cluster (leave room for batch jobs and the Thrift server). */
        coresMax: z.number().int().min(1).max(64).default(1),
        triggerSeconds: z.number().int().min(1).max(3600).default(10),
        maxOffsetsPerTrigger: z.number().int().min(1).default(10000),
        /** Extra Maven coordinates for spark-submit; the lakehouse Spark image already bakes the Kafka connector. */
        packages: z.array(z.string().regex(/^[\w.-]+:[\w.-]+:[\w.-]+$/, "group:artifact:version")).default([]),
      })
      .strict()
      .default({}),
  })
  .strict()
  .default({});

export type StreamingConfig = z.infer<typeof streamingConfigSchema>;
export type TopicOverrides = z.infer<typeof topicOverridesSchema>;
