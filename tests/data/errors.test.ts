/** Pure parts of the loader and CLI: COPY error locations, header checks, option parsing, scale planning. */
import { checkHeader, copyErrorToCsv, parseCopyContext, splitHeader } from "../../cli/data/load/errors";
import { parseDay, parseScale, parseSeed, parseShare } from "../../cli/commands/data";
import { parsePort } from "../../cli/commands/db";
import { planFor, SCALE_ONE } from "../../cli/data/gen/plan";
import { configFromUrl } from "../../cli/data/load/target";

const COLUMNS = ["customer_id", "customer_unique_id", "customer_zip_code_prefix", "customer_city", "customer_state"];

describe("COPY errors become file:line:column messages", () => {
  it.each([
    ["COPY customers, line 3, column customer_zip_code_prefix: \"x\"", { line: 3, column: "customer_zip_code_prefix" }],
    ["COPY order_reviews, line 120: \"abc,def\"", { line: 120, column: null }],
    [undefined, { line: null, column: null }],
  ])("parses the context %s", (where, expected) => {
    expect(parseCopyContext(where)).toEqual(expected);
  });

  it.each([
    [{ message: 'invalid input syntax for type integer: "five"', where: 'COPY t, line 4, column customer_city: "five"' }, "f.csv:5:4: invalid input syntax for type integer: \"five\" [customer_city]"],
    [{ message: "extra data after last expected column", where: 'COPY t, line 9: "a,b,c,d,e,f"' }, "f.csv:10:6: extra data after last expected column"],
    [{ message: 'missing data for column "customer_state"', where: 'COPY t, line 2: "a,b"' }, 'f.csv:3:5: missing data for column "customer_state" [customer_state]'],
    [{ message: "unterminated CSV quoted field", where: 'COPY t, line 7: "x"' }, "f.csv:8:?: unterminated CSV quoted field"],
    [{ message: 'duplicate key value violates unique constraint "customers_pkey"', detail: "Key (customer_id)=(a) already exists.", where: "COPY t, line 6" }, 'f.csv:7:?: duplicate key value violates unique constraint "customers_pkey" (Key (customer_id)=(a) already exists.)'],
  ])("maps %o", (err, message) => {
    expect(copyErrorToCsv("f.csv", COLUMNS, err).message).toBe(message);
  });
});

describe("CSV header", () => {
  it("accepts the contract's columns in any order, quoted or with CRLF", () => {
    const header = splitHeader('"customer_state","customer_id",customer_unique_id,customer_zip_code_prefix,customer_city\r');
    expect(checkHeader("c.csv", header, COLUMNS)).toEqual(["customer_state", "customer_id", "customer_unique_id", "customer_zip_code_prefix", "customer_city"]);
  });

  it.each([
    [["customer_id", "customer_unique_id", "zip", "customer_city", "customer_state"], `c.csv:1:3: unexpected column "zip" in the header (expected ${COLUMNS.join(", ")})`],
    [["customer_id", "customer_id"], 'c.csv:1:2: column "customer_id" appears twice in the header'],
    [["customer_id", "customer_unique_id"], "c.csv:1:3: header lacks column(s) customer_zip_code_prefix, customer_city, customer_state"],
  ])("rejects %j", (header, message) => {
    expect(() => checkHeader("c.csv", header, COLUMNS)).toThrow(message);
  });
});

describe("CLI options", () => {
  it.each([
    [parseScale, "0", 'scale must be a number > 0 (1 = the real Olist size), got "0"'],
    [parseScale, "abc", 'scale must be a number > 0 (1 = the real Olist size), got "abc"'],
    [parseSeed, "-1", 'seed must be an integer from 0 to 4294967295, got "-1"'],
    [parseSeed, "1.5", 'seed must be an integer from 0 to 4294967295, got "1.5"'],
    [parseShare, "2", 'share must be a number from 0 to 1, got "2"'],
    [parseDay, "2018-02-30", 'day must be a calendar date YYYY-MM-DD, got "2018-02-30"'],
    [parseDay, "18-01-01", 'day must be a calendar date YYYY-MM-DD, got "18-01-01"'],
    [parsePort, "70000", "not a TCP port: 70000"],
  ] as const)("%p rejects %s", (parse, value, message) => {
    expect(() => (parse as (v: string) => unknown)(value)).toThrow(message);
  });

  it("accepts valid values", () => {
    expect(parseScale("0.01")).toBe(0.01);
    expect(parseSeed("42")).toBe(42);
    expect(parseShare("0")).toBe(0);
    expect(parseDay("2018-09-01")).toBe("2018-09-01");
    expect(parsePort("5432")).toBe(5432);
  });

  it("reads host, port, user and password from a database URL", () => {
    expect(configFromUrl("postgresql://u:p%40ss@db.example:6543/x")).toMatchObject({ host: "db.example", port: 6543, user: "u", password: "p@ss" });
    expect(configFromUrl("postgresql://u@db.example/x").password).toBeUndefined();
  });
});

describe("scale planning", () => {
  it("reproduces the Olist sizes at scale 1 and scales linearly, with a floor for tiny scales", () => {
    expect(planFor(1)).toMatchObject({ orders: SCALE_ONE.orders, geolocation: SCALE_ONE.geolocation, mqls: 8000 });
    expect(planFor(10).geolocation).toBe(10_001_630);
    expect(planFor(10).zipPrefixes).toBe(SCALE_ONE.zipPrefixes);
    expect(planFor(0.0001).orders).toBe(10);
  });

  it.each([0, -1, Number.NaN, Number.POSITIVE_INFINITY])("rejects scale %p", (s) => {
    expect(() => planFor(s)).toThrow("scale must be a positive number");
  });
});
