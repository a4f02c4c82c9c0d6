/**
 * Gold table names are the schema Power BI reads, and SQL in four languages names them (the KPI reconciliation, the
 * HTML report, the quality rules, the DuckDB benchmark, the ML jobs, the DAG tests). SQL reads better with the name
 * written out, so the names may be spelled in code, but each must be a table contracts/storage.json declares
 * (goldMarts, mlTables): a table renamed or dropped in the contract leaves no query behind that names the old one.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { storage } from "../../contracts";
import { ROOT, codeFiles, codeOnly } from "./scan";

const DECLARED = new Set([...Object.values(storage.goldMarts).flat(), ...Object.entries(storage.mlTables).filter(([k]) => !k.startsWith("$")).map(([, v]) => v)]);
const GOLD_DB = storage.hiveDatabases.gold;

const GOLD_REF = `(?:\\b${GOLD_DB}|\\$\\{(?:gold|GOLD|goldDb)\\}|\\{gold\\}|\\{GOLD\\})`;
/** A table the Gold database qualifies, where SQL or Spark reads or writes one (not an Airflow Asset or a module path). */
const QUALIFIED = new RegExp(`(?:\\b(?:FROM|JOIN|TABLE|INTO|EXISTS)\\s+|\\btable\\(\\s*f?["'\`])${GOLD_REF}\\.([a-z][a-z0-9_]*)\\b`, "gi");

/**
 * Table-like names in one code line: star-schema prefixes anywhere, and tables the Gold database qualifies in SQL.
 * Tests may create scratch tables of their own in the Gold database; the star-schema prefixes still apply to them.
 */
export function goldNames(line: string, isTest = false): string[] {
  const starSchema = [...line.matchAll(/\b(?:dim|fact)_[a-z0-9_]+\b/g)].map((m) => m[0]);
  const qualified = isTest ? [] : [...line.matchAll(QUALIFIED)].map((m) => m[1]);
  return [...starSchema, ...qualified];
}

/** Python and TypeScript functions may be named after the table they build (`def dim_dates(`, `dims.dim_orders(`). */
const isCall = (line: string, name: string) => new RegExp(`\\b${name}\\s*\\(`).test(line) && !new RegExp(`["'\`.]${name}\\b(?!\\s*\\()`).test(line);

export function undeclared(file: string, text: string): string[] {
  const isTest = /(^|\/)tests\//.test(file);
  return codeOnly(file, text).flatMap((line, i) =>
    goldNames(line, isTest)
      .filter((n) => !DECLARED.has(n) && !isCall(line, n))
      .map((n) => `${file}:${i + 1}: ${n}: ${line.trim()}`),
  );
}

describe("the scanner", () => {
  it.each([
    ["a.ts", "`SELECT COUNT(*) FROM ${GOLD}.fact_order FROM x`", "fact_order"],
    ["a.py", 'spark.table(f"{GOLD}.orders_summary")', "orders_summary"],
    ["a.py", `rows = spark.sql("SELECT * FROM ${GOLD_DB}.dim_customer")`, "dim_customer"],
    ["a.py", '    "fact_payments": ("order_id",),', "fact_payments"],
  ])("flags an undeclared Gold table in %s: %s", (file, line, name) => expect(undeclared(file, line).join()).toContain(`: ${name}: `));

  it.each([
    ["a.py", "def dim_dates(spark: SparkSession) -> DataFrame:"],
    ["a.py", '        "dim_orders": lambda: dims.dim_orders(s["orders"]),'],
    ["a.ts", "`SELECT * FROM ${GOLD}.fact_orders o JOIN ${GOLD}.dim_customers c ON o.customer_id = c.customer_id`"],
    ["a.py", "# fact_payments was renamed"],
    ["a.py", 'outlets=[Asset("gold.ecom")]'],
    ["a.py", "from lakehouse_jobs.gold.dates import date_key"],
    ["jobs/tests/t.py", 'spark.sql("ALTER TABLE gold.p RENAME TO gold.p__previous")'],
  ])("accepts declared tables and builder functions in %s: %s", (file, line) => expect(undeclared(file, line)).toEqual([]));
});

it("every Gold table named in code is one contracts/storage.json declares", () => {
  const self = path.relative(ROOT, __filename);
  const found = codeFiles()
    .filter((f) => f !== self)
    .flatMap((f) => undeclared(f, fs.readFileSync(path.join(ROOT, f), "utf8")));
  expect(found).toEqual([]);
});
