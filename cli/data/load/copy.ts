/**
 * COPY of one table set (all tables of one database) in a single transaction: TRUNCATE then COPY each file, so a
 * second run replaces the data and a failure anywhere leaves the previous content untouched.
 */
import * as fs from "fs";
import * as path from "path";
import * as readline from "readline";
import { pipeline } from "stream/promises";
import { Client } from "pg";
import { from as copyFrom } from "pg-copy-streams";
import { SourceTable } from "../../../contracts";
import { checkHeader, copyErrorToCsv, CsvLoadError, PgErrorFields, splitHeader } from "./errors";

export interface TableFile {
  readonly table: string;
  readonly spec: SourceTable;
  readonly file: string;
}

const BOM = Buffer.from([0xef, 0xbb, 0xbf]);

/** Reads the header (skipping a UTF-8 BOM) and returns its columns and the byte offset where data starts. */
export function readHeader(file: string): { columns: string[]; dataOffset: number } {
  const fd = fs.openSync(file, "r");
  try {
    const buf = Buffer.alloc(64 * 1024);
    const n = fs.readSync(fd, buf, 0, buf.length, 0);
    const start = n >= 3 && buf.subarray(0, 3).equals(BOM) ? 3 : 0;
    const nl = buf.indexOf(0x0a, start);
    if (n === 0) throw new CsvLoadError(path.basename(file), 1, 1, "file is empty (a header line is required)");
    const end = nl === -1 ? n : nl;
    return { columns: splitHeader(buf.subarray(start, end).toString("utf8")), dataOffset: nl === -1 ? n : nl + 1 };
  } finally {
    fs.closeSync(fd);
  }
}

function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/** Finds the first physical line of `file` that contains `needle` (for errors reported at commit time). */
async function lineContaining(file: string, needle: string): Promise<number | null> {
  const rl = readline.createInterface({ input: fs.createReadStream(file), crlfDelay: Infinity });
  let n = 0;
  for await (const line of rl) {
    n++;
    if (line.includes(needle)) {
      rl.close();
      return n;
    }
  }
  return null;
}

/** A foreign-key violation found at commit names the key; point at the first line holding it. */
async function commitErrorToCsv(files: readonly TableFile[], err: PgErrorFields & { table?: string }): Promise<Error> {
  const tf = files.find((f) => f.table === err.table);
  const key = /Key \(([^)]+)\)=\(([^)]*)\)/.exec(err.detail ?? "");
  if (!tf || !key) return new Error(`${err.message}${err.detail ? ` (${err.detail})` : ""}`);
  const name = path.basename(tf.file);
  const { columns } = readHeader(tf.file);
  const line = await lineContaining(tf.file, key[2]);
  return new CsvLoadError(name, line, columns.indexOf(key[1]) + 1 || null, `${err.message} (${err.detail})`);
}

export interface CopyResult {
  readonly rows: Record<string, number>;
}

/** Loads `files` into the database of `client` in one transaction (truncating the tables first unless appending). */
export async function copyTableSet(client: Client, files: readonly TableFile[], opts: { truncate: boolean; onRows?: (n: number) => void } = { truncate: true }): Promise<CopyResult> {
  const headers = files.map((f) => {
    const { columns, dataOffset } = readHeader(f.file);
    return { ...f, columns: checkHeader(path.basename(f.file), columns, f.spec.columns.map((c) => c.name)), dataOffset };
  });
  const rows: Record<string, number> = {};
  await client.query("begin");
  try {
    // Foreign keys are deferrable: check them once at commit, so files can be loaded in any order.
    await client.query("set constraints all deferred");
    if (opts.truncate) await client.query(`truncate ${files.map((f) => quoteIdent(f.table)).join(", ")}`);
    for (const h of headers) {
      const sql = `copy ${quoteIdent(h.table)} (${h.columns.map(quoteIdent).join(", ")}) from stdin with (format csv)`;
      const copy = client.query(copyFrom(sql));
      try {
        await pipeline(fs.createReadStream(h.file, { start: h.dataOffset, highWaterMark: 1 << 20 }), copy);
      } catch (err) {
        throw copyErrorToCsv(path.basename(h.file), h.columns, err as PgErrorFields);
      }
      rows[h.table] = Number(copy.rowCount);
      opts.onRows?.(rows[h.table]);
    }
    try {
      await client.query("commit");
    } catch (err) {
      throw await commitErrorToCsv(files, err as PgErrorFields & { table?: string });
    }
  } catch (err) {
    await client.query("rollback").catch(() => undefined);
    throw err;
  }
  return { rows };
}
