/**
 * Source-data benchmark: generation rows/s at scale 1 and 10 and peak memory (the 10x run must not need 10x memory:
 * generation streams), log lines/s at scale 1, and COPY load throughput at scale 1 against `psql \copy` of the same
 * files into the same server in the same run. Writes bench/results/source-data.json.
 * BENCH_SOURCE_SCALES=1,10 to change the generation scales (the first is the reference).
 */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { sources } from "../contracts";

const ROOT = path.resolve(__dirname, "..");
const BIN = path.join(ROOT, "bin", "lakehouse");
const PSQL = process.env.PSQL ?? "/usr/bin/psql";

interface Timed {
  seconds: number;
  peakRssMb: number;
  stdout: string;
}

/** Runs a command under GNU time for wall time and peak RSS. */
function timed(cmd: string, args: readonly string[], env: NodeJS.ProcessEnv = process.env): Timed {
  const started = process.hrtime.bigint();
  const res = spawnSync("/usr/bin/time", ["-v", cmd, ...args], { encoding: "utf8", env, maxBuffer: 1 << 26 });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (res.status !== 0) throw new Error(`${cmd} ${args.join(" ")} failed: ${res.stderr.slice(-3000)}`);
  const kb = Number(/Maximum resident set size \(kbytes\): (\d+)/.exec(res.stderr)?.[1] ?? 0);
  return { seconds, peakRssMb: Math.round(kb / 1024), stdout: res.stdout };
}

function generation(scale: number, dir: string, what: "--no-logs" | "--logs-only"): { rows: number; seconds: number; rowsPerSecond: number; peakRssMb: number } {
  const t = timed(BIN, ["data", "generate", "--out", dir, "--scale", String(scale), "--seed", "1", what]);
  const report = JSON.parse(t.stdout.trim()) as { rows: Record<string, number> };
  const rows = Object.values(report.rows).reduce((a, b) => a + b, 0);
  return { rows, seconds: round(t.seconds), rowsPerSecond: Math.round(rows / t.seconds), peakRssMb: t.peakRssMb };
}

const round = (x: number, digits = 2): number => Number(x.toFixed(digits));

/** The same work as the loader, done by psql: one transaction, TRUNCATE, then \copy of every file. */
function psqlScript(db: "ecom" | "marketing", dir: string): string {
  const tables = Object.entries(sources.databases[db].tables);
  const lines = ["\\set ON_ERROR_STOP on", "begin;", "set constraints all deferred;", `truncate ${tables.map(([t]) => t).join(", ")};`];
  for (const [table, spec] of tables) {
    lines.push(`\\copy ${table} (${spec.columns.map((c) => c.name).join(", ")}) from '${path.join(dir, spec.csv)}' with (format csv, header true)`);
  }
  lines.push("commit;");
  return lines.join("\n") + "\n";
}

function loadComparison(dir: string, dataDir: string): Record<string, number> {
  const start = spawnSync(BIN, ["db", "start", "--data-dir", dataDir], { encoding: "utf8" });
  if (start.status !== 0) throw new Error(`db start failed: ${start.stderr}`);
  const info = JSON.parse(start.stdout.trim()) as { port: number; user: string; passwordFile: string; databases: Record<string, string> };
  const env = { ...process.env, PGPASSWORD: fs.readFileSync(info.passwordFile, "utf8").trim() };
  try {
    const ours = timed(BIN, ["data", "load", "--database-url", info.databases.ecom, "--from-csv", dir], env);
    const loaded = JSON.parse(ours.stdout.trim()) as { loaded: Record<string, Record<string, number>> };
    const rows = Object.values(loaded.loaded).flatMap((t) => Object.values(t)).reduce((a, b) => a + b, 0);
    let psqlSeconds = 0;
    for (const db of ["ecom", "marketing"] as const) {
      const script = path.join(dir, `bench-${db}.sql`);
      fs.writeFileSync(script, psqlScript(db, dir));
      psqlSeconds += timed(PSQL, ["-q", "-X", "-d", info.databases[db], "-f", script], env).seconds;
    }
    return {
      rows,
      loaderSeconds: round(ours.seconds),
      loaderRowsPerSecond: Math.round(rows / ours.seconds),
      psqlCopySeconds: round(psqlSeconds),
      psqlCopyRowsPerSecond: Math.round(rows / psqlSeconds),
      ratioToPsqlCopy: round(psqlSeconds / ours.seconds, 3),
    };
  } finally {
    spawnSync(BIN, ["db", "stop", "--data-dir", dataDir]);
  }
}

function main(): void {
  const scales = (process.env.BENCH_SOURCE_SCALES ?? "1,10").split(",").map(Number);
  const work = fs.mkdtempSync(path.join(os.tmpdir(), "bench-source-data-"));
  fs.chmodSync(work, 0o755);
  try {
    const gen = scales.map((scale) => {
      const dir = path.join(work, `scale-${scale}`);
      const figures = { scale, ...generation(scale, dir, "--no-logs") };
      console.log(`generate tables scale ${scale}: ${figures.rows} rows in ${figures.seconds}s = ${figures.rowsPerSecond} rows/s, peak RSS ${figures.peakRssMb} MiB`);
      if (scale !== scales[0]) fs.rmSync(dir, { recursive: true, force: true });
      return figures;
    });
    const [ref, ...rest] = gen;
    const scaling = rest.map((g) => ({
      scale: g.scale,
      rowsPerSecondRatio: round(g.rowsPerSecond / ref.rowsPerSecond, 3),
      peakRssRatio: round(g.peakRssMb / ref.peakRssMb, 3),
    }));
    for (const s of scaling) console.log(`scale ${s.scale} vs ${ref.scale}: rows/s ratio ${s.rowsPerSecondRatio}, peak memory ratio ${s.peakRssRatio} (streaming: both ~1)`);
    const logs = generation(scales[0], path.join(work, "logs"), "--logs-only");
    console.log(`generate logs scale ${scales[0]}: ${logs.rows} lines = ${logs.rowsPerSecond} lines/s, peak RSS ${logs.peakRssMb} MiB`);
    const load = loadComparison(path.join(work, `scale-${scales[0]}`), path.join(work, "pg"));
    console.log(`load scale ${scales[0]}: ${load.loaderRowsPerSecond} rows/s vs psql \\copy ${load.psqlCopyRowsPerSecond} rows/s: ratio ${load.ratioToPsqlCopy}`);
    const out = path.join(ROOT, "bench", "results", "source-data.json");
    fs.mkdirSync(path.dirname(out), { recursive: true });
    fs.writeFileSync(out, JSON.stringify({ cpus: os.cpus().length, loadAverage: os.loadavg(), generation: gen, scaling, logs, load }, null, 2) + "\n");
    console.log(`wrote ${out}`);
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

main();
