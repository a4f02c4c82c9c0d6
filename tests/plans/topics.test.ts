import { execFileSync } from "child_process";
import { kafka } from "../../contracts";
import { planTopics, renderTopicScript, toKafkajsTopics } from "../../plans/topics";

describe("planTopics", () => {
  it("plans every contract topic with its contract defaults and replication 1", () => {
    const plan = planTopics();
    expect(plan.map((t) => t.key)).toEqual(Object.keys(kafka.topics));
    for (const t of plan) {
      const spec = kafka.topics[t.key];
      expect(t).toEqual({
        key: t.key,
        name: spec.name,
        partitions: spec.partitions,
        replicationFactor: 1,
        configs: { "retention.ms": String(spec.retentionMs), "cleanup.policy": spec.cleanupPolicy },
      });
    }
  });

  it.each([
    [{ clickstreamRaw: { partitions: 12 } }, "clickstreamRaw", { partitions: 12 }],
    [{ accesslogDeadLetter: { retentionMs: -1 } }, "accesslogDeadLetter", { configs: { "retention.ms": "-1", "cleanup.policy": "delete" } }],
    [{ clickstreamProcessed: { replicationFactor: 3 } }, "clickstreamProcessed", { replicationFactor: 3 }],
  ])("applies override %j to exactly that topic", (overrides, key, expected) => {
    const plan = planTopics(overrides);
    const defaults = planTopics();
    expect(plan.find((t) => t.key === key)).toMatchObject(expected);
    expect(plan.filter((t) => t.key !== key)).toEqual(defaults.filter((t) => t.key !== key));
  });

  it("uses the default replication factor for topics without an override", () => {
    expect(new Set(planTopics({}, 3).map((t) => t.replicationFactor))).toEqual(new Set([3]));
  });

  it.each([
    [{ clikstreamRaw: { partitions: 2 } }, 'topic override "clikstreamRaw" names no topic in contracts/kafka.json; allowed: clickstreamRaw'],
    [{ clickstreamRaw: { partitions: 0 } }, 'topic "clickstreamRaw": partitions must be a positive integer, got 0'],
    [{ clickstreamRaw: { replicationFactor: 1.5 } }, 'topic "clickstreamRaw": replicationFactor must be a positive integer, got 1.5'],
  ])("rejects %j", (overrides, message) => {
    expect(() => planTopics(overrides)).toThrow(message);
  });

  it("gives kafkajs the same topics", () => {
    const [first] = toKafkajsTopics(planTopics({ clickstreamRaw: { partitions: 6 } }));
    expect(first).toEqual({
      topic: kafka.topics.clickstreamRaw.name,
      numPartitions: 6,
      replicationFactor: 1,
      configEntries: [
        { name: "retention.ms", value: String(kafka.topics.clickstreamRaw.retentionMs) },
        { name: "cleanup.policy", value: "delete" },
      ],
    });
  });
});

describe("renderTopicScript", () => {
  const plan = planTopics({ accesslogRaw: { partitions: 5 } });
  const script = renderTopicScript(plan, "kafka:9092");

  it("lists every planned topic with its partitions, replication and configs", () => {
    const rows = plan.map((t) => `${t.name} ${t.partitions} ${t.replicationFactor} retention.ms=${t.configs["retention.ms"]},cleanup.policy=delete`);
    expect(script).toContain(`PLAN='${rows.join("\n")}'`);
    expect(script).toContain("accesslog.raw 5 1 retention.ms=604800000,cleanup.policy=delete");
    expect(script).toContain("B='kafka:9092'");
    expect(script).toContain("--describe --topic 'clickstream\\.raw|");
  });

  it("is valid POSIX shell", () => {
    expect(() => execFileSync("sh", ["-n"], { input: script })).not.toThrow();
  });

  it("refuses names and configs the script could not carry", () => {
    const [first] = planTopics();
    expect(() => renderTopicScript([{ ...first, name: "bad name" }], "kafka:9092")).toThrow(
      'topic "clickstreamRaw": "bad name" is not a legal topic name or config token',
    );
    expect(() => renderTopicScript([{ ...first, configs: { "retention.ms": "1,2" } }], "kafka:9092")).toThrow('"1,2" is not a legal');
  });
});
