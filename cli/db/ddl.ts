/** Creates the two source databases and applies their DDL (`sql/<database>.sql`, idempotent). */
import * as fs from "fs";
import * as path from "path";
import { ClientConfig } from "pg";
import { SourceDatabaseName } from "../../contracts";
import { withClient } from "./client";

export const SOURCE_DATABASES: readonly SourceDatabaseName[] = ["ecom", "marketing"];

export const SQL_DIR = path.resolve(__dirname, "..", "..", "sql");

export function ddlFor(database: SourceDatabaseName): string {
  return fs.readFileSync(path.join(SQL_DIR, `${database}.sql`), "utf8");
}

/** `server` points at any database of the server (its `database` is replaced); the role needs CREATEDB. */
export async function applySourceDdl(server: ClientConfig): Promise<void> {
  await withClient({ ...server, database: "postgres" }, async (c) => {
    for (const db of SOURCE_DATABASES) {
      const exists = await c.query("select 1 from pg_database where datname = $1", [db]);
      if (exists.rowCount === 0) await c.query(`create database ${c.escapeIdentifier(db)} encoding 'UTF8'`);
    }
  });
  for (const db of SOURCE_DATABASES) {
    await withClient({ ...server, database: db }, (c) => c.query(ddlFor(db)).then(() => undefined));
  }
}
