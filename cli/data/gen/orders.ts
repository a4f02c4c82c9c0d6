/**
 * Customers, orders, order items, payments and reviews, written in one pass (one customer row per order, as in
 * Olist), so referential integrity holds without keeping any table in memory.
 */
import { INSTALLMENTS, ORDER_MONTHS, ORDER_STATUSES, PAYMENT_TYPES, REVIEW_MESSAGES, REVIEW_TITLES } from "../reference/catalog";
import { STATES } from "../reference/brazil";
import { Rng, Stream, Weighted } from "../random";
import { LineSink, csvLine, timestamp, DAY_MS } from "../sink";
import { CatalogIds, popularIndex, productCategory, productFacts, sellerZip } from "./catalog";
import { distanceKm, isSlowSeller, lateProbability, productLateLogOdds, returnLogWeight, ReturnBook } from "./drivers";
import { cityName, customerStates, ZipTable, zipCity, zipInState } from "./geo";
import { hasItems, purchaseTime, reviewScore, reviewTimes, Timeline, timelineFor } from "./timeline";

export interface PickedProduct {
  readonly productId: string;
  readonly sellerId: string;
  readonly basePrice: number;
  readonly weightG: number;
  /** Seller's zip index and the seller and category part of the late log-odds (drivers.ts); absent: flat 2% late. */
  readonly sellerZip?: number;
  readonly lateLogOdds?: number;
}

export interface OrderContext {
  readonly customers: Stream;
  readonly persons: Stream;
  readonly orders: Stream;
  readonly reviews: Stream;
  readonly zips: ZipTable;
  /** Share of orders placed by a returning person (a new customer_id, an old customer_unique_id). */
  readonly repeatShare: number;
  /** Earlier orders, for drawing who returns by the documented drivers; absent: a uniformly drawn earlier person. */
  readonly returns?: ReturnBook;
  pickProduct(rng: Rng): PickedProduct;
  purchase(rng: Rng): number;
  status(rng: Rng): string;
}

export interface OrderRows {
  readonly customer: string;
  readonly order: string;
  readonly items: string[];
  readonly payments: string[];
  readonly reviews: string[];
  /** The order is `delivered` but has no delivery date (dirt Silver keeps; Gold leaves its delivery measures null). */
  readonly undatedDelivery: boolean;
}

/**
 * Properties of the real data placed at fixed order positions, so each is present at every scale >= 0.01 (994 orders)
 * and its count grows with the scale: one order in 200 has several reviews (0.5% in Olist), one in 10,000 is
 * `delivered` without a delivery date (8 of 96,478 in Olist), the first at position 500.
 */
export const SEVERAL_REVIEWS_EVERY = 200;
export const UNDATED_DELIVERY_EVERY = 10_000;
const severalReviews = (i: number): boolean => i % SEVERAL_REVIEWS_EVERY === 101;
const undatedDelivery = (i: number): boolean => i % UNDATED_DELIVERY_EVERY === 500;

const statusWeights = new Weighted(ORDER_STATUSES);
const paymentTypes = new Weighted(PAYMENT_TYPES.filter(([t]) => t !== "voucher"));
const installments = new Weighted(INSTALLMENTS);
const itemCounts = new Weighted([[1, 885], [2, 90], [3, 15], [4, 5], [5, 3], [6, 2]] as const);
const money = (x: number): string => x.toFixed(2);

/** The first instant after the generated months (returning orders are placed before it). */
const [lastYear, lastMonth] = ORDER_MONTHS[ORDER_MONTHS.length - 1][0].split("-").map(Number);
export const DATA_END_MS = Date.UTC(lastYear, lastMonth, 1);

export function olistOrderContext(seed: number, zips: ZipTable, catalog: CatalogIds, count: number): OrderContext {
  const sellerZips = new Map<number, number>();
  const lateOdds = new Map<number, number>();
  return {
    customers: new Stream(seed, "customer"),
    persons: new Stream(seed, "person"),
    orders: new Stream(seed, "order"),
    reviews: new Stream(seed, "review"),
    zips,
    repeatShare: 0.034,
    returns: new ReturnBook(count, DATA_END_MS),
    pickProduct(rng) {
      const k = popularIndex(rng.float(), catalog.productCount, 3);
      const facts = productFacts(catalog, k);
      const productId = catalog.products.id(k);
      const s = facts.sellerIdx;
      if (!sellerZips.has(s)) sellerZips.set(s, sellerZip(catalog, zips, s).z);
      if (!lateOdds.has(k)) lateOdds.set(k, productLateLogOdds(isSlowSeller(seed, s), productCategory(catalog, k).canonical));
      return {
        productId,
        sellerId: catalog.sellers.id(s),
        basePrice: facts.basePrice,
        weightG: facts.weightG,
        sellerZip: sellerZips.get(s),
        lateLogOdds: lateOdds.get(k),
      };
    },
    purchase: purchaseTime,
    status: (rng) => statusWeights.pick(rng),
  };
}

