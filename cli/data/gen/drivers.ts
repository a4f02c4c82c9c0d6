/**
 * The documented causes of late delivery and of repeat purchase in generated data (see cli/data/README.md), so a
 * model trained on generated data has real signal to learn and a broken one cannot beat its baseline.
 * Pure functions of an order's facts; every draw goes through the caller's Rng, so output stays a function of the seed.
 */
import { drivers } from "../../../contracts";
import { Rng, Stream } from "../random";

/** Log-odds contributions to "delivered after the estimated date" (applied to delivered orders); contracts/drivers.json. */
export const LATE_DRIVERS = drivers.late;

/** Log-weights of a person returning for another order, from their earlier order (see `ReturnBook`). */
export const REPEAT_DRIVERS = drivers.repeat;

const EARTH_KM = 6371;

/** Great-circle (haversine) distance in km. */
export function distanceKm(lat1: number, lng1: number, lat2: number, lng2: number): number {
  const rad = Math.PI / 180;
  const dLat = (lat2 - lat1) * rad;
  const dLng = (lng2 - lng1) * rad;
  const a = Math.sin(dLat / 2) ** 2 + Math.cos(lat1 * rad) * Math.cos(lat2 * rad) * Math.sin(dLng / 2) ** 2;
  return 2 * EARTH_KM * Math.asin(Math.min(1, Math.sqrt(a)));
}

/** Whether seller `sellerIdx` is a slow shipper (independent of every other draw). */
export function isSlowSeller(seed: number, sellerIdx: number): boolean {
  return new Stream(seed, "seller-reliability").rng(sellerIdx).chance(LATE_DRIVERS.slowSellerShare);
}

/** The seller- and category-level part of the late log-odds (what a product carries into an order). */
export function productLateLogOdds(slowSeller: boolean, category: string | null): number {
  return (slowSeller ? LATE_DRIVERS.slowSeller : 0) + (category === null ? 0 : (LATE_DRIVERS.categories[category] ?? 0));
}

/** Probability that a delivered order arrives after its estimate. `month` is 1-12 (UTC purchase month). */
export function lateProbability(km: number, productLogOdds: number, month: number): number {
  const peak = LATE_DRIVERS.peakMonths.includes(month) ? LATE_DRIVERS.peakSeason : 0;
  const z = LATE_DRIVERS.base + (LATE_DRIVERS.perThousandKm * km) / 1000 + productLogOdds + peak;
  return 1 / (1 + Math.exp(-z));
}

/** Log-weight of a person returning after an order with this review score, state and value. */
export function returnLogWeight(reviewScore: number | null, uf: string, orderValue: number): number {
  const review = reviewScore === 5 ? REPEAT_DRIVERS.reviewFive : reviewScore !== null && reviewScore <= 2 ? REPEAT_DRIVERS.reviewLow : 0;
  const value = orderValue >= REPEAT_DRIVERS.highValueAt ? REPEAT_DRIVERS.highValue : 0;
  return review + (REPEAT_DRIVERS.states[uf] ?? 0) + value;
}

const MAX_LOG_WEIGHT =
  REPEAT_DRIVERS.reviewFive + Math.max(...Object.values(REPEAT_DRIVERS.states)) + REPEAT_DRIVERS.highValue;
const DAY_MS = 86_400_000;

/**
 * What earlier orders tell about who returns: per order, its person, purchase time and return log-weight (13 bytes an
 * order, so 13 MB at scale 10). A returning order draws an earlier order with probability proportional to its weight
 * (rejection sampling) and is placed `gap` days after it, so the return follows the first purchase in time.
 */
export class ReturnBook {
  private readonly person: Int32Array;
  private readonly purchase: Float64Array;
  private readonly logWeight: Float32Array;
  constructor(
    count: number,
    private readonly endMs: number,
  ) {
    this.person = new Int32Array(count);
    this.purchase = new Float64Array(count);
    this.logWeight = new Float32Array(count);
  }

  record(i: number, person: number, purchase: number, logWeight: number): void {
    this.person[i] = person;
    this.purchase[i] = purchase;
    this.logWeight[i] = logWeight;
  }

  /** A returning person and purchase time for order `i`, or null when no draw fits before the data's end. */
  pick(rng: Rng, i: number): { person: number; purchase: number } | null {
    for (let attempt = 0; attempt < 32; attempt++) {
      const j = Math.floor(rng.float() * i);
      const accept = Math.exp(this.logWeight[j] - MAX_LOG_WEIGHT);
      const gap = (7 + rng.exponential(REPEAT_DRIVERS.gapMeanDays)) * DAY_MS;
      const at = Math.round((this.purchase[j] + gap) / 1000) * 1000;
      if (rng.float() < accept && at < this.endMs) return { person: this.person[j], purchase: at };
    }
    return null;
  }
}
