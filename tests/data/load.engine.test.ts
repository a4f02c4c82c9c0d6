/** Source databases on a real (embedded) PostgreSQL: DDL, COPY loads, failures that change nothing, append. */
import * as fs from "fs";
import * as path from "path";
import { sources } from "../../contracts";
import { ServerInfo } from "../../cli/db/embedded";
import { runLoad } from "../../cli/data/load/run";
import { MANIFEST } from "../../cli/data/generate";
import { generateInto, tempDir } from "./helpers";
import { cli, counts, dbStart, dbStop, query, urlWithPassword } from "./engine";

jest.setTimeout(300_000);

const ecomTables = Object.keys(sources.databases.ecom.tables);
const PG_TYPES: Record<string, string> = { text: "text", int: "integer", double: "double precision", numeric: "numeric", timestamp: "timestamp without time zone", date: "date" };

let dataDir: string;
let csvDir: string;
let info: ServerInfo;
let ecomUrl: string;
let mktUrl: string;
let manifestRows: Record<string, number>;

beforeAll(async () => {
  dataDir = tempDir("pg-data");
  csvDir = tempDir("csv");
  info = dbStart(dataDir);
  ecomUrl = urlWithPassword(info, "ecom");
  mktUrl = urlWithPassword(info, "marketing");
  await generateInto(csvDir, 21, 0.01, "none");
  manifestRows = JSON.parse(fs.readFileSync(path.join(csvDir, MANIFEST), "utf8")).rows;
});

afterAll(() => {
  dbStop(dataDir);
  fs.rmSync(csvDir, { recursive: true, force: true });
  fs.rmSync(dataDir, { recursive: true, force: true });
});

const load = (fromCsv: string) => runLoad({ databaseUrl: ecomUrl, fromCsv, seed: 0 });

describe("db start", () => {
  it("prints the same connection line when the server already runs, without the password", () => {
    expect(dbStart(dataDir)).toEqual(info);
    const password = fs.readFileSync(info.passwordFile, "utf8").trim();
    expect(JSON.stringify(info)).not.toContain(password);
    expect(fs.statSync(info.passwordFile).mode & 0o777).toBe(0o600);
    expect(Object.keys(info.databases).sort()).toEqual(["ecom", "marketing"]);
  });
});

describe("DDL", () => {
  it.each([["ecom"], ["marketing"]] as const)("gives %s exactly the contract's columns, types and nullability, plus updated_at", async (db) => {
    const url = db === "ecom" ? ecomUrl : mktUrl;
    for (const [table, spec] of Object.entries(sources.databases[db].tables)) {
      const cols = await query<{ column_name: string; data_type: string; is_nullable: string }>(
        url,
        "select column_name, data_type, is_nullable from information_schema.columns where table_schema = 'public' and table_name = $1 order by ordinal_position",
        [table],
      );
      const expected = [
        ...spec.columns.map((c) => ({ column_name: c.name, data_type: PG_TYPES[c.type], is_nullable: c.nullable ? "YES" : "NO" })),
        { column_name: sources.watermarkColumn, data_type: "timestamp with time zone", is_nullable: "NO" },
      ];
      expect(cols).toEqual(expected);
      const idx = await query(url, "select 1 from pg_indexes where tablename = $1 and indexdef like $2", [table, `%(${sources.watermarkColumn})%`]);
      expect(idx.length).toBe(1);
    }
  });

  it("applies twice without error (idempotent)", () => {
    expect(cli(["db", "start", "--data-dir", dataDir]).code).toBe(0);
  });
});

