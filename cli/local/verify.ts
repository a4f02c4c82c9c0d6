/**
 * `lakehouse local verify`: checks every layer of a running local lakehouse (or, with stack outputs, a deployed one)
 * and reports each check; any failure makes the command exit non-zero with a message naming the layer and the check.
 */
import * as fs from "fs";
import * as path from "path";
import { Client } from "pg";
import { kafka, sources, storage } from "../../contracts";
import { readPassword } from "../db/embedded";
import { parseHttpEndpoint, queryHive } from "../serving/hive";
import { cassandraCounts, contractTopicNames, endOffsets, total } from "../stream/sinks";
import { conservation } from "../stream/run";
import { kafkaClient } from "../stream/topics";
import { BatchSummary } from "./batch";
import { LocalState } from "./state";

export interface Check {
  readonly layer: string;
  readonly check: string;
  readonly ok: boolean;
  readonly detail: string;
}

type CheckFn = () => Promise<string>;

/** Runs one check; a thrown error (or a returned detail starting with "FAIL:") marks it failed. */
async function check(layer: string, name: string, fn: CheckFn): Promise<Check> {
  try {
    const detail = await fn();
    const failed = detail.startsWith("FAIL:");
    return { layer, check: name, ok: !failed, detail: failed ? detail.slice(5).trim() : detail };
  } catch (err) {
    return { layer, check: name, ok: false, detail: err instanceof Error ? err.message.split("\n")[0] : String(err) };
  }
}

function parquetFiles(dir: string): number {
  if (!fs.existsSync(dir)) return 0;
  let n = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    if (entry.isDirectory()) n += parquetFiles(path.join(dir, entry.name));
    else if (entry.name.endsWith(".parquet")) n += 1;
  }
  return n;
}

/** Row count of every Gold table over the HiveServer2 HTTP endpoint; each table must have rows. */
export async function goldChecks(serverUrl: string, timeoutMs?: number): Promise<Check[]> {
  const endpoint = parseHttpEndpoint(serverUrl);
  const gold = storage.hiveDatabases.gold;
  let counts: number[] = [];
  const connect = await check("serving", `HiveServer2 over HTTP at ${serverUrl}`, async () => {
    const rows = await queryHive(endpoint, storage.goldTables.map((t) => `SELECT COUNT(*) AS n FROM ${gold}.${t}`), timeoutMs);
    counts = rows.map((r) => Number(r[0]?.n ?? 0));
    return `${storage.goldTables.length} Gold tables readable`;
  });
  if (!connect.ok) return [connect];
  return [
    connect,
    ...storage.goldTables.map((t, i) => ({
      layer: "gold",
      check: `${gold}.${t} has rows`,
      ok: counts[i] > 0,
      detail: `${counts[i]} rows`,
    })),
  ];
}

async function sourceChecks(state: LocalState): Promise<Check[]> {
  const db = state.db;
  if (!db) return [{ layer: "sources", check: "PostgreSQL running", ok: false, detail: "no PostgreSQL recorded in state.json" }];
  const checks: Check[] = [];
  for (const [database, { tables }] of Object.entries(sources.databases)) {
    const client = new Client({ host: db.host, port: db.port, user: db.user, password: readPassword(db.passwordFile), database });
    try {
      await client.connect();
      for (const table of Object.keys(tables)) {
        checks.push(
          await check("sources", `${database}.${table} has rows`, async () => {
            const { rows } = await client.query(`SELECT COUNT(*)::int AS n FROM "${table}"`);
            return rows[0].n > 0 ? `${rows[0].n} rows` : `FAIL: ${database}.${table} is empty`;
          }),
        );
      }
    } catch (err) {
      checks.push({ layer: "sources", check: `connect to ${database}`, ok: false, detail: (err as Error).message });
    } finally {
      await client.end().catch(() => undefined);
    }
  }
  return checks;
}

async function warehouseChecks(state: LocalState): Promise<Check[]> {
  const layers = Object.values(storage.layers).map((layer) =>
    check("warehouse", `${layer} holds Parquet`, async () => {
      const n = parquetFiles(path.join(state.warehouse, layer));
      return n > 0 ? `${n} Parquet files` : `FAIL: no Parquet files under ${path.join(state.warehouse, layer)}`;
    }),
  );
  const summary = state.summary as { batch?: BatchSummary } | undefined;
  const quality = check("quality", "data-quality checks passed", async () => {
    const q = summary?.batch?.quality;
    if (!q) return "FAIL: no quality report recorded (did the batch step run?)";
    return q.passed ? `${q.checks} checks passed` : `FAIL: ${q.failures.join("; ")}`;
  });
  return Promise.all([...layers, quality]);
}

