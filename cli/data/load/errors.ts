/**
 * Turns PostgreSQL COPY errors into `file:line:column: reason` messages that point into the CSV file. PostgreSQL
 * reports the record's line (counting the newlines inside quoted fields) and the column name; we skip the header
 * ourselves, so its line 1 is the file's line 2.
 */

export class CsvLoadError extends Error {
  constructor(
    readonly file: string,
    readonly line: number | null,
    readonly column: number | null,
    readonly reason: string,
  ) {
    super(`${file}:${line ?? "?"}:${column ?? "?"}: ${reason}`);
    this.name = "CsvLoadError";
  }
}

export interface PgErrorFields {
  readonly message: string;
  readonly where?: string;
  readonly column?: string;
  readonly detail?: string;
  readonly code?: string;
}

/** `COPY customers, line 3, column customer_zip_code_prefix: "x"` -> { line: 3, column: "customer_zip_code_prefix" } */
export function parseCopyContext(where: string | undefined): { line: number | null; column: string | null } {
  const m = /COPY [^,]+, line (\d+)(?:, column ([^:]+))?/.exec(where ?? "");
  if (!m) return { line: null, column: null };
  return { line: Number(m[1]), column: m[2] ?? null };
}

/**
 * Location and reason of a COPY failure. `columns` is the column order of the file's header; `headerLines` the
 * physical lines skipped before the data (1).
 */
export function copyErrorToCsv(file: string, columns: readonly string[], err: PgErrorFields, headerLines = 1): CsvLoadError {
  const ctx = parseCopyContext(err.where);
  const line = ctx.line === null ? null : ctx.line + headerLines;
  let columnName = err.column ?? ctx.column;
  const missing = /missing data for column "([^"]+)"/.exec(err.message);
  if (missing) columnName = missing[1];
  let column = columnName ? columns.indexOf(columnName) + 1 || null : null;
  if (/extra data after last expected column/.test(err.message)) column = columns.length + 1;
  const detail = err.detail ? ` (${err.detail})` : "";
  const named = columnName ? ` [${columnName}]` : "";
  return new CsvLoadError(file, line, column, `${err.message}${detail}${named}`);
}

/** Validates a CSV header against the contract's columns; returns the file's column order. */
export function checkHeader(file: string, header: readonly string[], expected: readonly string[]): string[] {
  const seen = new Set<string>();
  header.forEach((name, i) => {
    if (!expected.includes(name)) {
      throw new CsvLoadError(file, 1, i + 1, `unexpected column "${name}" in the header (expected ${expected.join(", ")})`);
    }
    if (seen.has(name)) throw new CsvLoadError(file, 1, i + 1, `column "${name}" appears twice in the header`);
    seen.add(name);
  });
  const missing = expected.filter((c) => !seen.has(c));
  if (missing.length > 0) throw new CsvLoadError(file, 1, header.length + 1, `header lacks column(s) ${missing.join(", ")}`);
  return [...header];
}

/** Splits a CSV header line (names may be quoted). Header names never contain commas or quotes in these files. */
export function splitHeader(line: string): string[] {
  return line
    .replace(/\r$/, "")
    .split(",")
    .map((f) => f.trim().replace(/^"(.*)"$/, "$1"));
}
