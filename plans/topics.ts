/**
 * Topic planning shared by the deployment (kafka-topics one-shot job) and the embedded local mode (kafkajs admin):
 * the topic specs of contracts/kafka.json with stack overrides applied. Pure; no Pulumi imports.
 */
import { kafka } from "../contracts";

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
/** Kafka's legal topic-name characters; config keys/values must also be free of separators used by the script. */
const TOKEN = /^[A-Za-z0-9._-]+$/;

/**
 * A POSIX shell script that makes the broker's topics match the plan and can run any number of times: create the
 * missing topics with their configs, then one describe of all planned topics decides what to change — raise the
 * partition count if the plan grew it (Kafka cannot shrink: it says so and keeps the count), re-apply configs that
 * differ. Every Kafka command is a JVM start, so a re-run with nothing to change costs two.
 */
export function renderTopicScript(plan: readonly PlannedTopic[], bootstrap: string, binDir = "/opt/kafka/bin"): string {
  for (const t of plan) {
    const tokens = [t.name, ...Object.entries(t.configs).flat()];
    const bad = tokens.find((x) => !TOKEN.test(x));
    if (bad !== undefined) throw new Error(`topic "${t.key}": "${bad}" is not a legal topic name or config token`);
  }
  const rows = plan.map((t) => {
    const configs = Object.entries(t.configs).map(([k, v]) => `${k}=${v}`).join(",");
    return `${t.name} ${t.partitions} ${t.replicationFactor} ${configs}`;
  });
  const regex = plan.map((t) => t.name.replace(/\./g, "\\.")).join("|");
  return [
    "#!/bin/sh",
    "# Generated from contracts/kafka.json and the stack's topic overrides. Idempotent.",
    "set -eu",
    `B=${quote(bootstrap)}`,
    `BIN=${quote(binDir)}`,
    "# name partitions replication configs",
    `PLAN=${quote(rows.join("\n"))}`,
    'topics() { "$BIN/kafka-topics.sh" --bootstrap-server "$B" "$@" </dev/null; }',
    'existing="$(topics --list)"',
    'printf \'%s\\n\' "$PLAN" | while read -r name partitions replication configs; do',
    '  printf \'%s\\n\' "$existing" | grep -qxF "$name" && continue',
    '  set --',
    '  for kv in $(printf \'%s\' "$configs" | tr \',\' \' \'); do set -- "$@" --config "$kv"; done',
    '  topics --create --if-not-exists --topic "$name" --partitions "$partitions" --replication-factor "$replication" "$@"',
    "done",
    `described="$(topics --describe --topic ${quote(regex)} | grep 'PartitionCount:' || true)"`,
    "# Field <key> of topic <name> in the describe output (tab-separated `Key: value` pairs).",
    "field() {",
    '  printf \'%s\\n\' "$described" | awk -F \'\\t\' -v t="$1" -v k="$2" \'{',
    '    split("", m); for (i = 1; i <= NF; i++) { p = index($i, ": "); if (p) { key = substr($i, 1, p - 1); gsub(/^ +/, "", key); m[key] = substr($i, p + 2) } }',
    '    if (m["Topic"] == t) print m[k] }\'',
    "}",
    'printf \'%s\\n\' "$PLAN" | while read -r name partitions replication configs; do',
    '  current="$(field "$name" PartitionCount)"',
    '  [ -n "$current" ] || { echo "topic $name is missing after creation" >&2; exit 1; }',
    '  if [ "$current" -lt "$partitions" ]; then',
    '    topics --alter --topic "$name" --partitions "$partitions"',
    '  elif [ "$current" -gt "$partitions" ]; then',
    '    echo "topic $name has $current partitions, plan asks $partitions: Kafka cannot shrink; keeping $current" >&2',
    "  fi",
    '  have=",$(field "$name" Configs),"',
    "  for kv in $(printf '%s' \"$configs\" | tr ',' ' '); do",
    '    case "$have" in',
    '      *",$kv,"*) ;;',
    '      *) "$BIN/kafka-configs.sh" --bootstrap-server "$B" --alter --entity-type topics --entity-name "$name" --add-config "$configs" </dev/null; break ;;',
    "    esac",
    "  done",
    "done",
    `echo "topics ready: ${plan.map((t) => t.name).join(" ")}"`,
    "",
  ].join("\n");
}
