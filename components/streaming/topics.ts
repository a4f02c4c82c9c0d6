/**
 * Topic planning shared by the deployment (kafka-topics one-shot job) and the embedded local mode (kafkajs admin):
 * the topic specs of contracts/kafka.json with stack overrides applied. Pure; no Pulumi imports.
 */
import { kafka } from "../../contracts";

export interface TopicOverride {
  readonly partitions?: number;
  readonly retentionMs?: number;
  readonly replicationFactor?: number;
}

export interface PlannedTopic {
  /** Key in contracts/kafka.json, e.g. "clickstreamRaw". */
  readonly key: string;
  readonly name: string;
  readonly partitions: number;
  readonly replicationFactor: number;
  /** Topic-level configs, as Kafka names them. */
  readonly configs: Readonly<Record<string, string>>;
}

/**
 * Every contract topic with its overrides applied, in contract order. Throws on an override for a topic the
 * contract does not define, or on a non-positive partition/replication count.
 */
export function planTopics(
  overrides: Readonly<Record<string, TopicOverride>> = {},
  defaultReplicationFactor = 1,
): PlannedTopic[] {
  const known = Object.keys(kafka.topics);
  for (const key of Object.keys(overrides)) {
    if (!known.includes(key)) {
      throw new Error(`topic override "${key}" names no topic in contracts/kafka.json; allowed: ${known.join(", ")}`);
    }
  }
  return Object.entries(kafka.topics).map(([key, spec]) => {
    const o = overrides[key] ?? {};
    const planned: PlannedTopic = {
      key,
      name: spec.name,
      partitions: o.partitions ?? spec.partitions,
      replicationFactor: o.replicationFactor ?? defaultReplicationFactor,
      configs: {
        "retention.ms": String(o.retentionMs ?? spec.retentionMs),
        "cleanup.policy": spec.cleanupPolicy,
      },
    };
    for (const field of ["partitions", "replicationFactor"] as const) {
      if (!Number.isInteger(planned[field]) || planned[field] < 1) {
        throw new Error(`topic "${key}": ${field} must be a positive integer, got ${planned[field]}`);
      }
    }
    return planned;
  });
}

/** kafkajs `admin.createTopics` entries for a plan (the local mode's equivalent of the one-shot job). */
export function toKafkajsTopics(plan: readonly PlannedTopic[]) {
  return plan.map((t) => ({
    topic: t.name,
    numPartitions: t.partitions,
    replicationFactor: t.replicationFactor,
    configEntries: Object.entries(t.configs).map(([name, value]) => ({ name, value })),
  }));
}

const quote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

/**
 * A POSIX shell script that makes the broker's topics match the plan and can run any number of times:
 * create if missing, raise the partition count if the plan grew it (Kafka cannot shrink), then apply configs.
 */
export function renderTopicScript(plan: readonly PlannedTopic[], bootstrap: string, binDir = "/opt/kafka/bin"): string {
  const lines = [
    "#!/bin/sh",
    "# Generated from contracts/kafka.json and the stack's topic overrides. Idempotent.",
    "set -eu",
    `B=${quote(bootstrap)}`,
    `BIN=${quote(binDir)}`,
    "ensure_topic() {",
    '  name="$1"; partitions="$2"; replication="$3"; configs="$4"',
    '  "$BIN/kafka-topics.sh" --bootstrap-server "$B" --create --if-not-exists --topic "$name" \\',
    '    --partitions "$partitions" --replication-factor "$replication"',
    '  current=$("$BIN/kafka-topics.sh" --bootstrap-server "$B" --describe --topic "$name" | grep -c "Partition: " || true)',
    '  if [ "$current" -lt "$partitions" ]; then',
    '    "$BIN/kafka-topics.sh" --bootstrap-server "$B" --alter --topic "$name" --partitions "$partitions"',
    '  elif [ "$current" -gt "$partitions" ]; then',
    '    echo "topic $name has $current partitions, plan asks $partitions: Kafka cannot shrink; keeping $current" >&2',
    "  fi",
    '  "$BIN/kafka-configs.sh" --bootstrap-server "$B" --alter --entity-type topics --entity-name "$name" --add-config "$configs"',
    "}",
    ...plan.map((t) => {
      const configs = Object.entries(t.configs)
        .map(([k, v]) => `${k}=${v}`)
        .join(",");
      return `ensure_topic ${quote(t.name)} ${t.partitions} ${t.replicationFactor} ${quote(configs)}`;
    }),
    `echo "topics ready: ${plan.map((t) => t.name).join(" ")}"`,
    "",
  ];
  return lines.join("\n");
}
