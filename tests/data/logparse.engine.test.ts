/**
 * Cross-check with the streaming layer: the shared parser (`lakehouse_jobs.common.logparse`, run on local Spark)
 * accepts every generated line except the deliberately malformed ones, and rejects those for the expected reasons.
 */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { sources } from "../../contracts";
import { generate } from "../../cli/data/generate";
import { LogKind, MALFORMATIONS } from "../../cli/data/gen/malformed";
import { ROOT } from "./engine";
import { malformed, tempDir } from "./helpers";

jest.setTimeout(600_000);

const PYTHON = path.join(ROOT, ".venv", "bin", "python");

/** The parser must import: a missing .venv or a broken module fails the suite (it never skips), saying which. */
function requireParser(): void {
  if (!fs.existsSync(PYTHON)) throw new Error(`${PYTHON} not found: run bash scripts/setup.d/10-python.sh`);
  const r = spawnSync(PYTHON, ["-c", "import lakehouse_jobs.common.logparse_cli"], { encoding: "utf8" });
  if (r.status !== 0) throw new Error(`lakehouse_jobs.common.logparse_cli does not import with ${PYTHON}:\n${r.stderr.slice(-2000)}`);
}

interface Summary {
  total: number;
  valid: number;
  invalid: number;
  reasons: Record<string, number>;
}

// Both files in one local Spark session (a JVM start costs more than the parsing), through the CLI's own summary.
const SCRIPT = `
import json, sys
from pyspark.sql import SparkSession
from lakehouse_jobs.common import logparse
from lakehouse_jobs.common.logparse_cli import summarize
spark = (SparkSession.builder.master("local[2]").appName("source-data-logparse-check")
         .config("spark.sql.shuffle.partitions", "2").config("spark.sql.session.timeZone", "UTC")
         .config("spark.ui.enabled", "false").config("spark.ui.showConsoleProgress", "false").getOrCreate())
spark.sparkContext.setLogLevel("ERROR")
out = {kind: summarize(logparse.PARSERS[kind](spark.read.text(path))) for kind, path in zip(sys.argv[1::2], sys.argv[2::2])}
print(json.dumps(out))
spark.stop()
`;

function parseAll(files: Record<LogKind, string>): Record<LogKind, Summary> {
  const args = Object.entries(files).flat();
  const res = spawnSync(PYTHON, ["-c", SCRIPT, ...args], {
    encoding: "utf8",
    env: { ...process.env, SPARK_LOCAL_IP: "127.0.0.1" },
    timeout: 540_000,
  });
  if (res.status !== 0) throw new Error(`logparse failed (${res.status}): ${res.stderr.slice(-2000)}`);
  return JSON.parse(res.stdout.trim().split("\n").pop() as string) as Record<LogKind, Summary>;
}

describe("generated logs through the shared parser", () => {
  let dir: string;
  let injected: Partial<Record<LogKind, Record<string, number>>>;
  let rows: Record<string, number>;
  let parsed: Record<LogKind, Summary>;
  beforeAll(async () => {
    requireParser();
    dir = tempDir("logs-xcheck");
    const everyKind = (log: LogKind): Record<string, number> => Object.fromEntries(Object.keys(MALFORMATIONS[log]).map((k) => [k, 1]));
    const report = await generate({ out: dir, seed: 8, scale: 0.002, logs: "only", malformed: malformed(0.2, { clickstream: everyKind("clickstream"), accesslog: everyKind("accesslog") }) });
    injected = report.malformed;
    rows = report.rows;
    parsed = parseAll({ clickstream: path.join(dir, sources.logs.clickstream.file), accesslog: path.join(dir, sources.logs.accesslog.file) });
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it.each([["clickstream"], ["accesslog"]] as const)("%s: valid lines pass, each injected kind fails for its reason", (kind) => {
    const summary = parsed[kind];
    const expected: Record<string, number> = {};
    for (const [malformation, n] of Object.entries(injected[kind] ?? {})) {
      const reason = MALFORMATIONS[kind][malformation];
      expected[reason] = (expected[reason] ?? 0) + n;
    }
    const invalid = Object.values(expected).reduce((a, b) => a + b, 0);
    expect(invalid).toBeGreaterThan(0);
    expect(summary).toEqual({ total: rows[sources.logs[kind].file], valid: rows[sources.logs[kind].file] - invalid, invalid, reasons: expected });
  });
});
