import { splitCql } from "../../cli/stream/cql";

test.each([
  ["CREATE KEYSPACE k; CREATE TABLE k.t (a int PRIMARY KEY);", ["CREATE KEYSPACE k", "CREATE TABLE k.t (a int PRIMARY KEY)"]],
  ["-- comment; not a statement\nSELECT 1;\n// another; one\n", ["SELECT 1"]],
  ["/* block; comment */ SELECT 1 /* x */;", ["SELECT 1"]],
  ["INSERT INTO t (a) VALUES ('x;y');", ["INSERT INTO t (a) VALUES ('x;y')"]],
  ['CREATE TABLE "we;ird" (a int PRIMARY KEY);', ['CREATE TABLE "we;ird" (a int PRIMARY KEY)']],
  ["CREATE FUNCTION f() RETURNS int LANGUAGE java AS $$ return 1; $$;", ["CREATE FUNCTION f() RETURNS int LANGUAGE java AS $$ return 1; $$"]],
  ["SELECT 1", ["SELECT 1"]],
  [";;\n  ;", []],
])("splits %j", (text, statements) => expect(splitCql(text)).toEqual(statements));
