import { kafka } from "../../contracts";
import { diffTopics, ExistingTopic, parseTopicOverrides, planTopics } from "../../cli/stream/topicPlan";

const raw = kafka.topics.clickstreamRaw;

describe("parseTopicOverrides", () => {
  test.each([
    [["clickstreamRaw.partitions=6"], { clickstreamRaw: { partitions: 6 } }],
    [["clickstreamRaw.partitions=6", "clickstreamRaw.retentionMs=1000"], { clickstreamRaw: { partitions: 6, retentionMs: 1000 } }],
  ])("%j", (args, expected) => expect(parseTopicOverrides(args)).toEqual(expected));

  test("* applies to every topic", () => {
    expect(Object.keys(parseTopicOverrides(["*.replicationFactor=3"]))).toEqual(Object.keys(kafka.topics));
  });

  test.each([
    ["clickstreamRaw.partitions", "expected <topicKey>.<field>=<integer>"],
    ["clickstreamRaw.size=3", "unknown field 'size'"],
  ])("rejects %s", (arg, message) => expect(() => parseTopicOverrides([arg])).toThrow(message));
});

describe("diffTopics", () => {
  const plan = planTopics().slice(0, 1);
  const same: ExistingTopic = { partitions: raw.partitions, replicationFactor: 1, configs: plan[0].configs };
  test.each<[string, ExistingTopic | undefined, string[]]>([
    ["missing topic is created", undefined, ["create"]],
    ["matching topic is left alone", same, []],
    ["fewer partitions are added", { ...same, partitions: 1 }, ["add-partitions"]],
    ["changed config is realigned", { ...same, configs: { ...same.configs, "retention.ms": "1" } }, ["alter-configs"]],
  ])("%s", (_name, existing, kinds) => {
    const map = new Map(existing ? [[raw.name, existing]] : []);
    expect(diffTopics(plan, map).map((a) => a.kind)).toEqual(kinds);
  });

  test("refuses to shrink partitions", () => {
    expect(() => diffTopics(plan, new Map([[raw.name, { ...same, partitions: 9 }]]))).toThrow(`topic ${raw.name} has 9 partitions but the plan asks for ${raw.partitions}; Kafka cannot remove partitions`);
  });

  test("refuses a different replication factor", () => {
    expect(() => diffTopics(plan, new Map([[raw.name, { ...same, replicationFactor: 3 }]]))).toThrow(`topic ${raw.name} has replication factor 3 but the plan asks for 1`);
  });
});
