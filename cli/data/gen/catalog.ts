/** Products, sellers and the category translation. Attributes are keyed by entity index, so orders can look them up. */
import { CATEGORIES, TRANSLATIONS } from "../reference/catalog";
import { STATES } from "../reference/brazil";
import { Rng, Stream, Weighted } from "../random";
import { LineSink, csvLine, quoted } from "../sink";
import { cityName, sellerStates, ZipTable, zipCity, zipInState } from "./geo";

const categoryWeights = new Weighted(CATEGORIES.map(([pt, , w]) => [pt, w] as const));
const UNTRANSLATED = new Set(CATEGORIES.filter(([, en]) => en === null).map(([pt]) => pt));

export interface CatalogIds {
  readonly products: Stream;
  readonly sellers: Stream;
  readonly productCount: number;
  readonly sellerCount: number;
}

export function catalogIds(seed: number, productCount: number, sellerCount: number): CatalogIds {
  return { products: new Stream(seed, "product"), sellers: new Stream(seed, "seller"), productCount, sellerCount };
}

/** Popular products and sellers sell much more (power law on the index). */
export function popularIndex(u: number, n: number, exponent: number): number {
  return Math.min(n - 1, Math.floor(n * Math.pow(u, exponent)));
}

export interface ProductFacts {
  readonly sellerIdx: number;
  readonly basePrice: number;
  readonly weightG: number;
}

/** What an order needs to know about product `k`: who sells it, its list price and its weight. */
export function productFacts(ids: CatalogIds, k: number): ProductFacts {
  const rng = ids.products.rng(k);
  const sellerIdx = popularIndex(rng.float(), ids.sellerCount, 2.2);
  const basePrice = Math.min(6735, Math.max(0.85, rng.logNormal(75, 0.9)));
  const weightG = Math.min(40425, Math.max(50, Math.round(rng.logNormal(700, 1.1))));
  return { sellerIdx, basePrice, weightG };
}

function dirtyCategory(category: string, u: number): string {
  if (u < 0.003) return category.replace(/(^|_)([a-z])/g, (_, sep: string, ch: string) => sep + ch.toUpperCase());
  if (u < 0.005) return `${category} `;
  return category;
}

/**
 * The categories Olist never translated, pinned to fixed product positions (popular enough to be ordered at scale
 * 0.01, 330 products) so they exist at every scale; beyond these, they appear with their Olist weights.
 */
export const UNTRANSLATED_AT: ReadonlyMap<number, string> = new Map([...UNTRANSLATED].map((pt, n) => [20 * (n + 1), pt]));

/** Product `k`'s category as written (dirt included) and canonical (null without one), and the Rng to draw on from. */
export function productCategory(ids: CatalogIds, k: number): { rng: Rng; category: string | null; canonical: string | null } {
  const rng = ids.products.rng(k + 0x40000000);
  const pinned = UNTRANSLATED_AT.get(k);
  const noCategory = rng.chance(0.0185) && pinned === undefined;
  const picked = categoryWeights.pick(rng);
  const drawn = dirtyCategory(picked, rng.float());
  if (noCategory) return { rng, category: null, canonical: null };
  return { rng, category: pinned ?? drawn, canonical: pinned ?? picked };
}

/** Seller `j`'s zip index and the Rng to draw on from (the seller's address). */
export function sellerZip(ids: CatalogIds, zips: ZipTable, j: number): { rng: Rng; z: number } {
  const rng = ids.sellers.rng(j);
  return { rng, z: zipInState(zips, rng, sellerStates.pick(rng)) };
}

export async function writeProducts(sink: LineSink, ids: CatalogIds): Promise<number> {
  let untranslated = 0;
  for (let k = 0; k < ids.productCount; k++) {
    const facts = productFacts(ids, k);
    const { rng, category } = productCategory(ids, k);
    const noCategory = category === null;
    if (category !== null && UNTRANSLATED.has(category.trim().toLowerCase())) untranslated++;
    const photos = noCategory ? null : Math.min(20, 1 + Math.floor(rng.exponential(1.2)));
    const dims = [rng.logNormal(25, 0.5), rng.logNormal(13, 0.6), rng.logNormal(20, 0.45)].map((x) =>
      Math.min(105, Math.max(2, Math.round(x))),
    );
    const missingDims = rng.chance(0.0001);
    const line = csvLine([
      ids.products.id(k),
      category,
      noCategory ? null : rng.int(5, 76),
      noCategory ? null : Math.min(3992, Math.max(4, Math.round(rng.logNormal(600, 0.7)))),
      photos,
      missingDims ? null : facts.weightG,
      missingDims ? null : dims[0],
      missingDims ? null : dims[1],
      missingDims ? null : dims[2],
    ]);
    if (sink.push(line)) await sink.drain();
  }
  return untranslated;
}

export async function writeSellers(sink: LineSink, ids: CatalogIds, zips: ZipTable): Promise<void> {
  for (let j = 0; j < ids.sellerCount; j++) {
    const { rng, z } = sellerZip(ids, zips, j);
    const { name, uf } = zipCity(zips, z);
    const line = [ids.sellers.id(j), zips.prefixes[z], quoted(cityName(rng, name, uf, 0.06)), STATES[zips.state[z]].uf].join(",");
    if (sink.push(line)) await sink.drain();
  }
}

export async function writeTranslations(sink: LineSink): Promise<void> {
  for (const [pt, en] of TRANSLATIONS) sink.push(csvLine([pt, en]));
  await sink.drain();
}
