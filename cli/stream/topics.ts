/** Makes a broker's topics match the plan with the kafkajs admin client: create, grow partitions, align configs. */
import { Admin, ConfigResourceTypes, Kafka, logLevel } from "kafkajs";
import { diffTopics, ExistingTopic, PlannedTopic, TopicAction } from "./topicPlan";

export function kafkaClient(bootstrap: string, clientId: string): Kafka {
  return new Kafka({ clientId, brokers: bootstrap.split(","), logLevel: logLevel.ERROR });
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
    await admin.createTopics({ waitForLeaders: true, topics: [{ topic: t.name, numPartitions: t.partitions, replicationFactor: t.replicationFactor, configEntries }] });
  } else if (action.kind === "add-partitions") {
    await admin.createPartitions({ topicPartitions: [{ topic: t.name, count: t.partitions }] });
  } else {
    // alterConfigs replaces the topic's overrides as a whole; the plan carries every override we own.
    const configEntries = Object.entries(t.configs).map(([name, value]) => ({ name, value }));
    await admin.alterConfigs({ validateOnly: false, resources: [{ type: ConfigResourceTypes.TOPIC, name: t.name, configEntries }] });
  }
}

export interface TopicResult {
  readonly topic: string;
  readonly partitions: number;
  readonly actions: readonly string[];
}

/** Idempotent: a second call against the same broker and plan changes nothing and reports no actions. */
export async function ensureTopics(bootstrap: string, plan: readonly PlannedTopic[]): Promise<TopicResult[]> {
  const admin = kafkaClient(bootstrap, "lakehouse-topics").admin();
  await admin.connect();
  try {
    const actions = diffTopics(plan, await describeExisting(admin, plan));
    for (const a of actions) await apply(admin, a);
    return plan.map((t) => ({
      topic: t.name,
      partitions: t.partitions,
      actions: actions.filter((a) => a.topic.name === t.name).map((a) => (a.kind === "alter-configs" ? `alter-configs(${a.changed.join(",")})` : a.kind)),
    }));
  } finally {
    await admin.disconnect();
  }
}
