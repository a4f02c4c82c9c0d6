/**
 * KPI reconciliation end to end: source data loaded into a real embedded PostgreSQL, the batch pipeline on local
 * Spark, Gold served by the Spark Thrift Server over HTTP; every business KPI computed from the sources with plain SQL
 * must equal the same KPI read from Gold. Run by scripts/tests.d/55-reconcile.sh, once on generated data (scale 0.01)
 * and once on the Kaggle-format fixture (tests/fixtures/kaggle).
 */
import * as fs from "fs";
import * as path from "path";
import { runBatch, BatchSummary } from "../../cli/local/batch";
import { killTree } from "../../cli/local/down";
import { startThrift } from "../../cli/local/serving";
import { LocalState, saveState } from "../../cli/local/state";
import { freePort } from "../../cli/engines/ports";
import { KPIS } from "../../cli/reconcile/kpis";
import { localStateTarget, reconcile } from "../../cli/reconcile/run";
import { cli, dbStart, dbStop, query, urlWithPassword } from "../data/engine";
import { readTable, tempDir } from "../data/helpers";
import { sources } from "../../contracts";

jest.setTimeout(1_200_000);

const FIXTURE = path.resolve(__dirname, "..", "fixtures", "kaggle");
const KPI_NAMES = KPIS.map((k) => k.name).sort();

/** Loads `csvDir` into a fresh embedded PostgreSQL, runs the batch over it and `logsDir`, and serves Gold. */
async function lakehouse(work: string, csvDir: string, logsDir: string): Promise<{ state: LocalState; summary: BatchSummary }> {
  const dataDir = path.join(work, "pg");
  const info = dbStart(dataDir);
  const load = cli(["data", "load", "--data-dir", dataDir, "--from-csv", csvDir]);
  if (load.code !== 0) throw new Error(`data load failed: ${load.stderr}`);
  const state: LocalState = { runDir: work, runDate: "2026-01-01", scale: 0, warehouse: path.join(work, "warehouse"), db: { ...info, dataDir } };
  fs.mkdirSync(path.join(work, "logs"), { recursive: true });
  const summary = await runBatch({ state, db: info, logsDir, logFile: path.join(work, "logs", "batch.log"), progress: () => undefined });
  await startThrift(state, await freePort(), path.join(work, "logs", "thrift.log"));
  saveState(state);
  return { state, summary };
}

async function stop(state: LocalState | undefined): Promise<void> {
  if (state?.thrift) await killTree(state.thrift.pid);
  if (state?.db) dbStop(state.db.dataDir);
}

const failures = (checks: { ok: boolean; check: string; detail: string }[]): string[] => checks.filter((c) => !c.ok).map((c) => `${c.check}: ${c.detail}`);

describe("generated data at scale 0.01", () => {
  let work: string;
  let data: string;
  let state: LocalState | undefined;
  let summary: BatchSummary;

  beforeAll(async () => {
    work = tempDir("reconcile-gen");
    data = path.join(work, "data");
    const gen = cli(["data", "generate", "--out", data, "--scale", "0.01", "--seed", "7"]);
    if (gen.code !== 0) throw new Error(`data generate failed: ${gen.stderr}`);
    ({ state, summary } = await lakehouse(work, data, data));
  });
  afterAll(async () => {
    await stop(state);
    fs.rmSync(work, { recursive: true, force: true });
  });

  it("passes the quality gate (closed deals of sellers who never sold included)", () => {
    expect(summary.quality.failures).toEqual([]);
    expect(summary.quality.passed).toBe(true);
  });

  it("gives every KPI the same value from the sources and from Gold", async () => {
    const checks = await reconcile(localStateTarget(state as LocalState));
    expect(checks.map((c) => c.check).sort()).toEqual(KPI_NAMES);
    expect(failures(checks)).toEqual([]);
  });

  it("fails, naming the KPIs, when a source value differs from what the batch read (negative control)", async () => {
    const ecom = urlWithPassword(state?.db as never, "ecom");
    const bump = "UPDATE order_payments SET payment_value = payment_value + $1 WHERE (order_id, payment_sequential) = (SELECT order_id, payment_sequential FROM order_payments ORDER BY order_id, payment_sequential LIMIT 1)";
    await query(ecom, bump, [1]);
    try {
      const failed = (await reconcile(localStateTarget(state as LocalState))).filter((c) => !c.ok).map((c) => c.check);
      expect(failed.sort()).toEqual(["payments by main payment type", "revenue by purchase month"]);
    } finally {
      await query(ecom, bump, [-1]);
    }
  });

  it("is what `lakehouse local verify --reconcile` reports for a local run", () => {
    const res = cli(["local", "verify", "--run-dir", work, "--reconcile", "--logs-dir", data]);
    for (const name of KPI_NAMES) expect(res.stdout).toContain(`✔ [reconcile] ${name}:`);
    expect(res.stdout).not.toContain("✘ [reconcile]");
  });

  it("is what `lakehouse local verify --reconcile --outputs` reports for a deployed stack's outputs", () => {
    const db = state?.db as NonNullable<LocalState["db"]>;
    const outputs = {
      powerBi: { server: state?.thrift?.url },
      postgres: { ecom: urlWithPassword(db, "ecom"), marketing: urlWithPassword(db, "marketing") },
    };
    const file = path.join(work, "outputs.json");
    fs.writeFileSync(file, JSON.stringify(outputs), { mode: 0o600 });
    const res = cli(["local", "verify", "--outputs", file, "--reconcile", "--logs-dir", data]);
    expect(res.stderr).toBe("");
    expect(res.code).toBe(0);
    for (const name of KPI_NAMES) expect(res.stdout).toContain(`✔ [reconcile] ${name}:`);
    const noLogs = cli(["local", "verify", "--outputs", file, "--reconcile"]);
    expect(noLogs.code).toBe(1);
    expect(noLogs.stdout).toContain("--reconcile against a stack needs --logs-dir");
  });
});

describe("the Kaggle-format fixture", () => {
  let work: string;
  let state: LocalState | undefined;
  let summary: BatchSummary;

  beforeAll(async () => {
    work = tempDir("reconcile-kaggle");
    const logs = path.join(work, "logs-src");
    const gen = cli(["data", "generate", "--out", logs, "--scale", "0.002", "--seed", "3", "--logs-only"]);
    if (gen.code !== 0) throw new Error(`data generate failed: ${gen.stderr}`);
    ({ state, summary } = await lakehouse(work, FIXTURE, logs));
  });
  afterAll(async () => {
    await stop(state);
    fs.rmSync(work, { recursive: true, force: true });
  });

  it("loads every row, passes the quality gate and keeps every closed deal, sold or not", () => {
    const rows = (csv: string): number => readTable(path.join(FIXTURE, csv)).length;
    for (const [db, { tables }] of Object.entries(sources.databases)) {
      for (const [table, spec] of Object.entries(tables)) expect([table, summary.counts.bronze[`${db}.${table}`]]).toEqual([table, rows(spec.csv)]);
    }
    expect(summary.quality.failures).toEqual([]);
    expect(summary.counts.gold.fact_closed_deals).toBe(rows(sources.databases.marketing.tables.closed_deals.csv));
    expect(summary.counts.gold.fact_orders).toBe(rows(sources.databases.ecom.tables.orders.csv));
  });

  it("gives every KPI the same value from the sources and from Gold", async () => {
    const checks = await reconcile(localStateTarget(state as LocalState, path.join(work, "logs-src")));
    expect(failures(checks)).toEqual([]);
  });
});