/** Live streaming checks: Kafka counts conserve per log kind, and every Cassandra table has rows. */
async function streamChecks(state: LocalState): Promise<Check[]> {
  if (!state.kafka?.port || !state.cassandra?.port) {
    return [{ layer: "streaming", check: "Kafka and Cassandra running", ok: false, detail: "not recorded in state.json (did the stream step run?)" }];
  }
  const bootstrap = `${state.kafka.host}:${state.kafka.port}`;
  const checks: Check[] = [];
  let topics: Record<string, number> = {};
  checks.push(
    await check("streaming", `Kafka at ${bootstrap} answers`, async () => {
      const admin = kafkaClient(bootstrap, "lakehouse-verify").admin();
      await admin.connect();
      try {
        const ends = await endOffsets(admin, contractTopicNames());
        topics = Object.fromEntries(Object.entries(ends).map(([t, o]) => [t, total(o)]));
      } finally {
        await admin.disconnect();
      }
      return `${Object.keys(topics).length} topics`;
    }),
  );
  for (const [kind, ok] of Object.entries(conservation({ topics, cassandra: {} }))) {
    const n = (role: string) => topics[kafka.topics[`${kind}${role}`]?.name] ?? 0;
    const detail = `${n("Raw")} = ${n("Processed")} + ${n("DeadLetter")}`;
    checks.push({ layer: "streaming", check: `${kind}: raw = processed + dead-lettered`, ok, detail });
  }
  const rows = await cassandraCounts(`${state.cassandra.host}:${state.cassandra.port}`).catch((err: Error) => err);
  if (rows instanceof Error) return [...checks, { layer: "cassandra", check: "Cassandra answers", ok: false, detail: rows.message }];
  for (const [table, n] of Object.entries(rows)) {
    checks.push({ layer: "cassandra", check: `${table} has rows`, ok: n > 0, detail: `${n} rows` });
  }
  return checks;
}

export async function verifyLocal(state: LocalState, extra: readonly (() => Promise<Check[]>)[] = []): Promise<Check[]> {
  const results: Check[] = [...(await sourceChecks(state)), ...(await warehouseChecks(state))];
  results.push(
    ...(state.thrift
      ? await goldChecks(state.thrift.url)
      : [{ layer: "serving", check: "Spark Thrift Server running", ok: false, detail: "not running (start with lakehouse local up --keep)" }]),
  );
  if (state.summary && (state.summary as { stream?: unknown }).stream) results.push(...(await streamChecks(state)));
  for (const more of extra) results.push(...(await more()));
  results.push(
    await check("serving", "Power BI .pbids file", async () => {
      if (!state.pbids || !fs.existsSync(state.pbids)) return "FAIL: no .pbids file written";
      const doc = JSON.parse(fs.readFileSync(state.pbids, "utf8"));
      return `server ${doc.connections[0].details.address.server}`;
    }),
    await check("report", "HTML report written", async () => (state.report && fs.existsSync(state.report) ? state.report : "FAIL: no report file")),
  );
  return results;
}

/** Checks a deployed stack from its outputs (`pulumi stack output --json`): every URL answers and Gold is readable. */
export async function verifyStack(outputs: Record<string, unknown>, hiveTimeoutMs?: number): Promise<Check[]> {
  const results: Check[] = [];
  const urls = (outputs.urls ?? {}) as Record<string, string>;
  for (const [name, url] of Object.entries(urls)) {
    results.push(
      await check("ui", `${name} answers at ${url}`, async () => {
        const res = await fetch(url, { redirect: "manual", signal: AbortSignal.timeout(10_000) });
        return res.status < 500 ? `HTTP ${res.status}` : `FAIL: HTTP ${res.status}`;
      }),
    );
  }
  const powerBi = outputs.powerBi as { server?: string } | undefined;
  if (!powerBi?.server) results.push({ layer: "serving", check: "powerBi output", ok: false, detail: "the stack has no powerBi.server output" });
  else results.push(...(await goldChecks(powerBi.server, hiveTimeoutMs)));
  return results;
}

export function formatChecks(checks: readonly Check[]): string {
  return checks.map((c) => `${c.ok ? "✔" : "✘"} [${c.layer}] ${c.check}: ${c.detail}`).join("\n");
}
