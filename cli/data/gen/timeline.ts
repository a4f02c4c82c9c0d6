/** Pure rules for an order's life: when it was bought, approved, shipped, delivered and reviewed, by status. */
import { ORDER_MONTHS, REVIEW_SCORES } from "../reference/catalog";
import { Rng, Weighted } from "../random";
import { DAY_MS, HOUR_MS, startOfDay } from "../sink";

const monthWeights = new Weighted(ORDER_MONTHS.map(([m, w]) => [m, w] as const));

/** Shopping peaks in the late morning and the evening; almost nothing at 4 am. */
const HOUR_WEIGHTS = new Weighted(
  [1, 0.5, 0.25, 0.12, 0.1, 0.15, 0.5, 1.2, 2.5, 4.3, 5.5, 5.8, 5.5, 5.8, 5.9, 5.7, 5.6, 5.5, 5.0, 5.1, 5.7, 5.6, 5.2, 3.6].map(
    (w, h) => [h, w] as const,
  ),
);

export function purchaseTime(rng: Rng): number {
  const [y, m] = monthWeights.pick(rng).split("-").map(Number);
  const days = new Date(Date.UTC(y, m, 0)).getUTCDate();
  const day = rng.int(1, days);
  const hour = HOUR_WEIGHTS.pick(rng);
  return Date.UTC(y, m - 1, day, hour, rng.int(0, 59), rng.int(0, 59));
}

/** A time of day on the same calendar day as `dayMs`, with the shopping-hour profile. */
export function timeOnDay(rng: Rng, dayMs: number): number {
  return startOfDay(dayMs) + HOUR_WEIGHTS.pick(rng) * HOUR_MS + rng.int(0, 3599) * 1000;
}

export interface Timeline {
  readonly purchase: number;
  readonly approved: number | null;
  readonly carrier: number | null;
  readonly delivered: number | null;
  readonly estimated: number;
}

const seconds = (ms: number): number => Math.round(ms / 1000) * 1000;

/**
 * Timestamps consistent with the status: later steps are null until the order reaches them. `lateChance` is the
 * probability that a delivery misses its estimate (see drivers.ts for what it depends on).
 */
export function timelineFor(rng: Rng, status: string, purchase: number, lateChance = 0.02): Timeline {
  const estimated = startOfDay(purchase + Math.max(10, Math.round(rng.normal(25, 6))) * DAY_MS);
  const approved = seconds(purchase + Math.min(30 * DAY_MS, rng.exponential(10 * HOUR_MS)));
  const carrier = seconds(approved + Math.max(0.1, rng.logNormal(2.2, 0.8)) * DAY_MS);
  // Most parcels arrive about 8 days after pick-up, well before the estimate; `lateChance` of them miss it.
  let delivered = seconds(carrier + Math.max(0.5, rng.logNormal(7, 0.5)) * DAY_MS);
  if (rng.chance(lateChance)) delivered = Math.max(delivered, estimated + rng.int(1, 20) * DAY_MS + rng.int(28_800, 79_200) * 1000);
  const t = (a: number | null, c: number | null, d: number | null): Timeline => ({
    purchase,
    approved: a,
    carrier: c,
    delivered: d,
    estimated,
  });
  switch (status) {
    case "delivered":
      // The handful of delivered orders without a delivery date are placed by the order writer (orders.ts).
      return t(approved, carrier, delivered);
    case "shipped":
      return t(approved, carrier, null);
    case "canceled":
      return t(rng.chance(0.85) ? approved : null, rng.chance(0.12) ? carrier : null, null);
    case "created":
      return t(null, null, null);
    default: // approved, invoiced, processing, unavailable
      return t(approved, null, null);
  }
}

export function hasItems(status: string, rng: Rng): boolean {
  if (status === "unavailable" || status === "created") return false;
  return !(status === "canceled" && rng.chance(0.25));
}

const happy = new Weighted(REVIEW_SCORES);
const late = new Weighted([[1, 46], [2, 9], [3, 11], [4, 12], [5, 22]] as const);
const undelivered = new Weighted([[1, 70], [2, 8], [3, 8], [4, 5], [5, 9]] as const);

export function reviewScore(rng: Rng, tl: Timeline): number {
  if (tl.delivered === null) return undelivered.pick(rng);
  return tl.delivered > tl.estimated + DAY_MS ? late.pick(rng) : happy.pick(rng);
}

/** Olist sends the survey the day after delivery (or around the estimate when nothing arrived). */
export function reviewTimes(rng: Rng, tl: Timeline): { created: number; answered: number } {
  const base = tl.delivered ?? tl.estimated + rng.int(-5, 5) * DAY_MS;
  const created = startOfDay(base) + DAY_MS;
  const answered = seconds(created + rng.exponential(2.5 * DAY_MS) + rng.int(0, 23) * HOUR_MS);
  return { created, answered };
}
