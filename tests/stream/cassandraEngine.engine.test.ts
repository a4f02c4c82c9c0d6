/** The local Cassandra engine: CQL on a free port, data kept across a restart, idempotent schema application. */
import * as fs from "fs";
import * as path from "path";
import { engineStatus, restartEngine, startCassandra, stopEngine } from "../../cli/engines";
import { applyCql, cassandraClient } from "../../cli/stream/cql";
import { removeTempDirs, tempDir } from "./helpers";

jest.setTimeout(240_000);

const dir = tempDir("cassandra-engine");
afterAll(async () => {
  await stopEngine(dir);
  removeTempDirs();
});

const SCHEMA = `-- a keyspace and a table, written the way cql/*.cql is
CREATE KEYSPACE IF NOT EXISTS t_ks WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 1};
CREATE TABLE IF NOT EXISTS t_ks.events (id int PRIMARY KEY, note text); /* note may contain ';' */
`;

test("applies a schema twice without error, keeps rows across a restart on the same port, names a failing file and statement, then stops", async () => {
  const info = await startCassandra({ dir });
  expect(info).toMatchObject({ engine: "cassandra", host: "127.0.0.1" });
  const file = path.join(tempDir("cql"), "schema.cql");
  fs.writeFileSync(file, SCHEMA);
  expect(await applyCql(`127.0.0.1:${info.port}`, [file])).toBe(2);
  expect(await applyCql(`127.0.0.1:${info.port}`, [file])).toBe(2);
  let client = cassandraClient(`127.0.0.1:${info.port}`);
  await client.execute("INSERT INTO t_ks.events (id, note) VALUES (1, 'a;b')");
  await client.shutdown();

  const again = await restartEngine(dir);
  expect(again.port).toBe(info.port);
  client = cassandraClient(`127.0.0.1:${again.port}`);
  const rs = await client.execute("SELECT id, note FROM t_ks.events");
  await client.shutdown();
  expect(rs.rows.map((r) => [r.get("id"), r.get("note")])).toEqual([[1, "a;b"]]);

  const bad = path.join(tempDir("cql-bad"), "bad.cql");
  fs.writeFileSync(bad, "CREATE TABLE IF NOT EXISTS no_such_ks.t (id int PRIMARY KEY);");
  await expect(applyCql(`127.0.0.1:${again.port}`, [bad])).rejects.toThrow(`${bad}: statement 1 failed`);

  expect((await stopEngine(dir)).result).toBe("stopped");
  expect(engineStatus(dir).running).toBe(false);
});
