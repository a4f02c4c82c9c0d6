/** Where a load goes: a PostgreSQL given by URL, or the embedded one in a data directory (started if needed). */
import * as path from "path";
import { ClientConfig } from "pg";
import { parse } from "pg-connection-string";
import { SourceDatabaseName } from "../../../contracts";
import { applySourceDdl } from "../../db/ddl";
import { HOST, SUPERUSER, dataDirPaths, isRunning, readPassword, startEmbedded, stopEmbedded } from "../../db/embedded";

export interface Target {
  /** host:port, for reports (never the password). */
  readonly label: string;
  config(database: SourceDatabaseName): ClientConfig;
  /** Stops what this target started (unless asked to keep it). */
  close(): Promise<void>;
}

export const DEFAULT_DATA_DIR = path.resolve(__dirname, "..", "..", "..", ".local", "postgres");

/** Client settings from a URL; without a password in it, node-postgres falls back to PGPASSWORD, then ~/.pgpass. */
export function configFromUrl(url: string): ClientConfig {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(url);
  } catch {
    throw new Error("--database-url is not a valid postgresql:// URL");
  }
  if (!parsed.host) throw new Error("--database-url has no host");
  return {
    host: parsed.host,
    port: parsed.port ? Number(parsed.port) : 5432,
    user: parsed.user ?? undefined,
    password: parsed.password || undefined,
    ssl: parsed.ssl ? (parsed.ssl as ClientConfig["ssl"]) : undefined,
  };
}

export async function urlTarget(url: string): Promise<Target> {
  const base = configFromUrl(url);
  await applySourceDdl(base);
  return { label: `${base.host}:${base.port}`, config: (database) => ({ ...base, database }), close: async () => undefined };
}

export async function embeddedTarget(dir: string, keepRunning: boolean): Promise<Target> {
  const wasRunning = await isRunning(dataDirPaths(dir));
  const info = await startEmbedded(dir);
  const password = readPassword(info.passwordFile);
  return {
    label: `${HOST}:${info.port}`,
    config: (database) => ({ host: HOST, port: info.port, user: SUPERUSER, password, database }),
    close: async () => {
      if (!wasRunning && !keepRunning) await stopEmbedded(dir);
    },
  };
}

export async function resolveTarget(opts: { databaseUrl?: string; dataDir?: string; keepRunning?: boolean }): Promise<Target> {
  if (opts.databaseUrl && opts.dataDir) throw new Error("give either --database-url or --data-dir, not both");
  if (opts.databaseUrl) return urlTarget(opts.databaseUrl);
  return embeddedTarget(opts.dataDir ?? DEFAULT_DATA_DIR, Boolean(opts.keepRunning));
}
