/** The Grafana Cassandra panels read columns that cql/*.cql really defines, with the types the panels need. */
import * as fs from "fs";
import * as path from "path";
import { cassandra } from "../../contracts";
import { CASSANDRA_PANELS } from "../../components/observability/dashboards";

/** column -> CQL type, per table, from the CREATE TABLE statements of cql/*.cql. */
function cqlTables(dir: string): Record<string, Record<string, string>> {
  const text = fs.readdirSync(dir).filter((f) => f.endsWith(".cql")).map((f) => fs.readFileSync(path.join(dir, f), "utf8")).join("\n");
  const tables: Record<string, Record<string, string>> = {};
  for (const m of text.matchAll(/CREATE TABLE IF NOT EXISTS (\w+)\.(\w+) \(([\s\S]*?)\n\)/g)) {
    const cols = m[3].split("\n").map((l) => l.trim().match(/^(\w+) (\w+),?$/)).filter((x): x is RegExpMatchArray => x !== null && x[1] !== "PRIMARY");
    tables[`${m[1]}.${m[2]}`] = Object.fromEntries(cols.map((c) => [c[1], c[2]]));
  }
  return tables;
}

const tables = cqlTables(path.resolve(__dirname, "../../cql"));

it("finds the contract tables in cql/", () => {
  expect(Object.keys(tables).sort()).toEqual(Object.values(cassandra.tables).map((t) => `${cassandra.keyspace}.${t}`).sort());
});

it.each(CASSANDRA_PANELS.map((p) => [p.title, p] as const))("panel %s reads existing columns", (_title, p) => {
  const columns = tables[`${cassandra.keyspace}.${cassandra.tables[p.table]}`];
  for (const c of [...p.columns, p.timeColumn]) expect([c, columns[c] !== undefined]).toEqual([c, true]);
  expect(columns[p.timeColumn]).toBe("timestamp");
  if (p.type === "timeseries") expect(["bigint", "int", "double"]).toContain(columns[p.columns[1]]);
});
