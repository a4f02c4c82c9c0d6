/** Generated tables: determinism, row counts, referential integrity, distributions and documented dirt (no DB). */
import * as fs from "fs";
import * as path from "path";
import { sources } from "../../contracts";
import { planFor } from "../../cli/data/gen/plan";
import { GenerationReport, MANIFEST } from "../../cli/data/generate";
import { generateInto, readCsv, readTable, share, tempDir } from "./helpers";

// Generation is CPU-bound and this machine is shared: allow for slow runs.
jest.setTimeout(180_000);

const ecom = sources.databases.ecom.tables;
const mkt = sources.databases.marketing.tables;

describe("determinism", () => {
  let a: string;
  let b: string;
  let c: string;
  beforeAll(async () => {
    [a, b, c] = [tempDir("gen-a"), tempDir("gen-b"), tempDir("gen-c")];
    await generateInto(a, 5, 0.002);
    await generateInto(b, 5, 0.002);
    await generateInto(c, 6, 0.002);
  });
  afterAll(() => [a, b, c].forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

  it("writes byte-identical files for the same seed and scale", () => {
    const files = fs.readdirSync(a).sort();
    expect(files).toEqual(fs.readdirSync(b).sort());
    expect(files.length).toBe(14);
    for (const f of files) expect(fs.readFileSync(path.join(a, f)).equals(fs.readFileSync(path.join(b, f)))).toBe(true);
  });

  it("writes different data for another seed", () => {
    expect(fs.readFileSync(path.join(a, ecom.orders.csv)).equals(fs.readFileSync(path.join(c, ecom.orders.csv)))).toBe(false);
  });
});

describe("tables at scale 0.05", () => {
  const scale = 0.05;
  let dir: string;
  let report: GenerationReport;
  const t = (csv: string): Record<string, string>[] => readTable(path.join(dir, csv));
  let orders: Record<string, string>[];
  let customers: Record<string, string>[];
  let items: Record<string, string>[];
  let payments: Record<string, string>[];
  let reviews: Record<string, string>[];

  beforeAll(async () => {
    dir = tempDir("gen-dist");
    report = await generateInto(dir, 11, scale, "none");
    [orders, customers, items, payments, reviews] = [ecom.orders, ecom.customers, ecom.order_items, ecom.order_payments, ecom.order_reviews].map((s) => t(s.csv));
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("writes a header with the contract's columns in every table file", () => {
    for (const spec of [...Object.values(ecom), ...Object.values(mkt)]) {
      expect(readCsv(path.join(dir, spec.csv)).header).toEqual(spec.columns.map((c) => c.name));
    }
  });

  it("matches the planned row counts and the manifest", () => {
    const plan = planFor(scale);
    expect(orders.length).toBe(plan.orders);
    expect(customers.length).toBe(plan.orders);
    expect(t(ecom.geolocation.csv).length).toBe(plan.geolocation);
    expect(t(ecom.products.csv).length).toBe(plan.products);
    expect(t(ecom.sellers.csv).length).toBe(plan.sellers);
    expect(t(mkt.marketing_qualified_leads.csv).length).toBe(plan.mqls);
    expect(report.rows[ecom.order_items.csv]).toBe(items.length);
    expect(JSON.parse(fs.readFileSync(path.join(dir, MANIFEST), "utf8")).rows).toEqual(report.rows);
  });

  it("keeps the Olist ratios between tables", () => {
    expect(items.length / orders.length).toBeGreaterThan(1.08);
    expect(items.length / orders.length).toBeLessThan(1.2);
    expect(payments.length / orders.length).toBeGreaterThan(1.0);
    expect(payments.length / orders.length).toBeLessThan(1.1);
    expect(reviews.length / orders.length).toBeGreaterThan(0.97);
    // Olist: 99,224 reviews for 99,441 orders; some orders have none, about 0.5% have several.
    expect(reviews.length / orders.length).toBeLessThan(1.01);
    const deals = t(mkt.closed_deals.csv).length / t(mkt.marketing_qualified_leads.csv).length;
    expect(deals).toBeGreaterThan(0.06);
    expect(deals).toBeLessThan(0.16);
  });

  it("satisfies every key and foreign key the DDL declares", () => {
    const unique = (rows: Record<string, string>[], key: readonly string[]): void =>
      expect(new Set(rows.map((r) => key.map((k) => r[k]).join("|"))).size).toBe(rows.length);
    unique(orders, ecom.orders.key);
    unique(customers, ecom.customers.key);
    unique(items, ecom.order_items.key);
    unique(payments, ecom.order_payments.key);
    unique(reviews, ecom.order_reviews.key);
    const ids = (csv: string, col: string): Set<string> => new Set(t(csv).map((r) => r[col]));
    const [customerIds, orderIds, productIds, sellerIds] = [ids(ecom.customers.csv, "customer_id"), ids(ecom.orders.csv, "order_id"), ids(ecom.products.csv, "product_id"), ids(ecom.sellers.csv, "seller_id")];
    expect(orders.every((o) => customerIds.has(o.customer_id))).toBe(true);
    expect(items.every((i) => orderIds.has(i.order_id) && productIds.has(i.product_id) && sellerIds.has(i.seller_id))).toBe(true);
    expect(payments.every((p) => orderIds.has(p.order_id))).toBe(true);
    expect(reviews.every((r) => orderIds.has(r.order_id))).toBe(true);
    const mqlIds = ids(mkt.marketing_qualified_leads.csv, "mql_id");
    expect(t(mkt.closed_deals.csv).every((d) => mqlIds.has(d.mql_id))).toBe(true);
  });

  it("follows the real distributions within tolerance", () => {
    expect(share(orders, (o) => o.order_status === "delivered")).toBeGreaterThan(0.95);
    expect(share(orders, (o) => o.order_status === "delivered")).toBeLessThan(0.985);
    expect(share(reviews, (r) => r.review_score === "5")).toBeGreaterThan(0.5);
    expect(share(reviews, (r) => r.review_score === "1")).toBeGreaterThan(0.07);
    expect(share(payments, (p) => p.payment_type === "credit_card")).toBeGreaterThan(0.68);
    expect(share(payments, (p) => p.payment_type === "boleto")).toBeGreaterThan(0.15);
    expect(share(customers, (c) => c.customer_state === "SP")).toBeGreaterThan(0.37);
    expect(share(customers, (c) => c.customer_state === "SP")).toBeLessThan(0.47);
    const late = orders.filter((o) => o.order_delivered_customer_date && o.order_delivered_customer_date > o.order_estimated_delivery_date);
    expect(late.length / orders.length).toBeGreaterThan(0.04);
    expect(late.length / orders.length).toBeLessThan(0.12);
  });

  it("keeps each order's timestamps in life-cycle order within 2016-2018", () => {
    for (const o of orders) {
      expect(o.order_purchase_timestamp >= "2016-09-01" && o.order_purchase_timestamp < "2018-11-01").toBe(true);
      const steps = [o.order_purchase_timestamp, o.order_approved_at, o.order_delivered_carrier_date, o.order_delivered_customer_date].filter(Boolean);
      expect([...steps].sort()).toEqual(steps);
    }
  });

  it("contains the documented dirt for the Silver layer", () => {
    const geo = t(ecom.geolocation.csv);
    const lines = geo.map((g) => Object.values(g).join(","));
    const duplicates = lines.length - new Set(lines).size;
    expect(duplicates / lines.length).toBeGreaterThan(0.15);
    expect(geo.some((g) => /[ãáéíóôç]/.test(g.geolocation_city))).toBe(true);
    expect(geo.some((g) => g.geolocation_city !== g.geolocation_city.trim() || /[A-Z]/.test(g.geolocation_city))).toBe(true);
    expect(customers.some((c) => c.customer_zip_code_prefix.startsWith("0"))).toBe(true);
    expect(customers.every((c) => /^\d{5}$/.test(c.customer_zip_code_prefix))).toBe(true);
    expect(new Set(customers.map((c) => c.customer_unique_id)).size).toBeLessThan(customers.length);
    expect(t(ecom.products.csv).some((p) => p.product_category_name === "")).toBe(true);
    expect(reviews.some((r) => r.review_comment_message.includes("\r\n"))).toBe(true);
    expect(new Set(reviews.map((r) => r.review_id)).size).toBeLessThan(reviews.length);
    const sellerIds = new Set(t(ecom.sellers.csv).map((s) => s.seller_id));
    const deals = t(mkt.closed_deals.csv);
    const orphans = share(deals, (d) => !sellerIds.has(d.seller_id));
    expect(orphans).toBeGreaterThan(0.15);
    expect(orphans).toBeLessThan(0.8);
  });

  it("writes the translation file with a UTF-8 byte-order mark, like the Kaggle file", () => {
    expect(fs.readFileSync(path.join(dir, ecom.product_category_name_translation.csv)).subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
  });
});
