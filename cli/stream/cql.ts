/** Applies the repo's CQL files (cql/*.cql, in name order) statement by statement with the Node Cassandra driver. */
import * as fs from "fs";
import * as path from "path";
import { Client } from "cassandra-driver";
import { CASSANDRA_LOCAL_DC } from "../engines";

/**
 * Splits a CQL script into statements: drops `--`, `//` and block comments, splits on `;` outside quotes
 * ('...', "..." and $$...$$ bodies), trims, and skips empty statements.
 */
export function splitCql(text: string): string[] {
  const out: string[] = [];
  let cur = "";
  let i = 0;
  const closers: Record<string, string> = { "'": "'", '"': '"', $$: "$$" };
  while (i < text.length) {
    const two = text.slice(i, i + 2);
    const c = text[i];
    if (two === "--" || two === "//") {
      const nl = text.indexOf("\n", i);
      i = nl < 0 ? text.length : nl;
    } else if (two === "/*") {
      const end = text.indexOf("*/", i + 2);
      i = end < 0 ? text.length : end + 2;
    } else if (c === "'" || c === '"' || two === "$$") {
      const open = two === "$$" ? two : c;
      const end = text.indexOf(closers[open], i + open.length);
      const stop = end < 0 ? text.length : end + open.length;
      cur += text.slice(i, stop);
      i = stop;
    } else if (c === ";") {
      if (cur.trim()) out.push(cur.trim());
      cur = "";
      i++;
    } else {
      cur += c;
      i++;
    }
  }
  if (cur.trim()) out.push(cur.trim());
  return out;
}

export function cassandraClient(hostPort: string, keyspace?: string): Client {
  return new Client({ contactPoints: [hostPort], localDataCenter: CASSANDRA_LOCAL_DC, keyspace });
}

/** The cql/*.cql files of `dir`, sorted; an error naming the dir when there are none. */
export function cqlFiles(dir: string): string[] {
  const files = fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => f.endsWith(".cql")).sort() : [];
  if (files.length === 0) throw new Error(`no CQL files in ${dir} (the Cassandra schema is written by helper stream-jobs)`);
  return files.map((f) => path.join(dir, f));
}

/** Executes every statement of the files in order; the statements are expected to be idempotent (IF NOT EXISTS). */
export async function applyCql(hostPort: string, files: readonly string[]): Promise<number> {
  const client = cassandraClient(hostPort);
  await client.connect();
  let n = 0;
  try {
    for (const file of files) {
      for (const stmt of splitCql(fs.readFileSync(file, "utf8"))) {
        try {
          await client.execute(stmt);
        } catch (err) {
          throw new Error(`${file}: statement ${n + 1} failed: ${(err as Error).message}\n${stmt}`);
        }
        n++;
      }
    }
  } finally {
    await client.shutdown();
  }
  return n;
}
