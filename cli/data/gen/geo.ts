/** Postal prefixes, cities and the geolocation table; also the place names customers and sellers use. */
import { olistCity, STATES } from "../reference/brazil";
import { Rng, Stream, Weighted } from "../random";
import { LineSink, csvLine } from "../sink";

/** Postal prefixes of the dataset, sorted, with the state and city each belongs to (small: at most 19,015). */
export interface ZipTable {
  readonly prefixes: readonly string[];
  readonly state: readonly number[];
  readonly city: readonly number[];
  readonly lat: readonly number[];
  readonly lng: readonly number[];
  /** Zip indexes per state index, for drawing an address in a given state. */
  readonly byState: readonly (readonly number[])[];
}

export const customerStates = new Weighted(STATES.map((s, i) => [i, s.customerShare] as const));
export const sellerStates = new Weighted(STATES.map((s, i) => [i, s.sellerShare] as const));

function cityWeights(stateIdx: number): Weighted<number> {
  return new Weighted(STATES[stateIdx].cities.map((_, i) => [i, i === 0 ? 4 : 1 / (i + 1)] as const));
}
const CITY_WEIGHTS = STATES.map((_, i) => cityWeights(i));

function drawPrefix(rng: Rng, stateIdx: number): number {
  const ranges = STATES[stateIdx].zipRanges;
  const sizes = new Weighted(ranges.map((r, i) => [i, r[1] - r[0] + 1] as const));
  const [lo, hi] = ranges[sizes.pick(rng)];
  return rng.int(lo, hi);
}

export function buildZipTable(seed: number, count: number): ZipTable {
  const rng = new Stream(seed, "zip-prefixes").rng();
  const seen = new Map<number, number>();
  for (let i = 0; seen.size < count; i++) {
    // Every state gets a prefix first, so even tiny scales cover the whole country.
    const stateIdx = i < STATES.length ? i : customerStates.pick(rng);
    const prefix = drawPrefix(rng, stateIdx);
    if (!seen.has(prefix)) seen.set(prefix, stateIdx);
  }
  const sorted = [...seen.entries()].sort((a, b) => a[0] - b[0]);
  const table = { prefixes: [] as string[], state: [] as number[], city: [] as number[], lat: [] as number[], lng: [] as number[] };
  const byState: number[][] = STATES.map(() => []);
  sorted.forEach(([prefix, stateIdx], z) => {
    const cityIdx = CITY_WEIGHTS[stateIdx].pick(rng);
    const city = STATES[stateIdx].cities[cityIdx];
    table.prefixes.push(String(prefix).padStart(5, "0"));
    table.state.push(stateIdx);
    table.city.push(cityIdx);
    table.lat.push(city.lat + rng.normal(0, 0.06));
    table.lng.push(city.lng + rng.normal(0, 0.06));
    byState[stateIdx].push(z);
  });
  return { ...table, byState };
}

/** A zip index in the given state (falls back to any zip if the state has none at this scale). */
export function zipInState(zips: ZipTable, rng: Rng, stateIdx: number): number {
  const list = zips.byState[stateIdx];
  return list.length > 0 ? rng.pick(list) : rng.int(0, zips.prefixes.length - 1);
}

/**
 * A city name as free-text entry produces it: mostly the Olist spelling, sometimes with accents, upper case,
 * stray blanks or a state suffix. `dirt` is the share of non-canonical spellings.
 */
export function cityName(rng: Rng, properName: string, uf: string, dirt: number): string {
  const canonical = olistCity(properName);
  if (!rng.chance(dirt)) return canonical;
  switch (rng.int(0, 4)) {
    case 0:
      return properName.toLowerCase();
    case 1:
      return canonical.toUpperCase();
    case 2:
      return rng.chance(0.5) ? ` ${canonical}` : `${canonical}  `;
    case 3:
      return properName;
    default:
      return `${canonical} - ${uf.toLowerCase()}`;
  }
}

export function zipCity(zips: ZipTable, z: number): { name: string; uf: string } {
  const state = STATES[zips.state[z]];
  return { name: state.cities[zips.city[z]].name, uf: state.uf };
}

/** Geolocation: many rows per prefix (heavy-tailed), ~25% exact duplicates, a few coordinates outside Brazil. */
export async function writeGeolocation(sink: LineSink, seed: number, zips: ZipTable, rows: number): Promise<void> {
  const stream = new Stream(seed, "geolocation");
  const weights = zips.prefixes.map((_, z) => stream.rng(z).logNormal(1, 1));
  const total = weights.reduce((a, b) => a + b, 0);
  const counts = weights.map((w) => Math.floor((rows * w) / total));
  let remainder = rows - counts.reduce((a, b) => a + b, 0);
  for (let z = 0; remainder > 0; z = (z + 1) % counts.length, remainder--) counts[z]++;
  const rng = stream.rng(-1);
  for (let z = 0; z < zips.prefixes.length; z++) {
    const { name, uf } = zipCity(zips, z);
    let previous = "";
    for (let r = 0; r < counts[z]; r++) {
      if (previous === "" || !rng.chance(0.25)) {
        const outlier = rng.chance(0.00003);
        const lat = outlier ? rng.normal(40, 5) : zips.lat[z] + rng.normal(0, 0.01);
        const lng = outlier ? rng.normal(-8, 5) : zips.lng[z] + rng.normal(0, 0.01);
        const state = rng.chance(0.0005) ? uf.toLowerCase() : uf;
        previous = csvLine([zips.prefixes[z], lat, lng, cityName(rng, name, uf, 0.08), state]);
      }
      if (sink.push(previous)) await sink.drain();
    }
  }
}
