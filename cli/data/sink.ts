/**
 * Streaming output: lines are batched into ~1 MiB writes and the producer waits whenever the file stream is behind,
 * so memory stays flat whatever the scale. CSV formatting follows RFC 4180 like the Kaggle files (empty = null).
 */
import * as fs from "fs";

const FLUSH_AT = 1 << 20;

export class LineSink {
  private parts: string[] = [];
  private size = 0;
  private written = 0;
  private readonly stream: fs.WriteStream;

  constructor(readonly file: string, firstLine?: string, private readonly onLine: (n: number) => void = () => undefined) {
    this.stream = fs.createWriteStream(file, { encoding: "utf8" });
    if (firstLine !== undefined) this.push(firstLine);
    this.written = 0;
  }

  /** Lines pushed so far (the header given to the constructor excluded). */
  get count(): number {
    return this.written;
  }

  /** Appends one line (without its newline). Call `await sink.drain()` when this returns true. */
  push(line: string): boolean {
    this.parts.push(line, "\n");
    this.size += line.length + 1;
    this.written++;
    this.onLine(1);
    return this.size >= FLUSH_AT;
  }

  /** Writes what is buffered and waits until the OS has room for more. */
  async drain(): Promise<void> {
    if (this.size === 0) return;
    const chunk = this.parts.join("");
    this.parts = [];
    this.size = 0;
    if (!this.stream.write(chunk)) await new Promise<void>((resolve) => this.stream.once("drain", resolve));
  }

  async close(): Promise<void> {
    await this.drain();
    await new Promise<void>((resolve, reject) => {
      this.stream.once("error", reject);
      this.stream.end(resolve);
    });
  }
}

const NEEDS_QUOTES = /[",\r\n]/;

/** One CSV field: null/undefined become the empty field; quotes only when needed. */
export function csvField(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return "";
  const s = typeof value === "number" ? String(value) : value;
  if (!NEEDS_QUOTES.test(s)) return s;
  return `"${s.replace(/"/g, '""')}"`;
}

export function csvLine(values: readonly (string | number | null | undefined)[]): string {
  return values.map(csvField).join(",");
}

/** A text field that is always quoted, as the Kaggle customers/sellers/reviews files quote strings. */
export function quoted(value: string | null | undefined): string {
  return value === null || value === undefined ? "" : `"${value.replace(/"/g, '""')}"`;
}

const pad2 = (n: number): string => (n < 10 ? "0" : "") + n;

/** `yyyy-MM-dd HH:mm:ss` of a UTC epoch-millisecond instant (Olist timestamps carry no zone). */
export function timestamp(ms: number | null): string | null {
  if (ms === null) return null;
  const d = new Date(ms);
  return (
    `${d.getUTCFullYear()}-${pad2(d.getUTCMonth() + 1)}-${pad2(d.getUTCDate())} ` +
    `${pad2(d.getUTCHours())}:${pad2(d.getUTCMinutes())}:${pad2(d.getUTCSeconds())}`
  );
}

export function date(ms: number): string {
  const d = new Date(ms);
  return `${d.getUTCFullYear()}-${pad2(d.getUTCMonth() + 1)}-${pad2(d.getUTCDate())}`;
}

export const DAY_MS = 86_400_000;
export const HOUR_MS = 3_600_000;

/** Midnight (UTC) of the day containing `ms`. */
export function startOfDay(ms: number): number {
  return ms - (((ms % DAY_MS) + DAY_MS) % DAY_MS);
}
