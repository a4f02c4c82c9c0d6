/**
 * `--append --day D`: one more business day in the Ecom database, in one transaction. New customers and orders
 * (fresh statuses), with their items and payments; some open orders move forward (created -> approved,
 * approved/processing/invoiced -> shipped, shipped -> delivered, and a review for each delivery). Inserts get a new
 * `updated_at` by default and updates by trigger, so incremental ingestion sees both. Re-running the same day is a
 * no-op.
 */
import { Client } from "pg";
import { from as copyFrom } from "pg-copy-streams";
import { Readable } from "stream";
import { pipeline } from "stream/promises";
import { sources } from "../../../contracts";
import { Rng, Stream, Weighted } from "../random";
import { csvLine, timestamp, DAY_MS } from "../sink";
import { buildZipTable } from "../gen/geo";
import { OrderContext, orderRows } from "../gen/orders";
import { timeOnDay } from "../gen/timeline";
import { SCALE_ONE } from "../gen/plan";

export interface AppendSummary {
  readonly day: string;
  readonly alreadyAppended: boolean;
  readonly inserted: Record<string, number>;
  readonly updated: Record<string, number>;
}

const FRESH_STATUSES = new Weighted([["created", 2], ["approved", 10], ["processing", 25], ["invoiced", 30], ["canceled", 3]] as const);
/** Days the real data spans: a day's volume is the table's size divided by it. */
const DAYS_IN_DATA = 640;

async function ids(client: Client, table: string, column: string, day: string): Promise<string[]> {
  const res = await client.query(`select ${column} as id from ${table} order by md5(${column} || $1) limit 2000`, [day]);
  return res.rows.map((r: { id: string }) => r.id);
}

function appendContext(seed: number, day: string, dayMs: number, products: string[], sellers: string[]): OrderContext {
  const ns = (name: string): Stream => new Stream(seed, `append-${day}-${name}`);
  return {
    customers: ns("customer"),
    persons: ns("person"),
    orders: ns("order"),
    reviews: ns("review"),
    zips: buildZipTable(seed, SCALE_ONE.zipPrefixes),
    repeatShare: 0,
    pickProduct: (rng: Rng) => ({ productId: rng.pick(products), sellerId: rng.pick(sellers), basePrice: rng.logNormal(75, 0.9), weightG: rng.int(100, 5000) }),
    purchase: (rng: Rng) => timeOnDay(rng, dayMs),
    status: (rng: Rng) => FRESH_STATUSES.pick(rng),
  };
}

async function copyLines(client: Client, table: string, lines: string[]): Promise<void> {
  if (lines.length === 0) return;
  const columns = sources.databases.ecom.tables[table].columns.map((c) => c.name).join(", ");
  await pipeline(Readable.from([lines.join("\n") + "\n"]), client.query(copyFrom(`copy ${table} (${columns}) from stdin with (format csv)`)));
}

/** Moves `limit` orders bought before day D from one status to the next, stamping the step on D; returns their ids. */
async function advance(client: Client, from: readonly string[], to: string, set: string, day: string, limit: number, ts: string): Promise<string[]> {
  const res = await client.query(
    `update orders set order_status = $1, ${set}
      where order_id in (select order_id from orders where order_status = any($2)
                           and order_purchase_timestamp < date_trunc('day', $5::timestamp)
                         order by md5(order_id || $3) limit $4)
      returning order_id`,
    [to, from, day, limit, ts],
  );
  return res.rows.map((r: { order_id: string }) => r.order_id);
}

export async function appendDay(client: Client, seed: number, day: string): Promise<AppendSummary> {
  const dayMs = Date.parse(`${day}T00:00:00Z`);
  const total = Number((await client.query("select count(*) as n from orders")).rows[0].n);
  const [products, sellers] = [await ids(client, "products", "product_id", day), await ids(client, "sellers", "seller_id", day)];
  if (total === 0 || products.length === 0 || sellers.length === 0) {
    throw new Error("--append needs a loaded Ecom database (orders, products and sellers); run `lakehouse data load` first");
  }
  const ctx = appendContext(seed, day, dayMs, products, sellers);
  const exists = await client.query("select 1 from orders where order_id = $1", [ctx.orders.id(0)]);
  if ((exists.rowCount ?? 0) > 0) return { day, alreadyAppended: true, inserted: {}, updated: {} };
  const n = Math.max(5, Math.round(total / DAYS_IN_DATA));
  const rng = new Stream(seed, `append-${day}`).rng();
  const rows = { customers: [] as string[], orders: [] as string[], order_items: [] as string[], order_payments: [] as string[], order_reviews: [] as string[] };
  const last = { id: "" };
  for (let i = 0; i < n; i++) {
    const r = orderRows(ctx, i, rng, last);
    rows.customers.push(r.customer);
    rows.orders.push(r.order);
    rows.order_items.push(...r.items);
    rows.order_payments.push(...r.payments);
    // Only cancellations are reviewed on the day they happen; deliveries get theirs below.
    if (r.order.includes(",canceled,")) rows.order_reviews.push(...r.reviews);
  }
  const at = (h: number): string => timestamp(dayMs + h * 3_600_000) as string;
  await client.query("begin");
  try {
    await client.query("set constraints all deferred");
    for (const [table, lines] of Object.entries(rows)) await copyLines(client, table, lines);
    const k = Math.max(1, Math.round(n * 0.6));
    const delivered = await advance(client, ["shipped"], "delivered", `order_delivered_customer_date = greatest($5::timestamp, order_delivered_carrier_date + interval '1 hour')`, day, k, at(15));
    const shipped = await advance(client, ["approved", "processing", "invoiced"], "shipped", `order_delivered_carrier_date = greatest($5::timestamp, order_approved_at + interval '1 hour')`, day, k, at(11));
    const approved = await advance(client, ["created"], "approved", `order_approved_at = greatest($5::timestamp, order_purchase_timestamp)`, day, k, at(9));
    const reviews = delivered.map((orderId, i) => {
      const score = new Weighted([[5, 58], [4, 19], [3, 8], [2, 3], [1, 12]] as const).pick(rng);
      return csvLine([new Stream(seed, `append-${day}-delivery-review`).id(i), orderId, score, null, null, timestamp(dayMs + DAY_MS), at(24 + rng.int(2, 60))]);
    });
    await copyLines(client, "order_reviews", reviews);
    await client.query("commit");
    const inserted = Object.fromEntries(Object.entries(rows).map(([t, l]) => [t, l.length]));
    inserted.order_reviews += reviews.length;
    return { day, alreadyAppended: false, inserted, updated: { orders: delivered.length + shipped.length + approved.length } };
  } catch (err) {
    await client.query("rollback").catch(() => undefined);
    throw err;
  }
}