describe("load", () => {
  it("loads every table, twice, with the same row counts and all keys satisfied", async () => {
    const first = await load(csvDir);
    const second = await load(csvDir);
    expect(second.loaded).toEqual(first.loaded);
    for (const [table, spec] of Object.entries({ ...sources.databases.ecom.tables, ...sources.databases.marketing.tables })) {
      const db = ecomTables.includes(table) ? "ecom" : "marketing";
      expect(first.loaded?.[db]?.[table]).toBe(manifestRows[spec.csv]);
    }
    expect(await counts(ecomUrl, ["orders"])).toEqual({ orders: manifestRows["olist_orders_dataset.csv"] });
    const orphans = await query<{ n: string }>(
      ecomUrl,
      `select (select count(*) from order_items i left join products p using (product_id) where p.product_id is null)
            + (select count(*) from orders o left join customers c using (customer_id) where c.customer_id is null) as n`,
    );
    expect(Number(orphans[0].n)).toBe(0);
  });

  it("stops on a malformed value with file:line:column and leaves the database as it was", async () => {
    await load(csvDir);
    const before = await counts(ecomUrl, ecomTables);
    const bad = tempDir("csv-bad");
    fs.cpSync(csvDir, bad, { recursive: true });
    const file = path.join(bad, sources.databases.ecom.tables.order_items.csv);
    const lines = fs.readFileSync(file, "utf8").split("\n");
    lines[4] = lines[4].split(",").map((v, i) => (i === 5 ? "abc" : v)).join(",");
    fs.writeFileSync(file, lines.join("\n"));
    await expect(load(bad)).rejects.toThrow('olist_order_items_dataset.csv:5:6: invalid input syntax for type numeric: "abc" [price]');
    expect(await counts(ecomUrl, ecomTables)).toEqual(before);
    fs.rmSync(bad, { recursive: true, force: true });
  });

  it("names the file and line of a foreign key that only fails at commit", async () => {
    const before = await counts(ecomUrl, ecomTables);
    const bad = tempDir("csv-fk");
    fs.cpSync(csvDir, bad, { recursive: true });
    const file = path.join(bad, sources.databases.ecom.tables.order_payments.csv);
    const lines = fs.readFileSync(file, "utf8").split("\n");
    lines[7] = ["ffffffffffffffffffffffffffffffff", ...lines[7].split(",").slice(1)].join(",");
    fs.writeFileSync(file, lines.join("\n"));
    await expect(load(bad)).rejects.toThrow(/^olist_order_payments_dataset\.csv:8:1: insert or update on table "order_payments" violates foreign key constraint/);
    expect(await counts(ecomUrl, ecomTables)).toEqual(before);
    fs.rmSync(bad, { recursive: true, force: true });
  });

  it("reads Kaggle quirks: BOM, CRLF line ends, quoted multi-line accented text", async () => {
    const quirky = tempDir("csv-quirks");
    fs.cpSync(csvDir, quirky, { recursive: true });
    const file = path.join(quirky, sources.databases.ecom.tables.order_reviews.csv);
    const rows = fs.readFileSync(file, "utf8").split("\n").filter(Boolean);
    const orderId = fs.readFileSync(path.join(quirky, sources.databases.ecom.tables.orders.csv), "utf8").split("\n")[1].split(",")[0];
    const message = 'Ótima compra, "recomendo"!\r\nChegou em São Paulo antes do prazo.';
    rows.push(`"quirk00000000000000000000000001","${orderId}",5,"Ótimo","${message.replace(/"/g, '""')}",2018-01-01 00:00:00,2018-01-02 10:00:00`);
    fs.writeFileSync(file, "\ufeff" + rows.join("\r\n") + "\r\n");
    await load(quirky);
    const got = await query<{ review_comment_message: string }>(ecomUrl, "select review_comment_message from order_reviews where review_id = $1", ["quirk00000000000000000000000001"]);
    expect(got).toEqual([{ review_comment_message: message }]);
    fs.rmSync(quirky, { recursive: true, force: true });
  });
});

describe("append", () => {
  it("adds one consistent day of orders and moves open orders forward, visible by updated_at", async () => {
    await load(csvDir);
    // As text: a JS Date would drop the microseconds and make every row look newer than the watermark.
    const [{ watermark }] = await query<{ watermark: string }>(ecomUrl, "select max(updated_at)::text as watermark from orders");
    const before = await counts(ecomUrl, ecomTables);
    const summary = await runLoad({ databaseUrl: ecomUrl, seed: 21, append: true, day: "2018-09-05" });
    expect(summary.appended?.alreadyAppended).toBe(false);
    const after = await counts(ecomUrl, ecomTables);
    const newOrders = await query<{ n: string }>(ecomUrl, "select count(*) as n from orders where order_purchase_timestamp::date = '2018-09-05'");
    expect(Number(newOrders[0].n)).toBe(summary.appended?.inserted.orders);
    expect(after.orders - before.orders).toBe(summary.appended?.inserted.orders);
    expect(after.customers - before.customers).toBe(summary.appended?.inserted.orders);
    expect(after.order_items).toBeGreaterThan(before.order_items);
    const changed = await query<{ n: string }>(ecomUrl, "select count(*) as n from orders where updated_at > $1::timestamptz and order_purchase_timestamp::date <> '2018-09-05'", [watermark]);
    expect(Number(changed[0].n)).toBe(summary.appended?.updated.orders);
    expect(Number(changed[0].n)).toBeGreaterThan(0);
    const again = await runLoad({ databaseUrl: ecomUrl, seed: 21, append: true, day: "2018-09-05" });
    expect(again.appended?.alreadyAppended).toBe(true);
    expect(await counts(ecomUrl, ecomTables)).toEqual(after);
  });
});

describe("the load command without a running server", () => {
  it("starts the embedded PostgreSQL in --data-dir, loads generated data, stops it, and never prints the password", () => {
    const dir = tempDir("pg-own");
    const res = cli(["data", "load", "--data-dir", dir, "--scale", "0.002", "--seed", "4"]);
    expect(res.stderr).toBe("");
    expect(res.code).toBe(0);
    const summary = JSON.parse(res.stdout.trim());
    expect(summary.loaded.ecom.orders).toBe(199);
    expect(res.stdout).not.toContain(fs.readFileSync(path.join(dir, "password"), "utf8").trim());
    expect(cli(["db", "stop", "--data-dir", dir]).stderr).toContain("no PostgreSQL running");
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("explains a missing source", () => {
    const res = cli(["data", "load", "--database-url", "postgresql://nobody@127.0.0.1:1/x"]);
    expect(res.code).toBe(1);
    expect(res.stderr).toContain("give --from-csv DIR or --scale S (with --seed N) to say what to load");
  });
});