interface CustomerRow {
  readonly line: string;
  readonly person: number;
  readonly zip: number;
  readonly uf: string;
  /** Set for a returning person: the purchase time their return was drawn with. */
  readonly purchase: number | null;
}

function returning(ctx: OrderContext, i: number, rng: Rng): { person: number; purchase: number | null } {
  if (!(i > 0 && rng.chance(ctx.repeatShare))) return { person: i, purchase: null };
  if (ctx.returns === undefined) return { person: Math.floor(rng.float() * i), purchase: null };
  return ctx.returns.pick(rng, i) ?? { person: i, purchase: null };
}

function customerRow(ctx: OrderContext, i: number, rng: Rng): CustomerRow {
  const { person, purchase } = returning(ctx, i, rng);
  // The address is keyed by the person, so a returning customer keeps living in the same city.
  const home = ctx.persons.rng(person);
  const z = zipInState(ctx.zips, home, customerStates.pick(home));
  const { name, uf } = zipCity(ctx.zips, z);
  const orphanZip = home.chance(0.003);
  const zip = orphanZip ? String(home.int(1000, 99999)).padStart(5, "0") : ctx.zips.prefixes[z];
  const line = csvLine([ctx.customers.id(i), ctx.persons.id(person), zip, cityName(home, name, uf, 0.03), STATES[ctx.zips.state[z]].uf]);
  return { line, person, zip: z, uf: STATES[ctx.zips.state[z]].uf, purchase };
}

/** The chance that order's delivery misses its estimate, from its customer, first product and purchase month. */
function lateChance(ctx: OrderContext, customerZip: number, first: PickedProduct, purchase: number): number {
  if (first.sellerZip === undefined || first.lateLogOdds === undefined) return 0.02;
  const { lat, lng } = ctx.zips;
  const km = distanceKm(lat[customerZip], lng[customerZip], lat[first.sellerZip], lng[first.sellerZip]);
  return lateProbability(km, first.lateLogOdds, new Date(purchase).getUTCMonth() + 1);
}

function itemRows(ctx: OrderContext, orderId: string, rng: Rng, limitBase: number, first: PickedProduct): { rows: string[]; total: number } {
  const n = itemCounts.pick(rng);
  const rows: string[] = [];
  let total = 0;
  let product = first;
  for (let item = 1; item <= n; item++) {
    // Several units of one product appear as several lines with the same product.
    if (item > 1 && !rng.chance(0.55)) product = ctx.pickProduct(rng);
    const price = Math.round(product.basePrice * (1 + rng.normal(0, 0.04)) * 100) / 100;
    const freight = Math.round((4 + (product.weightG / 1000) * 2.2 + rng.logNormal(9, 0.45)) * 100) / 100;
    total += Math.max(0.85, price) + freight;
    const limit = limitBase + (6 + rng.int(0, 3)) * DAY_MS;
    rows.push(csvLine([orderId, item, product.productId, product.sellerId, timestamp(limit), money(Math.max(0.85, price)), money(freight)]));
  }
  return { rows, total };
}

function paymentRows(orderId: string, rng: Rng, total: number, status: string): string[] {
  if (status === "canceled" && rng.chance(0.0003)) return [csvLine([orderId, 1, "not_defined", 1, "0.00"])];
  const rows: string[] = [];
  let remaining = Math.round(total * 100);
  let seq = 1;
  // About 3% of orders use one or more vouchers before the main payment.
  if (rng.chance(0.03)) {
    const vouchers = rng.int(1, 3);
    for (let v = 0; v < vouchers && remaining > 100; v++, seq++) {
      const part = Math.max(1, Math.floor(remaining * rng.float() * 0.6));
      remaining -= part;
      rows.push(csvLine([orderId, seq, "voucher", 1, money(part / 100)]));
    }
  }
  const type = paymentTypes.pick(rng);
  const inst = type === "credit_card" ? (rng.chance(0.00002) ? 0 : installments.pick(rng)) : 1;
  rows.push(csvLine([orderId, seq, type, inst, money(remaining / 100)]));
  return rows;
}

