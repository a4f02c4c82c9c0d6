/** `lakehouse data load`: pick the source (CSV directory or fresh generation) and the target, then load or append. */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { sources, SourceDatabaseName } from "../../../contracts";
import { withClient } from "../../db/client";
import { SOURCE_DATABASES } from "../../db/ddl";
import { generate } from "../generate";
import { Progress, progressFor } from "../progress";
import { appendDay, AppendSummary } from "./append";
import { copyTableSet, TableFile } from "./copy";
import { resolveTarget } from "./target";

export interface LoadOptions {
  readonly databaseUrl?: string;
  readonly dataDir?: string;
  readonly fromCsv?: string;
  readonly scale?: number;
  readonly seed: number;
  readonly append?: boolean;
  readonly day?: string;
  readonly keepRunning?: boolean;
  readonly progress?: Progress;
}

export interface LoadSummary {
  readonly target: string;
  readonly loaded?: Partial<Record<SourceDatabaseName, Record<string, number>>>;
  readonly appended?: AppendSummary;
  readonly seconds: number;
}

/**
 * The table sets present in `dir`. A database whose files are all missing is skipped (the Kaggle e-commerce and
 * marketing datasets are separate downloads); one with only some of its files is an error naming the missing ones.
 */
export function planTableSets(dir: string): Partial<Record<SourceDatabaseName, TableFile[]>> {
  if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) throw new Error(`--from-csv: ${dir} is not a directory`);
  const sets: Partial<Record<SourceDatabaseName, TableFile[]>> = {};
  for (const db of SOURCE_DATABASES) {
    const files = Object.entries(sources.databases[db].tables).map(([table, spec]) => ({ table, spec, file: path.join(dir, spec.csv) }));
    const missing = files.filter((f) => !fs.existsSync(f.file)).map((f) => f.spec.csv);
    if (missing.length === files.length) continue;
    if (missing.length > 0) throw new Error(`--from-csv ${dir}: the ${db} tables need ${missing.join(", ")} as well`);
    sets[db] = files;
  }
  if (Object.keys(sets).length === 0) {
    throw new Error(`--from-csv ${dir}: no Olist CSV files found (expected e.g. ${sources.databases.ecom.tables.orders.csv})`);
  }
  return sets;
}

function validate(opts: LoadOptions): void {
  if (opts.append && !opts.day) throw new Error("--append needs --day YYYY-MM-DD (the day of orders to add)");
  if (opts.day && !opts.append) throw new Error("--day is only meaningful with --append");
  if (!opts.append && !opts.fromCsv && opts.scale === undefined) throw new Error("give --from-csv DIR or --scale S (with --seed N) to say what to load");
  if (opts.fromCsv && opts.scale !== undefined) throw new Error("give either --from-csv or --scale, not both");
}

export async function runLoad(opts: LoadOptions): Promise<LoadSummary> {
  validate(opts);
  const started = process.hrtime.bigint();
  const progress = opts.progress ?? progressFor(false);
  let tmp: string | null = null;
  let csvDir = opts.fromCsv;
  if (!opts.append && !csvDir) {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), "lakehouse-load-"));
    await generate({ out: tmp, seed: opts.seed, scale: opts.scale as number, logs: "none", malformed: { clickstream: { share: 0, kinds: {} }, accesslog: { share: 0, kinds: {} } }, progress });
    csvDir = tmp;
  }
  const sets = csvDir ? planTableSets(csvDir) : {};
  const target = await resolveTarget(opts);
  try {
    const seconds = (): number => Number(process.hrtime.bigint() - started) / 1e9;
    if (opts.append) {
      const appended = await withClient(target.config("ecom"), (c) => appendDay(c, opts.seed, opts.day as string));
      return { target: target.label, appended, seconds: seconds() };
    }
    const loaded: LoadSummary["loaded"] = {};
    for (const [db, files] of Object.entries(sets) as [SourceDatabaseName, TableFile[]][]) {
      progress.start(`load ${db}`, files.length);
      const result = await withClient(target.config(db), (c) => copyTableSet(c, files, { truncate: true, onRows: () => progress.tick() }));
      progress.stop();
      loaded[db] = result.rows;
    }
    return { target: target.label, loaded, seconds: seconds() };
  } finally {
    await target.close();
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
  }
}
