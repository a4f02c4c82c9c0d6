/**
 * Runs every KPI on both sides and reports one check per KPI: the sources (PostgreSQL `ecom`/`marketing` and the log
 * files) against Gold read through the Spark Thrift Server over HTTP, as Power BI reads it.
 */
import { Client, ClientConfig } from "pg";
import * as path from "path";
import { configFromUrl } from "../data/load/target";
import { readPassword } from "../db/embedded";
import { LocalState } from "../local/state";
import { parseHttpEndpoint, queryHive } from "../serving/hive";
import { Check } from "../local/verify";
import { compareKpi, KpiRow } from "./compare";
import { Kpi, KPIS } from "./kpis";
import { loadLogs } from "./logs";

export interface ReconcileTarget {
  /** Connection settings of each source database (`ecom`, `marketing`). */
  readonly databases: Readonly<Record<"ecom" | "marketing", ClientConfig>>;
  /** Folder of the clickstream and access-log files the batch read. */
  readonly logsDir: string;
  /** `http://host:port/cliservice` */
  readonly thriftUrl: string;
  readonly hiveTimeoutMs?: number;
}

async function sourceRows(target: ReconcileTarget, kpis: readonly Kpi[]): Promise<Map<Kpi, KpiRow[]>> {
  const out = new Map<Kpi, KpiRow[]>();
  for (const db of ["ecom", "marketing"] as const) {
    const mine = kpis.filter((k) => k.source === db || (db === "ecom" && k.source === "logs"));
    if (mine.length === 0) continue;
    const client = new Client(target.databases[db]);
    await client.connect();
    try {
      // Timestamps are wall times in UTC, as the batch reads them; dates of instants are taken in UTC too.
      await client.query("SET TIME ZONE 'UTC'");
      if (mine.some((k) => k.source === "logs")) await loadLogs(client, target.logsDir);
      for (const kpi of mine) out.set(kpi, (await client.query(kpi.sourceSql)).rows as KpiRow[]);
    } finally {
      await client.end().catch(() => undefined);
    }
  }
  return out;
}

/** One check per KPI (layer `reconcile`); a KPI whose keys or values differ fails with the first differences. */
export async function reconcile(target: ReconcileTarget): Promise<Check[]> {
  const kpis = KPIS;
  const gold = await queryHive(parseHttpEndpoint(target.thriftUrl), kpis.map((k) => k.goldSql), target.hiveTimeoutMs);
  const source = await sourceRows(target, kpis);
  const checks: Check[] = kpis.map((kpi, i) => {
    try {
      const diff = compareKpi(source.get(kpi) ?? [], gold[i]);
      const ok = diff.problems.length === 0;
      return { layer: "reconcile", check: kpi.name, ok, detail: ok ? `${diff.rows} rows match` : diff.problems.join("; ") };
    } catch (err) {
      return { layer: "reconcile", check: kpi.name, ok: false, detail: (err as Error).message };
    }
  });
  return checks;
}

/** The target of a local lakehouse: its embedded PostgreSQL, the generated logs, its Thrift Server. */
export function localTarget(
  db: { host: string; port: number; user: string; password: string },
  logsDir: string,
  thriftUrl: string,
): ReconcileTarget {
  const config = (database: string): ClientConfig => ({ host: db.host, port: db.port, user: db.user, password: db.password, database });
  return { databases: { ecom: config("ecom"), marketing: config("marketing") }, logsDir, thriftUrl };
}

/** The target of a local lakehouse recorded in its state.json (`lakehouse local up --keep`). */
export function localStateTarget(state: LocalState, logsDir?: string): ReconcileTarget {
  if (!state.db) throw new Error("no PostgreSQL recorded in state.json (start with lakehouse local up --keep)");
  if (!state.thrift) throw new Error("no Spark Thrift Server recorded in state.json (start with lakehouse local up --keep)");
  const db = { ...state.db, password: readPassword(state.db.passwordFile) };
  return localTarget(db, logsDir ?? path.join(state.runDir, "data"), state.thrift.url);
}

/**
 * The target of a deployed stack from its outputs (`pulumi stack output --json --show-secrets`): `postgres.ecom`,
 * `postgres.marketing` and `powerBi.server`. `databaseUrl` replaces the host, port and credentials of the outputs'
 * URLs (their host is the private network's name, which the machine running this may not resolve).
 */
export function stackTarget(outputs: Record<string, unknown>, logsDir: string, databaseUrl?: string): ReconcileTarget {
  const urls = (outputs.postgres ?? {}) as Record<string, unknown>;
  const server = (outputs.powerBi as { server?: unknown } | undefined)?.server;
  if (typeof server !== "string") throw new Error("the stack has no powerBi.server output");
  const config = (database: "ecom" | "marketing"): ClientConfig => {
    const url = databaseUrl ?? urls[database];
    if (typeof url !== "string" || !url.startsWith("postgres")) {
      throw new Error(`the stack output postgres.${database} is not a postgresql:// URL (run 'pulumi stack output --json --show-secrets', or give --database-url)`);
    }
    return { ...configFromUrl(url), database };
  };
  return { databases: { ecom: config("ecom"), marketing: config("marketing") }, logsDir, thriftUrl: server };
}
