/** Marketing funnel: MQLs (Jun 2017 - May 2018) and the deals closed from them, in one pass. */
import {
  AVERAGE_STOCKS,
  BUSINESS_SEGMENTS,
  BUSINESS_TYPES,
  LEAD_PROFILES,
  LEAD_TYPES,
  MQL_ORIGINS,
} from "../reference/catalog";
import { Rng, Stream, Weighted } from "../random";
import { LineSink, csvLine, date, timestamp, DAY_MS } from "../sink";
import { CatalogIds } from "./catalog";

const origins = new Weighted(MQL_ORIGINS.map(([o, n]) => [o, n] as const));
/** Conversion per origin, normalised so that 842 of 8,000 MQLs close, as in the real funnel. */
const CLOSE_RATE = 842 / 8000;
const conversionNorm = MQL_ORIGINS.reduce((s, [, n, c]) => s + n * c, 0) / MQL_ORIGINS.reduce((s, [, n]) => s + n, 0);
export const conversionByOrigin = new Map(MQL_ORIGINS.map(([o, , c]) => [o, (c * CLOSE_RATE) / conversionNorm]));

const segments = new Weighted(BUSINESS_SEGMENTS);
const leadTypes = new Weighted(LEAD_TYPES);
const profiles = new Weighted(LEAD_PROFILES);
const stocks = new Weighted(AVERAGE_STOCKS);
const businessTypes = new Weighted(BUSINESS_TYPES);

const FIRST_CONTACT = Date.UTC(2017, 5, 14);
const LAST_CONTACT = Date.UTC(2018, 4, 31);

/** Contacts grow over the year (2018 months see about three times the leads of mid-2017). */
function firstContact(rng: Rng): number {
  const span = (LAST_CONTACT - FIRST_CONTACT) / DAY_MS;
  const day = Math.floor(span * Math.sqrt(rng.float()));
  return FIRST_CONTACT + day * DAY_MS;
}

/** Share of closed deals whose seller never appears in the sellers table (it closed but never sold). */
export const ORPHAN_SELLER_SHARE = 0.45;

export interface MarketingSinks {
  readonly mqls: LineSink;
  readonly deals: LineSink;
}

function dealRow(rng: Rng, mqlId: string, contact: number, sellerId: string, sdrs: Stream, srs: Stream): string {
  const won = contact + Math.round(rng.logNormal(14, 1.1) * DAY_MS / 1000) * 1000;
  const flag = (): string | null => (rng.chance(0.925) ? null : rng.chance(0.9) ? "True" : "False");
  const revenue = rng.chance(0.94) ? 0 : Math.round(rng.logNormal(150000, 1.5));
  return csvLine([
    mqlId,
    sellerId,
    sdrs.id(rng.int(0, 31)),
    srs.id(rng.int(0, 21)),
    timestamp(won),
    segments.pick(rng),
    leadTypes.pick(rng),
    profiles.pick(rng),
    flag(),
    flag(),
    stocks.pick(rng),
    businessTypes.pick(rng),
    rng.chance(0.92) ? null : `${rng.int(1, 2000)}.0`,
    `${revenue}.0`,
  ]);
}

export async function writeMarketing(sinks: MarketingSinks, seed: number, mqlCount: number, pages: number, catalog: CatalogIds): Promise<void> {
  const mqls = new Stream(seed, "mql");
  const pageIds = new Stream(seed, "landing-page");
  const sdrs = new Stream(seed, "sdr");
  const srs = new Stream(seed, "sr");
  const orphanSellers = new Stream(seed, "closed-deal-seller");
  const rng = new Stream(seed, "marketing-sequence").rng();
  // A closed seller is a distinct seller: walk the sellers in a fixed pseudo-random permutation.
  const stride = coprimeStride(catalog.sellerCount);
  let closed = 0;
  for (let i = 0; i < mqlCount; i++) {
    const origin = origins.pick(rng);
    const contact = firstContact(rng);
    const page = Math.min(pages - 1, Math.floor(pages * Math.pow(rng.float(), 2)));
    const full = sinks.mqls.push(csvLine([mqls.id(i), date(contact), pageIds.id(page), origin]));
    if (rng.chance(conversionByOrigin.get(origin) ?? CLOSE_RATE)) {
      const orphan = rng.chance(ORPHAN_SELLER_SHARE) || closed >= catalog.sellerCount;
      const sellerId = orphan ? orphanSellers.id(i) : catalog.sellers.id((closed * stride + 7) % catalog.sellerCount);
      if (!orphan) closed++;
      sinks.deals.push(dealRow(rng, mqls.id(i), contact, sellerId, sdrs, srs));
    }
    if (full) await Promise.all([sinks.mqls.drain(), sinks.deals.drain()]);
  }
}

function gcd(a: number, b: number): number {
  return b === 0 ? a : gcd(b, a % b);
}

/** A step that visits every index of 0..n-1 once when taken modulo n. */
export function coprimeStride(n: number): number {
  let s = Math.max(1, Math.floor(n * 0.618));
  while (gcd(s, n) !== 1) s++;
  return s;
}
