/** Live counts per sink during a stream run, and whether the streaming queries have caught up with their topics. */
import * as fs from "fs";
import * as path from "path";
import { Admin } from "kafkajs";
import { cassandra, kafka } from "../../contracts";
import { cassandraClient } from "./cql";

/** partition -> offset, per topic. */
export type TopicOffsets = Record<string, Record<string, number>>;

export async function endOffsets(admin: Admin, topics: readonly string[]): Promise<TopicOffsets> {
  const out: TopicOffsets = {};
  for (const topic of topics) {
    const parts = await admin.fetchTopicOffsets(topic);
    out[topic] = Object.fromEntries(parts.map((p) => [String(p.partition), Number(p.high)]));
  }
  return out;
}

export const total = (offsets: Record<string, number> | undefined) => Object.values(offsets ?? {}).reduce((a, b) => a + b, 0);

/** Rows per contract table (COUNT(*) is fine at local scales). */
export async function cassandraCounts(hostPort: string): Promise<Record<string, number>> {
  const client = cassandraClient(hostPort, cassandra.keyspace);
  await client.connect();
  try {
    const out: Record<string, number> = {};
    for (const table of Object.values(cassandra.tables)) {
      const rs = await client.execute(`SELECT COUNT(*) AS n FROM ${table}`);
      out[table] = Number(rs.first().get("n"));
    }
    return out;
  } finally {
    await client.shutdown();
  }
}

/** Source offsets of a Spark checkpoint `offsets/<batch>` file: line 1 version, line 2 metadata, then one JSON per source. */
export function parseCheckpointOffsets(text: string): TopicOffsets {
  const out: TopicOffsets = {};
  for (const line of text.split("\n").slice(2)) {
    if (!line.trim().startsWith("{")) continue;
    const parsed = JSON.parse(line) as Record<string, unknown>;
    for (const [topic, parts] of Object.entries(parsed)) {
      if (parts && typeof parts === "object") out[topic] = parts as Record<string, number>;
    }
  }
  return out;
}

/** True when every partition the query read is at (or past) the topic's end offset. */
export function caughtUp(queryOffsets: TopicOffsets, ends: TopicOffsets): boolean {
  return Object.entries(queryOffsets).every(([topic, parts]) => {
    const end = ends[topic];
    if (!end) return true;
    return Object.entries(end).every(([p, high]) => (parts[p] ?? 0) >= high);
  });
}

/** Checkpoint dirs (those with `offsets/` and `commits/`) under `root`: committed batches, offsets of the last one. */
export function committedQueries(root: string): { dir: string; batches: number; offsets: TopicOffsets }[] {
  const found: { dir: string; batches: number; offsets: TopicOffsets }[] = [];
  const walk = (dir: string, depth: number) => {
    if (depth > 4 || !fs.existsSync(dir)) return;
    const entries = fs.readdirSync(dir, { withFileTypes: true });
    const names = new Set(entries.map((e) => e.name));
    if (names.has("offsets") && names.has("commits")) {
      const batches = fs.readdirSync(path.join(dir, "commits")).filter((f) => /^\d+$/.test(f)).map(Number);
      const last = batches.length ? Math.max(...batches) : undefined;
      const file = last === undefined ? undefined : path.join(dir, "offsets", String(last));
      found.push({ dir, batches: batches.length, offsets: file && fs.existsSync(file) ? parseCheckpointOffsets(fs.readFileSync(file, "utf8")) : {} });
      return;
    }
    for (const e of entries) if (e.isDirectory()) walk(path.join(dir, e.name), depth + 1);
  };
  walk(root, 0);
  return found;
}

export interface SinkCounts {
  readonly topics: Record<string, number>;
  readonly cassandra: Record<string, number>;
}

export function contractTopicNames(): string[] {
  return Object.values(kafka.topics).map((t) => t.name);
}

/** One status line for the terminal: messages per topic and rows per table. */
export function formatCounts(c: SinkCounts): string {
  const topics = Object.entries(c.topics).map(([t, n]) => `${t}=${n}`).join(" ");
  const tables = Object.entries(c.cassandra).map(([t, n]) => `${t}=${n}`).join(" ");
  return `kafka: ${topics} | cassandra: ${tables}`;
}