function reviewRow(id: string, orderId: string, rng: Rng, tl: Timeline, laterDays: number): [string, number] {
  const score = reviewScore(rng, tl);
  const { created, answered } = reviewTimes(rng, tl);
  const title = rng.chance(0.12) ? rng.pick(REVIEW_TITLES) : null;
  let message: string | null = null;
  if (rng.chance(0.41)) {
    message = rng.pick(REVIEW_MESSAGES);
    if (rng.chance(0.08)) message += "\r\n" + rng.pick(REVIEW_MESSAGES);
  }
  const later = laterDays * DAY_MS;
  return [csvLine([id, orderId, score, title, message, timestamp(created + later), timestamp(answered + later)]), score];
}

/** The order's review rows and the score of its first review (null without one). */
function reviewRows(ctx: OrderContext, orderId: string, rng: Rng, r: number, tl: Timeline, last: { id: string }): { rows: string[]; score: number | null } {
  const several = severalReviews(r);
  if (!several && rng.chance(0.006)) return { rows: [], score: null };
  // One review can cover several orders of the same purchase: review_id alone is not unique.
  const id = last.id !== "" && rng.chance(0.008) ? last.id : ctx.reviews.id(r);
  last.id = id;
  const [line, score] = reviewRow(id, orderId, rng, tl, 0);
  const rows = [line];
  // A customer who answers the survey again (Olist keeps every answer: 2 or 3 reviews of one order).
  const extra = several ? rng.int(1, 2) : 0;
  for (let k = 1; k <= extra; k++) rows.push(reviewRow(ctx.reviews.id(0x20000000 + r * 4 + k), orderId, rng, tl, 3 * k)[0]);
  return { rows, score };
}

/** All rows of order `i`; `last` carries the previous review id across orders. */
export function orderRows(ctx: OrderContext, i: number, rng: Rng, last: { id: string }): OrderRows {
  const orderId = ctx.orders.id(i);
  const customer = customerRow(ctx, i, rng);
  const undated = undatedDelivery(i);
  const drawn = ctx.status(rng);
  const status = undated ? "delivered" : drawn;
  const purchase = customer.purchase ?? ctx.purchase(rng);
  // The first product is drawn before the timeline: its seller and category drive the chance of a late delivery.
  const first = ctx.pickProduct(rng);
  const timeline = timelineFor(rng, status, purchase, lateChance(ctx, customer.zip, first, purchase));
  const tl = undated ? { ...timeline, delivered: null } : timeline;
  const order = csvLine([
    orderId,
    ctx.customers.id(i),
    status,
    timestamp(tl.purchase),
    timestamp(tl.approved),
    timestamp(tl.carrier),
    timestamp(tl.delivered),
    timestamp(tl.estimated),
  ]);
  const items = hasItems(status, rng) ? itemRows(ctx, orderId, rng, tl.approved ?? tl.purchase, first) : { rows: [], total: rng.logNormal(110, 0.8) };
  const payments = paymentRows(orderId, rng, items.total, status);
  const reviews = reviewRows(ctx, orderId, rng, i, tl, last);
  ctx.returns?.record(i, customer.person, purchase, returnLogWeight(reviews.score, customer.uf, items.total));
  return { customer: customer.line, order, items: items.rows, payments, reviews: reviews.rows, undatedDelivery: undated };
}

export interface OrderSinks {
  readonly customers: LineSink;
  readonly orders: LineSink;
  readonly items: LineSink;
  readonly payments: LineSink;
  readonly reviews: LineSink;
}

/** Counts of the real-data properties the orders carry (for generation-manifest.json). */
export interface OrderProperties {
  ordersWithSeveralReviews: number;
  deliveredWithoutDeliveryDate: number;
}

export async function writeOrders(sinks: OrderSinks, ctx: OrderContext, count: number, seed: number, onRow?: () => void): Promise<OrderProperties> {
  const rng = new Stream(seed, "orders-sequence").rng();
  const properties: OrderProperties = { ordersWithSeveralReviews: 0, deliveredWithoutDeliveryDate: 0 };
  const last = { id: "" };
  const all = Object.values(sinks) as LineSink[];
  for (let i = 0; i < count; i++) {
    const rows = orderRows(ctx, i, rng, last);
    if (rows.reviews.length > 1) properties.ordersWithSeveralReviews++;
    if (rows.undatedDelivery) properties.deliveredWithoutDeliveryDate++;
    let full = sinks.customers.push(rows.customer);
    full = sinks.orders.push(rows.order) || full;
    for (const l of rows.items) full = sinks.items.push(l) || full;
    for (const l of rows.payments) full = sinks.payments.push(l) || full;
    for (const l of rows.reviews) full = sinks.reviews.push(l) || full;
    if (full) await Promise.all(all.map((s) => s.drain()));
    onRow?.();
  }
  return properties;
}
