/** Engine-test helpers: the real `lakehouse db start/stop` CLI, and SQL against the embedded PostgreSQL. */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { Client } from "pg";
import { ServerInfo } from "../../cli/db/embedded";

export const ROOT = path.resolve(__dirname, "..", "..");
export const BIN = path.join(ROOT, "bin", "lakehouse");

export function cli(args: readonly string[], env: NodeJS.ProcessEnv = process.env): { code: number; stdout: string; stderr: string } {
  const res = spawnSync(BIN, [...args], { encoding: "utf8", env, timeout: 600_000 });
  return { code: res.status ?? -1, stdout: res.stdout, stderr: res.stderr };
}

export function dbStart(dataDir: string): ServerInfo {
  const res = cli(["db", "start", "--data-dir", dataDir]);
  if (res.code !== 0) throw new Error(`db start failed: ${res.stderr}`);
  return JSON.parse(res.stdout.trim()) as ServerInfo;
}

export function dbStop(dataDir: string): void {
  cli(["db", "stop", "--data-dir", dataDir]);
}

/** A URL with the password in it, for in-process use only (never printed). */
export function urlWithPassword(info: ServerInfo, db: string): string {
  const password = encodeURIComponent(fs.readFileSync(info.passwordFile, "utf8").trim());
  return info.databases[db].replace(`${info.user}@`, `${info.user}:${password}@`);
}

export async function query<T = Record<string, unknown>>(url: string, sql: string, params: unknown[] = []): Promise<T[]> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(sql, params)).rows as T[];
  } finally {
    await client.end();
  }
}

/** Row count of every table of a database, for before/after comparisons. */
export async function counts(url: string, tables: readonly string[]): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const t of tables) out[t] = Number((await query<{ n: string }>(url, `select count(*) as n from ${t}`))[0].n);
  return out;
}
