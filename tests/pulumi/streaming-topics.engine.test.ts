/**
 * The deployment's topic job against a real Kafka broker (the local KRaft engine): the rendered script creates the
 * contract topics, is a no-op when run again, grows partitions and updates retention, and refuses to shrink.
 * The script runs unchanged; only its bin directory points at wrappers around Kafka's own command classes.
 */
import { execFileSync, spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { Admin, Kafka, logLevel } from "kafkajs";
import { enginesRoot } from "../../cli/engines/artifacts";
import { startKafka, stopEngine } from "../../cli/engines";
import { planTopics, PlannedTopic, renderTopicScript } from "../../plans/topics";
import { tempDir } from "../stream/helpers";

jest.setTimeout(300_000);

const dir = tempDir("topics-engine");
const bin = tempDir("topics-bin");
let bootstrap = "";
let admin: Admin;

/** kafka-topics.sh / kafka-configs.sh as the image has them, but running the Maven jars with a small heap. */
function writeWrappers(): void {
  const cp = [path.join(enginesRoot(), "kafka-cli", "lib", "*"), path.join(enginesRoot(), "kafka", "lib", "*")].join(":");
  const wrapper = (cls: string) => `#!/bin/sh\nexec java -Xmx128m -XX:TieredStopAtLevel=1 -cp '${cp}' ${cls} "$@"\n`;
  fs.writeFileSync(path.join(bin, "kafka-topics.sh"), wrapper("org.apache.kafka.tools.TopicCommand"), { mode: 0o755 });
  fs.writeFileSync(path.join(bin, "kafka-configs.sh"), wrapper("kafka.admin.ConfigCommand"), { mode: 0o755 });
}

function runScript(plan: readonly PlannedTopic[]) {
  const script = path.join(bin, "topics.sh");
  fs.writeFileSync(script, renderTopicScript(plan, bootstrap, bin));
  return spawnSync("sh", [script], { encoding: "utf8" });
}

async function state(names: readonly string[]) {
  const meta = await admin.fetchTopicMetadata({ topics: [...names] });
  const configs = await admin.describeConfigs({
    includeSynonyms: false,
    resources: names.map((name) => ({ type: 2, name, configNames: ["retention.ms", "cleanup.policy"] })),
  });
  return Object.fromEntries(
    names.map((name) => {
      const entries = configs.resources.find((r) => r.resourceName === name)!.configEntries;
      const value = (key: string) => entries.find((e) => e.configName === key)?.configValue;
      return [name, { partitions: meta.topics.find((t) => t.name === name)!.partitions.length, retention: value("retention.ms"), cleanup: value("cleanup.policy") }];
    }),
  );
}

beforeAll(async () => {
  execFileSync("bash", [path.resolve(__dirname, "../../scripts/setup.d/33-kafka-cli.sh")], { stdio: "ignore" });
  writeWrappers();
  const info = await startKafka({ dir });
  bootstrap = `127.0.0.1:${info.port}`;
  admin = new Kafka({ clientId: "topics-test", brokers: [bootstrap], logLevel: logLevel.NOTHING }).admin();
  await admin.connect();
});

afterAll(async () => {
  await admin?.disconnect();
  await stopEngine(dir);
});

const expected = (plan: readonly PlannedTopic[]) =>
  Object.fromEntries(plan.map((t) => [t.name, { partitions: t.partitions, retention: t.configs["retention.ms"], cleanup: t.configs["cleanup.policy"] }]));

test("creates every contract topic as planned, and a second run changes nothing", async () => {
  const plan = planTopics();
  const first = runScript(plan);
  expect([first.status, first.stderr]).toEqual([0, ""]);
  expect(await state(plan.map((t) => t.name))).toEqual(expected(plan));
  const second = runScript(plan);
  expect([second.status, second.stderr]).toEqual([0, ""]);
  expect(second.stdout).not.toMatch(/Created topic|Completed updating config/);
  expect(await state(plan.map((t) => t.name))).toEqual(expected(plan));
});

test("grows partitions and updates retention of an existing topic", async () => {
  const plan = planTopics({ clickstreamRaw: { partitions: 6, retentionMs: 3_600_000 } }).filter((t) => t.key === "clickstreamRaw");
  const run = runScript(plan);
  expect([run.status, run.stderr]).toEqual([0, ""]);
  expect(await state(["clickstream.raw"])).toEqual({ "clickstream.raw": { partitions: 6, retention: "3600000", cleanup: "delete" } });
});

test("keeps the partitions when the plan asks for fewer, saying why", async () => {
  const plan = planTopics({ clickstreamRaw: { partitions: 2, retentionMs: 3_600_000 } }).filter((t) => t.key === "clickstreamRaw");
  const run = runScript(plan);
  expect(run.status).toBe(0);
  expect(run.stderr).toContain("topic clickstream.raw has 6 partitions, plan asks 2: Kafka cannot shrink; keeping 6");
  expect((await state(["clickstream.raw"]))["clickstream.raw"].partitions).toBe(6);
});
