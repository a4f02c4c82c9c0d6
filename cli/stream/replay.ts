/**
 * The replayer: streams a log file line by line into its raw topic with an idempotent producer (acks=all, one
 * request in flight, so retries after a broker bounce neither lose nor duplicate nor reorder), keyed per session or
 * client, each record carrying its produce time in a header for end-to-end latency measurement.
 */
import * as fs from "fs";
import * as readline from "readline";
import { logLevel, Partitioners, Producer, ProducerRecord } from "kafkajs";
import { kafka as kafkaContract } from "../../contracts";
import { kafkaClient } from "./topics";
import { batchSizeFor, LogKind, messageKey, naturalKey, pacingDelayMs, rawTopic } from "./replayPlan";

export interface ReplayOptions {
  readonly bootstrap: string;
  readonly kind: LogKind;
  readonly file: string;
  /** Events per second; undefined = as fast as possible. */
  readonly rate?: number;
  /** Topic override (tests); the contract's raw topic otherwise. */
  readonly topic?: string;
  readonly onProgress?: (p: ReplayProgress) => void;
  /** Called when a batch is re-sent because the broker was unreachable. */
  readonly onRetry?: (err: unknown) => void;
  /** How long a batch may keep failing on an unreachable broker before the replay fails (default 3 minutes). */
  readonly giveUpAfterMs?: number;
}

export interface ReplayProgress {
  readonly published: number;
  readonly bytesRead: number;
  readonly totalBytes: number;
  readonly elapsedMs: number;
}

export interface ReplaySummary {
  readonly kind: LogKind;
  readonly file: string;
  readonly topic: string;
  readonly published: number;
  /** Lines without a natural key, published under `line-<n>`. */
  readonly unkeyed: number;
  /** Batches re-sent after the broker was unreachable (deduplicated by the idempotent producer). */
  readonly retries: number;
  readonly bytes: number;
  readonly elapsedMs: number;
  readonly eventsPerSec: number;
  readonly rate: number | null;
}

interface Msg {
  key: string;
  value: string;
  headers: Record<string, string>;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Producer settings the guarantees depend on; retries outlast a broker restart (~10-20 s). */
export function createReplayProducer(bootstrap: string): Producer {
  return kafkaClient(bootstrap, "lakehouse-replayer", logLevel.NOTHING).producer({
    idempotent: true,
    maxInFlightRequests: 1,
    createPartitioner: Partitioners.DefaultPartitioner,
    retry: { retries: 8, initialRetryTime: 300, maxRetryTime: 2000 },
  });
}

const TRANSIENT = new Set(["KafkaJSConnectionError", "KafkaJSConnectionClosedError", "KafkaJSRequestTimeoutError", "KafkaJSBrokerNotFound", "KafkaJSMetadataNotLoaded", "KafkaJSNumberOfRetriesExceeded"]);

/** True when the error (or one it wraps) means "broker unreachable for now" rather than "request rejected". */
export function isTransient(err: unknown): boolean {
  for (let e = err as { name?: string; retriable?: boolean; cause?: unknown } | undefined, depth = 0; e && depth < 5; e = e.cause as typeof e, depth++) {
    if ((e.name && TRANSIENT.has(e.name)) || e.retriable === true) return true;
  }
  return false;
}

/**
 * kafkajs gives up on a batch after its own retries; a broker restart can outlast them. Re-sending the same batch
 * on the same idempotent producer is safe: its sequence numbers only advance on success, so the broker drops a
 * batch it had already written.
 */
async function sendDurably(producer: Producer, record: ProducerRecord, giveUpAfterMs: number, onRetry: (err: unknown) => void): Promise<void> {
  const deadline = Date.now() + giveUpAfterMs;
  for (;;) {
    try {
      await producer.send(record);
      return;
    } catch (err) {
      if (!isTransient(err) || Date.now() > deadline) throw err;
      onRetry(err);
      await sleep(1000);
    }
  }
}

/** Publishes every line of `file` (blank and unparseable ones too) and returns a summary. */
export async function replayFile(opts: ReplayOptions): Promise<ReplaySummary> {
  const totalBytes = fs.statSync(opts.file).size;
  const topic = opts.topic ?? rawTopic(opts.kind);
  const producer = createReplayProducer(opts.bootstrap);
  await producer.connect();
  const input = fs.createReadStream(opts.file, { encoding: "utf8" });
  const lines = readline.createInterface({ input, crlfDelay: Infinity });
  const started = Date.now();
  const batchSize = batchSizeFor(opts.rate);
  let published = 0;
  let unkeyed = 0;
  let retries = 0;
  let lineNo = 0;
  let batch: Msg[] = [];
  const flush = async () => {
    if (batch.length === 0) return;
    // Stamped at send time so that pacing waits do not count as pipeline latency.
    const now = String(Date.now());
    for (const m of batch) m.headers[kafkaContract.headers.producedAtMs] = now;
    await sendDurably(producer, { topic, acks: -1, messages: batch }, opts.giveUpAfterMs ?? 180_000, (err) => {
      retries++;
      opts.onRetry?.(err);
    });
    published += batch.length;
    batch = [];
    opts.onProgress?.({ published, bytesRead: input.bytesRead, totalBytes, elapsedMs: Date.now() - started });
    await sleep(pacingDelayMs(published, opts.rate, Date.now() - started));
  };
  try {
    for await (const line of lines) {
      lineNo++;
      if (naturalKey(opts.kind, line) === null) unkeyed++;
      const key = messageKey(opts.kind, line, lineNo);
      batch.push({ key, value: line, headers: {} });
      if (batch.length >= batchSize) await flush();
    }
    await flush();
  } finally {
    lines.close();
    input.destroy();
    await producer.disconnect();
  }
  const elapsedMs = Date.now() - started;
  return {
    kind: opts.kind,
    file: opts.file,
    topic,
    published,
    unkeyed,
    retries,
    bytes: totalBytes,
    elapsedMs,
    eventsPerSec: Math.round((published * 1000) / Math.max(1, elapsedMs)),
    rate: opts.rate ?? null,
  };
}
