/** Pure parts of the replayer: which topic a log kind goes to, the message key of a line, and rate pacing. */
import { kafka } from "../../contracts";

export const LOG_KINDS = ["clickstream", "accesslog"] as const;
export type LogKind = (typeof LOG_KINDS)[number];

/** Raw topic of a log kind, from contracts/kafka.json. */
export function rawTopic(kind: LogKind): string {
  return kafka.topics[`${kind}Raw`].name;
}

const CLICK_KEY = /USER_ID:\s*([^,\s]+)\s*,\s*SESSION_ID:\s*([^,\s]+)/;
const SESSION_ONLY = /SESSION_ID:\s*([^,\s]+)/;
const FIRST_TOKEN = /^(\S+)\s/;

/**
 * Natural message key that keeps related events in one partition, in order: clickstream `<user>/<session>`
 * (session ids repeat across users), access log the client host; null for a line that carries none.
 */
export function naturalKey(kind: LogKind, line: string): string | null {
  if (kind === "clickstream") {
    const m = CLICK_KEY.exec(line);
    if (m) return `${m[1]}/${m[2]}`;
    const s = SESSION_ONLY.exec(line);
    return s ? `?/${s[1]}` : null;
  }
  const m = FIRST_TOKEN.exec(line);
  return m ? m[1] : null;
}

/**
 * The key a line is published with. Lines without a natural key (published anyway: the replayer never filters)
 * get `line-<n>`, never null: a null key is partitioned at random on every attempt, so a batch re-sent after a
 * broker bounce would land on other partitions and defeat the idempotent producer's per-partition dedup.
 */
export function messageKey(kind: LogKind, line: string, lineNo: number): string {
  return naturalKey(kind, line) ?? `line-${lineNo}`;
}

/** Milliseconds to wait before sending more, so that `sent` events take at least `sent / rate` seconds. */
export function pacingDelayMs(sent: number, ratePerSec: number | undefined, elapsedMs: number): number {
  if (!ratePerSec || ratePerSec <= 0) return 0;
  return Math.max(0, Math.ceil((sent * 1000) / ratePerSec - elapsedMs));
}

/** Messages per send: large at full speed, about a tenth of a second's worth when rate-limited (smooth pacing). */
export function batchSizeFor(ratePerSec: number | undefined, max = 500): number {
  if (!ratePerSec) return max;
  return Math.max(1, Math.min(max, Math.floor(ratePerSec / 10)));
}
