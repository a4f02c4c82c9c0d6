/**
 * A non-default configuration: NiFi, Console and observability off, UIs on another bind address, topic overrides.
 * Turning the optional parts off removes exactly their services.
 */
import { MockHarness, envOf, uploadsOf, valueOf } from "./harness";
import { buildProgram, STREAMING_CORE } from "./svc-program";
import type { StreamingLayer } from "../../components/streaming/streamingLayer";

const h = new MockHarness({ stack: "dev" });
let streaming: StreamingLayer;

beforeAll(async () => {
  await h.install();
  ({ streaming } = await buildProgram({
    bindAddress: "10.1.2.3",
    observability: false,
    streaming: {
      console: { enabled: false },
      nifi: { enabled: false },
      topics: { clickstreamRaw: { partitions: 12, retentionMs: 3600000 } },
      jobs: { coresMax: 2, triggerSeconds: 30 },
    },
  }));
  await h.settle();
});

it("removes exactly NiFi, its flows job, Redpanda Console and every observability service", () => {
  expect(h.containers().map((c) => c.name).sort()).toEqual([...STREAMING_CORE].sort());
  expect(h.ofType("docker:index/volume:Volume").map((v) => v.inputs.name).filter((n) => String(n).includes("nifi"))).toEqual([]);
  expect(h.ofType("random:index/randomPassword:RandomPassword").map((r) => r.name).filter((n) => n.includes("nifi"))).toEqual([]);
});

it("binds the Kafka external listener to the configured address and advertises it", () => {
  expect(h.container("kafka").inputs.ports).toEqual([{ internal: 9094, external: 9094, ip: "10.1.2.3", protocol: "tcp" }]);
  expect(envOf(h.container("kafka")).KAFKA_ADVERTISED_LISTENERS).toBe("INTERNAL://kafka:9092,EXTERNAL://10.1.2.3:9094");
});

it("applies the topic overrides to that topic only", () => {
  const script = uploadsOf(h.container("kafka-topics"))["/opt/lakehouse/kafka-topics.sh"];
  expect(script).toContain("PLAN='clickstream.raw 12 1 retention.ms=3600000,cleanup.policy=delete\n");
  expect(script).toContain("\naccesslog.raw 3 1 retention.ms=604800000,cleanup.policy=delete\n");
});

it("passes the job tuning to spark-submit", () => {
  const cmd = h.container("streaming-clickstream").inputs.command as string[];
  expect(cmd).toContain("spark.cores.max=2");
  expect(cmd[cmd.indexOf("--trigger") + 1]).toBe("processing-time:30s");
});

it("exports no URL for the parts that are off", async () => {
  expect(await valueOf(streaming.consoleUrl)).toBeUndefined();
  expect(await valueOf(streaming.nifiUrl)).toBeUndefined();
  expect(streaming.nifiLogin).toBeUndefined();
  expect(h.plaintextSecretLeaks()).toEqual([]);
});
