/**
 * Config slice of the observability stack (Elasticsearch, Logstash, Filebeat, Kibana, Prometheus, cAdvisor, Grafana).
 * pulumi-core composes it into the one stack schema under the key `observability`; `enabled: false` is the profile
 * that leaves the whole stack out.
 */
import { z } from "zod";
import { hostPort, jvmService } from "./streaming";

const memoryMb = (def: number) => z.number().int().min(64).max(262144).default(def);

export const observabilityConfigSchema = z
  .object({
    /** Profile switch: false deploys none of the services below. */
    enabled: z.boolean().default(true),
    elasticsearch: z
      .object({ server: jvmService({ memoryMb: 2048, heapMb: 1024 }), hostPort: hostPort(null) })
      .strict()
      .default({}),
    logstash: z.object({ server: jvmService({ memoryMb: 1024, heapMb: 512 }) }).strict().default({}),
    filebeat: z.object({ memoryMb: memoryMb(256) }).strict().default({}),
    kibana: z.object({ memoryMb: memoryMb(1024), hostPort: hostPort(5601) }).strict().default({}),
    prometheus: z
      .object({
        memoryMb: memoryMb(1024),
        hostPort: hostPort(9090),
        retention: z.string().regex(/^\d+[dhw]$/, "a duration such as 15d, 48h or 2w").default("15d"),
        scrapeIntervalSeconds: z.number().int().min(5).max(300).default(15),
      })
      .strict()
      .default({}),
    cadvisor: z.object({ memoryMb: memoryMb(256) }).strict().default({}),
    grafana: z
      .object({
        memoryMb: memoryMb(512),
        hostPort: hostPort(3000),
        /** Version of hadesarchitect-cassandra-datasource installed at first start. */
        cassandraPluginVersion: z.string().regex(/^\d+\.\d+\.\d+$/).default("3.1.0"),
      })
      .strict()
      .default({}),
  })
  .strict()
  .default({});

export type ObservabilityConfig = z.infer<typeof observabilityConfigSchema>;
