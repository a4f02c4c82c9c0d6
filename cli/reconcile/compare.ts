/** Compares a KPI's rows from the sources with its rows from Gold: same keys, every value equal (1e-9 relative). */

export type KpiRow = Record<string, unknown>;

export const RELATIVE_TOLERANCE = 1e-9;

export interface KpiDiff {
  /** Human-readable differences, at most `limit`; empty when the KPI reconciles. */
  readonly problems: string[];
  readonly rows: number;
}

const isKey = (column: string): boolean => column === "k" || column.startsWith("k_");

function keyOf(row: KpiRow): string {
  return JSON.stringify(
    Object.keys(row)
      .filter(isKey)
      .sort()
      .map((c) => (row[c] === null || row[c] === undefined ? null : String(row[c]))),
  );
}

/** A value as a number: drivers return decimals and bigints as strings. Null stays null; anything else is an error. */
export function numeric(value: unknown, where: string): number | null {
  if (value === null || value === undefined) return null;
  const n = typeof value === "number" ? value : Number(String(value));
  if (!Number.isFinite(n)) throw new Error(`${where}: not a number: ${JSON.stringify(value)}`);
  return n;
}

export function sameValue(a: number | null, b: number | null): boolean {
  if (a === null || b === null) return a === b;
  return Math.abs(a - b) <= RELATIVE_TOLERANCE * Math.max(Math.abs(a), Math.abs(b));
}

function index(rows: readonly KpiRow[], side: string): Map<string, KpiRow> {
  const byKey = new Map<string, KpiRow>();
  for (const row of rows) {
    const key = keyOf(row);
    if (byKey.has(key)) throw new Error(`${side}: key ${key} appears twice`);
    byKey.set(key, row);
  }
  return byKey;
}

/** Every key present on both sides with equal values; value columns are those of the source rows. */
export function compareKpi(source: readonly KpiRow[], gold: readonly KpiRow[], limit = 5): KpiDiff {
  const problems: string[] = [];
  const [s, g] = [index(source, "source"), index(gold, "gold")];
  for (const [key, row] of s) {
    const other = g.get(key);
    if (!other) {
      problems.push(`${key}: in the sources, missing from Gold`);
      continue;
    }
    for (const column of Object.keys(row).filter((c) => !isKey(c))) {
      const [a, b] = [numeric(row[column], `source ${key}.${column}`), numeric(other[column], `gold ${key}.${column}`)];
      if (!sameValue(a, b)) problems.push(`${key}.${column}: sources ${a}, Gold ${b}`);
    }
  }
  for (const key of g.keys()) if (!s.has(key)) problems.push(`${key}: in Gold, missing from the sources`);
  return { problems: problems.slice(0, limit).concat(problems.length > limit ? [`... ${problems.length - limit} more`] : []), rows: s.size };
}
