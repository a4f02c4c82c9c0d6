/** How many rows each generator writes for a scale (scale 1 reproduces the public Olist row counts). */

export const SCALE_ONE = {
  orders: 99_441,
  products: 32_951,
  sellers: 3_095,
  geolocation: 1_000_163,
  zipPrefixes: 19_015,
  mqls: 8_000,
  landingPages: 495,
  clickstream: 74_816,
  accesslog: 4_477_843,
} as const;

export type Plan = { readonly [K in keyof typeof SCALE_ONE]: number };

/** Row counts for `scale`; every entity keeps at least a handful of rows so tiny scales stay joinable. */
export function planFor(scale: number): Plan {
  if (!(scale > 0) || !Number.isFinite(scale)) throw new Error(`scale must be a positive number, got ${scale}`);
  const at = (n: number, min: number): number => Math.max(min, Math.round(n * scale));
  return {
    orders: at(SCALE_ONE.orders, 10),
    products: at(SCALE_ONE.products, 10),
    sellers: at(SCALE_ONE.sellers, 5),
    geolocation: at(SCALE_ONE.geolocation, 50),
    // Brazil has a fixed set of postal prefixes: more data means more rows per prefix, not more prefixes.
    zipPrefixes: Math.min(SCALE_ONE.zipPrefixes, at(SCALE_ONE.zipPrefixes, 30)),
    mqls: at(SCALE_ONE.mqls, 20),
    landingPages: Math.min(SCALE_ONE.landingPages * 2, at(SCALE_ONE.landingPages, 5)),
    clickstream: at(SCALE_ONE.clickstream, 100),
    accesslog: at(SCALE_ONE.accesslog, 100),
  };
}

export interface GenerationOptions {
  readonly seed: number;
  readonly scale: number;
}
