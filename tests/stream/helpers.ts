/** Shared helpers of the streaming engine tests: temp dirs, log-line builders and a consumer that reads a topic whole. */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { Kafka, logLevel } from "kafkajs";

const created: string[] = [];

export function tempDir(prefix: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `lakehouse-${prefix}-`));
  created.push(dir);
  return dir;
}

/** Removes every dir tempDir made in this test file; call after the engines in them are stopped. */
export function removeTempDirs(): void {
  for (const dir of created.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
}

/** A clickstream line in the dataset's format; `seq` goes into AMOUNT so every line is unique and orderable. */
export function clickLine(user: number, session: number, seq: number): string {
  const ts = `2017-03-12 14:05:${String(seq % 60).padStart(2, "0")}.${String(seq).padStart(6, "0")}`;
  return `${ts} [INFO] - USER_ID: ${user}, SESSION_ID: ${session}, EVENT_TYPE: page_view, PRODUCT_ID: N/A, AMOUNT: ${seq}, OUTCOME: N/A`;
}

/** `n` clickstream lines from interleaved sessions, plus garbage lines the replayer must still publish. */
export function clickstreamFile(dir: string, n: number, name = "clicks.txt"): { file: string; lines: string[] } {
  const lines: string[] = [];
  for (let i = 0; i < n; i++) {
    lines.push(i % 97 === 50 ? `garbage line ${i} without any fields` : clickLine(i % 7, (i * 13) % 11, i));
  }
  const file = path.join(dir, name);
  fs.writeFileSync(file, lines.join("\n") + "\n");
  return { file, lines };
}

export interface Consumed {
  readonly key: string | null;
  readonly value: string;
  readonly partition: number;
  readonly offset: number;
  readonly headers: Record<string, string>;
}

/** Reads `topic` from the beginning until `expected` messages arrived (or the timeout), then waits a little for extras. */
export async function consumeAll(bootstrap: string, topic: string, expected: number, timeoutMs = 60_000): Promise<Consumed[]> {
  const kafka = new Kafka({ clientId: "test-reader", brokers: [bootstrap], logLevel: logLevel.NOTHING });
  const consumer = kafka.consumer({ groupId: `test-${topic}-${Date.now()}-${Math.random()}` });
  const out: Consumed[] = [];
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  await consumer.run({
    eachMessage: async ({ message, partition }) => {
      const headers = Object.fromEntries(Object.entries(message.headers ?? {}).map(([k, v]) => [k, String(v)]));
      out.push({ key: message.key?.toString() ?? null, value: message.value?.toString() ?? "", partition, offset: Number(message.offset), headers });
    },
  });
  const deadline = Date.now() + timeoutMs;
  while (out.length < expected && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
  await new Promise((r) => setTimeout(r, 1000));
  await consumer.disconnect();
  return out;
}
