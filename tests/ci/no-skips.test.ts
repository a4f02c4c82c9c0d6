/**
 * A suite that skips in CI is a failure: no jest test may skip itself (`describe.skip`, `it.skip`, `xit`, or a
 * skip chosen at run time such as `cond ? describe : describe.skip`). A missing prerequisite must fail with the
 * setup step to run.
 */
import * as fs from "node:fs";
import * as path from "node:path";

const TESTS = path.resolve(__dirname, "..");
const SKIP = /\b(?:describe|it|test)\.skip\b|\b(?:xit|xdescribe|xtest)\s*\(|\.(?:skip|todo)\s*\(/;

export function skippingLines(source: string): string[] {
  return source.split("\n").filter((line) => SKIP.test(line) && !line.trim().startsWith("//") && !line.trim().startsWith("*"));
}

it("finds the skip forms it forbids", () => {
  expect(skippingLines('const d = ok ? describe : describe.skip;\nit.skip("x", f);\nxit("y", f);\ntest.todo("z");\nit("fine", f);')).toHaveLength(4);
});

it("no jest test under tests/ skips itself", () => {
  const files = fs.readdirSync(TESTS, { recursive: true, encoding: "utf8" }).filter((f) => f.endsWith(".ts") && !f.startsWith("ci/no-skips"));
  const found = files.flatMap((f) => skippingLines(fs.readFileSync(path.join(TESTS, f), "utf8")).map((l) => `tests/${f}: ${l.trim()}`));
  expect(found).toEqual([]);
});
