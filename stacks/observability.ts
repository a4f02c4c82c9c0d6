/**
 * Config slice of the observability stack: what the stack-wide settings (memory limits, published ports, profile)
 * do not cover. pulumi-core composes it into the one stack schema under the key `observability`; the profile
 * decides whether the Observability component is created at all.
 */
import { z } from "zod";

export const observabilityConfigSchema = z
  .object({
    prometheus: z
      .object({
        retention: z.string().regex(/^\d+[dhw]$/, "a duration such as 15d, 48h or 2w").default("15d"),
        scrapeIntervalSeconds: z.number().int().min(5).max(300).default(15),
      })
      .strict()
      .default({}),
    grafana: z
      .object({
        /** Version of hadesarchitect-cassandra-datasource installed at first start. */
        cassandraPluginVersion: z.string().regex(/^\d+\.\d+\.\d+$/, "a version such as 3.1.0").default("3.1.0"),
      })
      .strict()
      .default({}),
  })
  .strict()
  .default({});

export type ObservabilityConfig = z.infer<typeof observabilityConfigSchema>;
