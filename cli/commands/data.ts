/** `lakehouse data`: generate the Olist source data and logs, and load tables into PostgreSQL. */
import { Command, InvalidArgumentError, Option } from "commander";
import { generate, LogSelection } from "../data/generate";
import { defaultKindWeights, LogKind, MalformedConfig, parseKindWeights } from "../data/gen/malformed";
import { progressFor } from "../data/progress";
import { runLoad } from "../data/load/run";

export function parseScale(value: string): number {
  const n = Number(value);
  if (!(n > 0) || !Number.isFinite(n)) throw new InvalidArgumentError(`scale must be a number > 0 (1 = the real Olist size), got "${value}"`);
  return n;
}

export function parseSeed(value: string): number {
  if (!/^\d+$/.test(value) || Number(value) > 0xffffffff) throw new InvalidArgumentError(`seed must be an integer from 0 to 4294967295, got "${value}"`);
  return Number(value);
}

export function parseShare(value: string): number {
  const n = Number(value);
  if (!(n >= 0 && n <= 1) || value.trim() === "") throw new InvalidArgumentError(`share must be a number from 0 to 1, got "${value}"`);
  return n;
}

export function parseDay(value: string): string {
  const ok = /^\d{4}-\d{2}-\d{2}$/.test(value) && new Date(`${value}T00:00:00Z`).toISOString().startsWith(value);
  if (!ok) throw new InvalidArgumentError(`day must be a calendar date YYYY-MM-DD, got "${value}"`);
  return value;
}

function malformedConfig(kind: LogKind, share: number, spec?: string): MalformedConfig {
  return { share, kinds: spec ? parseKindWeights(kind, spec) : defaultKindWeights(kind) };
}

const SCALE_HELP = "size relative to the real Olist data: 1 = ~99k orders and ~1M geolocation rows, 0.01 for tests";

export function register(program: Command): void {
  const data = program.command("data").description("Generate Olist-like source data and logs, and load them into PostgreSQL");

  data
    .command("generate")
    .description(
      "Write the 11 Olist tables as CSV files named like the Kaggle originals (olist_*_dataset.csv, " +
        "product_category_name_translation.csv) and the two log files (clickstream, access log) into DIR.\n" +
        "Output is identical, byte for byte, for the same --seed and --scale. A generation-manifest.json beside " +
        "the files lists the row counts and how many log lines were deliberately malformed, by kind.",
    )
    .requiredOption("--out <dir>", "output directory (created if missing; existing files are overwritten)")
    .option("--scale <s>", SCALE_HELP, parseScale, 1)
    .option("--seed <n>", "random seed: the same seed gives the same data", parseSeed, 42)
    .addOption(new Option("--logs-only", "write only the two log files").conflicts("logs"))
    .option("--no-logs", "write only the 11 tables")
    .option("--malformed-share <x>", "share of log lines that are deliberately malformed (0 to 1)", parseShare, 0.01)
    .option("--clickstream-malformations <spec>", "weights of the clickstream malformations, e.g. truncated=2,bad_id=1 (kinds: truncated, garbage, bad_timestamp, bad_id, bad_amount, empty)")
    .option("--accesslog-malformations <spec>", "weights of the access-log malformations (kinds: truncated, garbage, bad_timestamp, bad_host, bad_request, bad_method, bad_status, empty)")
    .action(async (o: { out: string; scale: number; seed: number; logsOnly?: boolean; logs: boolean; malformedShare: number; clickstreamMalformations?: string; accesslogMalformations?: string }) => {
      const logs: LogSelection = o.logsOnly ? "only" : o.logs ? "all" : "none";
      const report = await generate({
        out: o.out,
        seed: o.seed,
        scale: o.scale,
        logs,
        malformed: {
          clickstream: malformedConfig("clickstream", o.malformedShare, o.clickstreamMalformations),
          accesslog: malformedConfig("accesslog", o.malformedShare, o.accesslogMalformations),
        },
        progress: progressFor(),
      });
      process.stdout.write(JSON.stringify(report) + "\n");
    });

  data
    .command("load")
    .description(
      "Load the Olist tables into the ecom and marketing databases with COPY, one transaction per database: the " +
        "tables are emptied and refilled, so running it twice gives the same rows. A malformed CSV stops the load " +
        "with file:line:column and a reason, and leaves the database as it was.\n" +
        "Source: --from-csv DIR (the real Kaggle files or `data generate` output) or --scale/--seed (generated on " +
        "the fly). Target: --database-url (any PostgreSQL; the password comes from the URL, PGPASSWORD or " +
        "~/.pgpass), or --data-dir (embedded PostgreSQL started there if needed). With neither, an embedded " +
        "PostgreSQL in .local/postgres is started for the load and stopped afterwards.\n" +
        "--append --day D adds one day of new orders (with customers, items, payments, reviews) and moves some " +
        "open orders forward (e.g. shipped -> delivered), so incremental ingestion sees inserts and updates.",
    )
    .option("--database-url <url>", "postgresql://user[:password]@host:port/anydb (the ecom and marketing databases on that server are used)")
    .option("--data-dir <dir>", "embedded PostgreSQL data directory (see `lakehouse db start`)")
    .option("--from-csv <dir>", "directory with the Kaggle CSV files (olist_*_dataset.csv, ...)")
    .option("--scale <s>", SCALE_HELP, parseScale)
    .option("--seed <n>", "random seed for generated data", parseSeed, 42)
    .option("--append", "append one day of orders instead of replacing the tables (needs --day)")
    .option("--day <yyyy-mm-dd>", "the day to append", parseDay)
    .option("--keep-running", "leave the embedded PostgreSQL running after the load")
    .action(async (o: { databaseUrl?: string; dataDir?: string; fromCsv?: string; scale?: number; seed: number; append?: boolean; day?: string; keepRunning?: boolean }) => {
      const summary = await runLoad({ ...o, progress: progressFor() });
      process.stdout.write(JSON.stringify(summary) + "\n");
    });
}
