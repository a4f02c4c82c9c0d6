/**
 * `lakehouse data generate`: writes the 11 Olist tables as CSV files named like the Kaggle originals and the two
 * log files, deterministically for (seed, scale), streaming (memory does not grow with the scale).
 */
import * as fs from "fs";
import * as path from "path";
import { sources, SourceTable } from "../../contracts";
import { Rng, Stream } from "./random";
import { LineSink, csvLine } from "./sink";
import { planFor, Plan } from "./gen/plan";
import { buildZipTable, writeGeolocation, ZipTable } from "./gen/geo";
import { catalogIds, CatalogIds, writeProducts, writeSellers, writeTranslations } from "./gen/catalog";
import { olistOrderContext, writeOrders } from "./gen/orders";
import { writeMarketing } from "./gen/marketing";
import { writeClickstream } from "./gen/clickstream";
import { writeAccessLog } from "./gen/accesslog";
import { Corruptor, LogKind, MalformedConfig, Repeater } from "./gen/malformed";
import { Progress, progressFor } from "./progress";

export type LogSelection = "all" | "only" | "none";

export interface GenerateOptions {
  readonly out: string;
  readonly seed: number;
  readonly scale: number;
  readonly logs: LogSelection;
  readonly malformed: Readonly<Record<LogKind, MalformedConfig>>;
  readonly progress?: Progress;
}

export interface GenerationReport {
  readonly seed: number;
  readonly scale: number;
  readonly rows: Record<string, number>;
  readonly malformed: Partial<Record<LogKind, Record<string, number>>>;
  /** How many times each property of the real data that Silver must handle was placed (see the README dirt table). */
  readonly properties: GeneratedProperties;
  readonly seconds: number;
}

export interface GeneratedProperties {
  /** Orders with 2 or 3 reviews. */
  ordersWithSeveralReviews?: number;
  /** `delivered` orders without `order_delivered_customer_date`. */
  deliveredWithoutDeliveryDate?: number;
  /** Products whose category has no translation row (`pc_gamer`, `portateis_cozinha_e_preparadores_de_alimentos`). */
  productsWithUntranslatedCategory?: number;
  /** Exact repeats of the previous line, per log. */
  repeatedLines?: Partial<Record<LogKind, number>>;
}

export const MANIFEST = "generation-manifest.json";

const ecom = sources.databases.ecom.tables;
const marketing = sources.databases.marketing.tables;

/** The header line of a table's CSV: the contract's column names, in order. */
export function csvHeader(table: SourceTable): string {
  return csvLine(table.columns.map((c) => c.name));
}

class Files {
  readonly rows: Record<string, number> = {};
  constructor(private readonly out: string, private readonly progress: Progress) {}

  open(file: string, header?: string): LineSink {
    return new LineSink(path.join(this.out, file), header, (n) => this.progress.tick(n));
  }

  table(t: SourceTable, bom = false): LineSink {
    return this.open(t.csv, (bom ? "\ufeff" : "") + csvHeader(t));
  }

  async step<T extends LineSink[]>(label: string, total: number, sinks: T, body: (...s: T) => Promise<void>): Promise<void> {
    this.progress.start(label, total);
    await body(...sinks);
    for (const s of sinks) {
      await s.close();
      this.rows[path.basename(s.file)] = s.count;
    }
    this.progress.stop();
  }
}

async function writeTables(files: Files, seed: number, plan: Plan, zips: ZipTable, catalog: CatalogIds): Promise<GeneratedProperties> {
  const properties: GeneratedProperties = {};
  // The real translation file starts with a UTF-8 byte-order mark; so does ours, so loaders meet it in tests.
  await files.step("translations", 71, [files.table(ecom.product_category_name_translation, true)], writeTranslations);
  await files.step("geolocation", plan.geolocation, [files.table(ecom.geolocation)], (s) => writeGeolocation(s, seed, zips, plan.geolocation));
  await files.step("sellers", plan.sellers, [files.table(ecom.sellers)], (s) => writeSellers(s, catalog, zips));
  await files.step("products", plan.products, [files.table(ecom.products)], async (s) => {
    properties.productsWithUntranslatedCategory = await writeProducts(s, catalog);
  });
  const t = (spec: SourceTable): LineSink => files.table(spec);
  const orderSinks: [LineSink, LineSink, LineSink, LineSink, LineSink] = [t(ecom.customers), t(ecom.orders), t(ecom.order_items), t(ecom.order_payments), t(ecom.order_reviews)];
  await files.step("orders, items, payments...", Math.round(plan.orders * 4.3), orderSinks, async (customers, orders, items, payments, reviews) => {
    Object.assign(properties, await writeOrders({ customers, orders, items, payments, reviews }, olistOrderContext(seed, zips, catalog, plan.orders), plan.orders, seed));
  });
  await files.step("marketing funnel", Math.round(plan.mqls * 1.1), [files.table(marketing.marketing_qualified_leads), files.table(marketing.closed_deals)], (mqls, deals) =>
    writeMarketing({ mqls, deals }, seed, plan.mqls, plan.landingPages, catalog),
  );
  return properties;
}

async function writeLogs(files: Files, opts: GenerateOptions, plan: Plan, catalog: CatalogIds): Promise<Pick<GenerationReport, "malformed" | "properties">> {
  const corruptor = (kind: LogKind): Corruptor => new Corruptor(kind, opts.malformed[kind], new Rng(new Stream(opts.seed, `malformed-${kind}`).rng().next()));
  const click = corruptor("clickstream");
  const access = corruptor("accesslog");
  const [clickRepeats, accessRepeats] = [new Repeater(), new Repeater()];
  await files.step("clickstream", plan.clickstream, [files.open(sources.logs.clickstream.file)], (s) => writeClickstream(s, opts.seed, plan.clickstream, catalog, click, clickRepeats));
  await files.step("access log", plan.accesslog, [files.open(sources.logs.accesslog.file)], (s) => writeAccessLog(s, opts.seed, plan.accesslog, catalog, access, accessRepeats));
  return {
    malformed: { clickstream: click.counts, accesslog: access.counts },
    properties: { repeatedLines: { clickstream: clickRepeats.count, accesslog: accessRepeats.count } },
  };
}

export async function generate(opts: GenerateOptions): Promise<GenerationReport> {
  const started = process.hrtime.bigint();
  const plan = planFor(opts.scale);
  fs.mkdirSync(opts.out, { recursive: true });
  const files = new Files(opts.out, opts.progress ?? progressFor(false));
  const catalog = catalogIds(opts.seed, plan.products, plan.sellers);
  const tables = opts.logs !== "only" ? await writeTables(files, opts.seed, plan, buildZipTable(opts.seed, plan.zipPrefixes), catalog) : {};
  const logs = opts.logs !== "none" ? await writeLogs(files, opts, plan, catalog) : { malformed: {}, properties: {} };
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const properties = { ...tables, ...logs.properties };
  const report: GenerationReport = { seed: opts.seed, scale: opts.scale, rows: files.rows, malformed: logs.malformed, properties, seconds };
  // The manifest is reproducible too (no timings), so a whole output directory compares byte for byte.
  fs.writeFileSync(path.join(opts.out, MANIFEST), JSON.stringify({ ...report, seconds: undefined }, null, 2) + "\n");
  return report;
}
