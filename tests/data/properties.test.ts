/** Properties of the real Olist data that Silver and Gold must handle, present at every scale >= 0.01 and counted. */
import * as fs from "fs";
import * as path from "path";
import { sources } from "../../contracts";
import { GenerationReport, MANIFEST } from "../../cli/data/generate";
import { generateInto, readTable, tempDir } from "./helpers";

jest.setTimeout(240_000);

const ecom = sources.databases.ecom.tables;
const UNTRANSLATED = ["pc_gamer", "portateis_cozinha_e_preparadores_de_alimentos"];

describe.each([0.01, 0.02])("generated data at scale %p", (scale) => {
  let dir: string;
  let report: GenerationReport;
  const t = (csv: string): Record<string, string>[] => readTable(path.join(dir, csv));
  const lines = (file: string): string[] => fs.readFileSync(path.join(dir, file), "utf8").split("\n").filter((l) => l !== "");

  beforeAll(async () => {
    dir = tempDir("gen-properties");
    report = await generateInto(dir, 3, scale);
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("gives some orders several reviews (about 0.5%), as counted in the manifest", () => {
    const perOrder = new Map<string, number>();
    for (const r of t(ecom.order_reviews.csv)) perOrder.set(r.order_id, (perOrder.get(r.order_id) ?? 0) + 1);
    const several = [...perOrder.values()].filter((n) => n > 1).length;
    expect(several).toBeGreaterThan(0);
    expect(several / t(ecom.orders.csv).length).toBeGreaterThan(0.003);
    expect(several / t(ecom.orders.csv).length).toBeLessThan(0.008);
    expect(report.properties.ordersWithSeveralReviews).toBe(several);
  });

  it("has delivered orders without a delivery date, as counted in the manifest", () => {
    const undated = t(ecom.orders.csv).filter((o) => o.order_status === "delivered" && o.order_delivered_customer_date === "");
    expect(undated.length).toBeGreaterThan(0);
    expect(report.properties.deliveredWithoutDeliveryDate).toBe(undated.length);
  });

  it("has products of both untranslated categories, and orders of them", () => {
    const products = t(ecom.products.csv);
    const untranslated = products.filter((p) => UNTRANSLATED.includes(p.product_category_name.trim().toLowerCase()));
    expect(new Set(untranslated.map((p) => p.product_category_name.trim().toLowerCase()))).toEqual(new Set(UNTRANSLATED));
    expect(report.properties.productsWithUntranslatedCategory).toBe(untranslated.length);
    const translated = new Set(t(ecom.product_category_name_translation.csv).map((r) => r.product_category_name));
    expect(UNTRANSLATED.some((c) => translated.has(c))).toBe(false);
    const ids = new Set(untranslated.map((p) => p.product_id));
    const ordered = new Set(t(ecom.order_items.csv).filter((i) => ids.has(i.product_id)).map((i) => i.product_id));
    expect(ordered.size).toBeGreaterThan(0);
  });

  it.each(["clickstream", "accesslog"] as const)("repeats lines of the %s exactly, as counted in the manifest", (kind) => {
    const all = lines(sources.logs[kind].file);
    const repeats = all.filter((l, i) => i > 0 && l === all[i - 1]).length;
    expect(repeats).toBeGreaterThan(0);
    expect(report.properties.repeatedLines?.[kind]).toBe(repeats);
    const manifest = JSON.parse(fs.readFileSync(path.join(dir, MANIFEST), "utf8")) as GenerationReport;
    expect(manifest.properties).toEqual(report.properties);
  });
});
