/** Shared test helpers for the source-data tests: generate into temp dirs and read CSV files back. */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { generate, GenerationReport, LogSelection } from "../../cli/data/generate";
import { defaultKindWeights, LogKind, MalformedConfig } from "../../cli/data/gen/malformed";

export function tempDir(prefix: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `${prefix}-`));
  fs.chmodSync(dir, 0o755);
  return dir;
}

export function malformed(share: number, kinds?: Partial<Record<LogKind, Record<string, number>>>): Record<LogKind, MalformedConfig> {
  return {
    clickstream: { share, kinds: kinds?.clickstream ?? defaultKindWeights("clickstream") },
    accesslog: { share, kinds: kinds?.accesslog ?? defaultKindWeights("accesslog") },
  };
}

export async function generateInto(dir: string, seed: number, scale: number, logs: LogSelection = "all", share = 0.02): Promise<GenerationReport> {
  return generate({ out: dir, seed, scale, logs, malformed: malformed(share) });
}

/** Minimal RFC 4180 reader (quoted fields may hold commas, quotes and newlines); returns header + records. */
export function readCsv(file: string): { header: string[]; rows: string[][] } {
  const text = fs.readFileSync(file, "utf8").replace(/^\ufeff/, "");
  const records: string[][] = [];
  let field = "";
  let record: string[] = [];
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ",") {
      record.push(field);
      field = "";
    } else if (ch === "\n") {
      record.push(field.replace(/\r$/, ""));
      records.push(record);
      record = [];
      field = "";
    } else field += ch;
  }
  if (field !== "" || record.length > 0) records.push([...record, field]);
  const [header, ...rows] = records;
  return { header, rows };
}

/** Rows as objects keyed by the header. */
export function readTable(file: string): Record<string, string>[] {
  const { header, rows } = readCsv(file);
  return rows.map((r) => Object.fromEntries(header.map((h, i) => [h, r[i]])));
}

export function share<T>(items: readonly T[], pred: (t: T) => boolean): number {
  return items.filter(pred).length / items.length;
}
