/** The documented drivers of late delivery and repeat purchase (cli/data/gen/drivers.ts) are present in generated data. */
import * as fs from "fs";
import * as path from "path";
import { sources } from "../../contracts";
import { distanceKm, lateProbability, LATE_DRIVERS, returnLogWeight, ReturnBook } from "../../cli/data/gen/drivers";
import { Rng } from "../../cli/data/random";
import { generateInto, readTable, tempDir } from "./helpers";

jest.setTimeout(180_000);
const ecom = sources.databases.ecom.tables;

describe("driver functions", () => {
  it("measures great-circle distance (Sao Paulo to Rio de Janeiro is about 360 km)", () => {
    expect(distanceKm(-23.55, -46.63, -22.91, -43.17)).toBeGreaterThan(350);
    expect(distanceKm(-23.55, -46.63, -22.91, -43.17)).toBeLessThan(370);
    expect(distanceKm(-10, -50, -10, -50)).toBe(0);
  });

  it("raises the late probability with distance, seller/category odds and the peak months", () => {
    const base = lateProbability(0, 0, 6);
    expect(base).toBeCloseTo(1 / (1 + Math.exp(-LATE_DRIVERS.base)), 10);
    expect(lateProbability(2000, 0, 6)).toBeGreaterThan(base);
    expect(lateProbability(0, LATE_DRIVERS.slowSeller, 6)).toBeGreaterThan(base);
    expect(lateProbability(0, 0, 11)).toBeGreaterThan(base);
  });

  it("weighs returns up for delighted, Sao Paulo, high-value buyers and down for unhappy ones", () => {
    expect(returnLogWeight(5, "SP", 200)).toBeGreaterThan(returnLogWeight(3, "AM", 50));
    expect(returnLogWeight(1, "AM", 50)).toBeLessThan(returnLogWeight(3, "AM", 50));
  });

  it("places a return after the earlier order and before the data's end", () => {
    const book = new ReturnBook(10, Date.UTC(2018, 9, 1));
    for (let i = 0; i < 10; i++) book.record(i, 100 + i, Date.UTC(2017, 0, 1 + i), 2.3);
    const rng = new Rng(1);
    for (let k = 0; k < 50; k++) {
      const r = book.pick(rng, 10);
      if (r === null) continue;
      expect(r.person).toBeGreaterThanOrEqual(100);
      expect(r.purchase).toBeGreaterThan(Date.UTC(2017, 0, 1));
      expect(r.purchase).toBeLessThan(Date.UTC(2018, 9, 1));
    }
  });
});

describe("generated data at scale 0.05", () => {
  let dir: string;
  let orders: Record<string, string>[];
  let customers: Map<string, Record<string, string>>;
  beforeAll(async () => {
    dir = tempDir("gen-drivers");
    await generateInto(dir, 3, 0.05, "none");
    orders = readTable(path.join(dir, ecom.orders.csv));
    customers = new Map(readTable(path.join(dir, ecom.customers.csv)).map((c) => [c.customer_id, c]));
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  const isLate = (o: Record<string, string>): boolean => o.order_delivered_customer_date.slice(0, 10) > o.order_estimated_delivery_date.slice(0, 10);
  const delivered = (): Record<string, string>[] => orders.filter((o) => o.order_delivered_customer_date !== "");
  const rate = (rows: Record<string, string>[]): number => rows.filter(isLate).length / rows.length;

  it("has a late share near Olist's (5% to 15%)", () => {
    expect(rate(delivered())).toBeGreaterThan(0.05);
    expect(rate(delivered())).toBeLessThan(0.15);
  });

  it("delivers late more often in the peak months", () => {
    const peak = (o: Record<string, string>): boolean => LATE_DRIVERS.peakMonths.includes(Number(o.order_purchase_timestamp.slice(5, 7)));
    expect(rate(delivered().filter(peak))).toBeGreaterThan(1.3 * rate(delivered().filter((o) => !peak(o))));
  });

  it("delivers late more often to customers far from Sao Paulo, where most sellers are", () => {
    const state = (o: Record<string, string>): string => customers.get(o.customer_id)?.customer_state ?? "";
    const far = new Set(["AM", "PA", "RR", "AP", "AC", "RO", "MA", "PI", "CE", "RN", "PB", "PE", "AL", "SE", "BA"]);
    expect(rate(delivered().filter((o) => far.has(state(o))))).toBeGreaterThan(1.5 * rate(delivered().filter((o) => state(o) === "SP")));
  });

  it("has every returning person's later orders after their first one, and more returns from Sao Paulo", () => {
    const byPerson = new Map<string, Record<string, string>[]>();
    for (const o of orders) {
      const person = customers.get(o.customer_id)?.customer_unique_id ?? "";
      byPerson.set(person, [...(byPerson.get(person) ?? []), o]);
    }
    const repeaters = [...byPerson.values()].filter((os) => os.length > 1);
    expect(repeaters.length).toBeGreaterThan(50);
    // File order is generation order: a person's first order is the earliest, so a return is always a later purchase.
    for (const os of repeaters) for (const o of os.slice(1)) expect(o.order_purchase_timestamp > os[0].order_purchase_timestamp).toBe(true);
    const returnRate = (uf: (s: string) => boolean): number => {
      const persons = [...byPerson.values()].filter((os) => uf(customers.get(os[0].customer_id)?.customer_state ?? ""));
      return persons.filter((os) => os.length > 1).length / persons.length;
    };
    expect(returnRate((s) => s === "SP")).toBeGreaterThan(1.5 * returnRate((s) => s !== "SP" && s !== "RJ"));
  });
});
