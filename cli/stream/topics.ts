/** Makes a broker's topics match the plan with the kafkajs admin client: create, grow partitions, align configs. */
import { Admin, ConfigResourceTypes, Kafka, logLevel } from "kafkajs";
import { diffTopics, ExistingTopic, PlannedTopic, TopicAction } from "./topicPlan";

export function kafkaClient(bootstrap: string, clientId: string, level: logLevel = logLevel.ERROR): Kafka {
  return new Kafka({ clientId, brokers: bootstrap.split(","), logLevel: level });
}

async function describeExisting(admin: Admin, plan: readonly PlannedTopic[]): Promise<Map<string, ExistingTopic>> {
  const names = new Set(await admin.listTopics());
  const present = plan.filter((t) => names.has(t.name)).map((t) => t.name);
  const out = new Map<string, ExistingTopic>();
  if (present.length === 0) return out;
  const meta = await admin.fetchTopicMetadata({ topics: present });
  const configs = await admin.describeConfigs({
    includeSynonyms: false,
    resources: present.map((name) => ({ type: ConfigResourceTypes.TOPIC, name })),
  });
  for (const t of meta.topics) {
    const res = configs.resources.find((r) => r.resourceName === t.name);
    out.set(t.name, {
      partitions: t.partitions.length,
      replicationFactor: t.partitions[0]?.replicas.length ?? 0,
      configs: Object.fromEntries((res?.configEntries ?? []).map((e) => [e.configName, e.configValue])),
    });
  }
  return out;
}

async function apply(admin: Admin, action: TopicAction): Promise<void> {
  const t = action.topic;
  if (action.kind === "create") {
    const configEntries = Object.entries(t.configs).map(([name, value]) => ({ name, value }));
    // kafkajs' waitForLeaders asks for metadata before a fresh KRaft broker has it and fails; wait ourselves.
    await admin.createTopics({ waitForLeaders: false, topics: [{ topic: t.name, numPartitions: t.partitions, replicationFactor: t.replicationFactor, configEntries }] });
  } else if (action.kind === "add-partitions") {
    await admin.createPartitions({ topicPartitions: [{ topic: t.name, count: t.partitions }] });
  } else {
    // alterConfigs replaces the topic's overrides as a whole; the plan carries every override we own.
    const configEntries = Object.entries(t.configs).map(([name, value]) => ({ name, value }));
    await admin.alterConfigs({ validateOnly: false, resources: [{ type: ConfigResourceTypes.TOPIC, name: t.name, configEntries }] });
  }
}

/** Polls metadata until every planned partition has a leader (fresh topics take a moment on KRaft). */
async function waitForLeaders(admin: Admin, plan: readonly PlannedTopic[], timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const meta = await admin.fetchTopicMetadata({ topics: plan.map((t) => t.name) });
      const ready = plan.every((p) => {
        const parts = meta.topics.find((t) => t.name === p.name)?.partitions ?? [];
        return parts.length >= p.partitions && parts.every((x) => x.leader >= 0);
      });
      if (ready) return;
    } catch (err) {
      if (Date.now() > deadline) throw err;
    }
    if (Date.now() > deadline) throw new Error(`topics ${plan.map((t) => t.name).join(", ")} have no leaders after ${timeoutMs / 1000} s`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

export interface TopicResult {
  readonly topic: string;
  readonly partitions: number;
  readonly actions: readonly string[];
}

/** Idempotent: a second call against the same broker and plan changes nothing and reports no actions. */
export async function ensureTopics(bootstrap: string, plan: readonly PlannedTopic[]): Promise<TopicResult[]> {
  // Errors are thrown to the caller; kafkajs' own logging would repeat every transient one while leaders settle.
  const admin = kafkaClient(bootstrap, "lakehouse-topics", logLevel.NOTHING).admin();
  await admin.connect();
  try {
    const actions = diffTopics(plan, await describeExisting(admin, plan));
    for (const a of actions) await apply(admin, a);
    await waitForLeaders(admin, plan);
    return plan.map((t) => ({
      topic: t.name,
      partitions: t.partitions,
      actions: actions.filter((a) => a.topic.name === t.name).map((a) => (a.kind === "alter-configs" ? `alter-configs(${a.changed.join(",")})` : a.kind)),
    }));
  } finally {
    await admin.disconnect();
  }
}
