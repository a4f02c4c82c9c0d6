/**
 * Pure topic planning for the local mode. The plan itself (contract topics + overrides) is the Pulumi program's
 * `planTopics`, so the deployment and the local mode create the same topics; this adds the CLI's override syntax
 * and the diff that brings a broker's existing topics to the plan.
 */
import { kafka } from "../../contracts";
import { PlannedTopic, planTopics, TopicOverride } from "../../plans/topics";

export { planTopics };
export type { PlannedTopic, TopicOverride };

const OVERRIDE_FIELDS = ["partitions", "retentionMs", "replicationFactor"] as const;
type OverrideField = (typeof OVERRIDE_FIELDS)[number];

/**
 * Parses `--set` arguments of the form `<topicKey>.<field>=<int>` (field: partitions, retentionMs,
 * replicationFactor; topicKey `*` applies to every topic) into planTopics overrides.
 */
export function parseTopicOverrides(settings: readonly string[]): Record<string, TopicOverride> {
  const out: Record<string, Record<string, number>> = {};
  for (const s of settings) {
    const m = /^([A-Za-z*]+)\.([A-Za-z]+)=(-?\d+)$/.exec(s);
    if (!m) throw new Error(`--set '${s}': expected <topicKey>.<field>=<integer>, e.g. clickstreamRaw.partitions=6`);
    const [, key, field, value] = m;
    if (!(OVERRIDE_FIELDS as readonly string[]).includes(field)) throw new Error(`--set '${s}': unknown field '${field}'; use one of ${OVERRIDE_FIELDS.join(", ")}`);
    const keys = key === "*" ? Object.keys(kafka.topics) : [key];
    for (const k of keys) out[k] = { ...out[k], [field as OverrideField]: Number(value) };
  }
  return out;
}

/** What the broker holds for one topic, as far as planning cares. */
export interface ExistingTopic {
  readonly partitions: number;
  readonly replicationFactor: number;
  readonly configs: Readonly<Record<string, string>>;
}

export type TopicAction =
  | { readonly kind: "create"; readonly topic: PlannedTopic }
  | { readonly kind: "add-partitions"; readonly topic: PlannedTopic; readonly from: number }
  | { readonly kind: "alter-configs"; readonly topic: PlannedTopic; readonly changed: readonly string[] };

/**
 * The actions that bring existing topics to the plan. Throws (never ignores) what Kafka cannot do in place:
 * fewer partitions than the topic has, or a different replication factor.
 */
export function diffTopics(plan: readonly PlannedTopic[], existing: ReadonlyMap<string, ExistingTopic>): TopicAction[] {
  const actions: TopicAction[] = [];
  for (const topic of plan) {
    const have = existing.get(topic.name);
    if (!have) {
      actions.push({ kind: "create", topic });
      continue;
    }
    if (have.partitions > topic.partitions) {
      throw new Error(`topic ${topic.name} has ${have.partitions} partitions but the plan asks for ${topic.partitions}; Kafka cannot remove partitions (delete the topic or raise the setting)`);
    }
    if (have.replicationFactor !== topic.replicationFactor) {
      throw new Error(`topic ${topic.name} has replication factor ${have.replicationFactor} but the plan asks for ${topic.replicationFactor}; reassign replicas by hand`);
    }
    if (have.partitions < topic.partitions) actions.push({ kind: "add-partitions", topic, from: have.partitions });
    const changed = Object.keys(topic.configs).filter((k) => have.configs[k] !== topic.configs[k]);
    if (changed.length > 0) actions.push({ kind: "alter-configs", topic, changed });
  }
  return actions;
}
