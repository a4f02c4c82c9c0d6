/**
 * A suite that skips in CI is a failure: no jest test may skip itself (`describe.skip`, `it.skip`, `xit`, or a
 * skip chosen at run time such as `cond ? describe : describe.skip`). A missing prerequisite must fail with the
 * setup step to run.
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
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

/**
 * pytest: the jobs' conftest files skip engine tests outside their suite on purpose (tier selection), so every
 * tests.d suite that runs pytest loads scripts/lib/pytest_no_skips.py, which fails the run on any skip.
 */
describe("pytest in the CI suites", () => {
  const ROOT = path.resolve(TESTS, "..");
  const SUITES = path.join(ROOT, "scripts/tests.d");

  const LIB = path.join(ROOT, "scripts/lib/suite.sh");
  // The plugin is loaded by the PYTEST_ADDOPTS line itself or by sourcing scripts/lib/suite.sh, which holds it.
  const LOADS_PLUGIN = /PYTEST_ADDOPTS="-p pytest_no_skips|^source "\$ROOT\/scripts\/lib\/suite\.sh"/m;

  it("scripts/lib/suite.sh loads the plugin for the suites that source it", () => {
    expect(fs.readFileSync(LIB, "utf8")).toMatch(/^export [^\n]*PYTEST_ADDOPTS="-p pytest_no_skips/m);
  });

  it("every suite that runs pytest loads the no-skips plugin before it", () => {
    const suites = fs.readdirSync(SUITES).filter((f) => f.endsWith(".sh"));
    const missing = suites.filter((f) => {
      const text = fs.readFileSync(path.join(SUITES, f), "utf8").replace(/^\s*#.*$/gm, "");
      const run = text.search(/\bpytest\b(?!_no_skips)[^\n]*(?:tests|\$@)/m);
      const plugin = text.search(LOADS_PLUGIN);
      return run >= 0 && !(plugin >= 0 && plugin < run);
    });
    expect(missing).toEqual([]);
  });

  it("the plugin fails a run with a skipped test, names it and its reason, and lets xfail pass", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "no-skips-"));
    const run = (body: string) => {
      fs.writeFileSync(path.join(dir, "test_x.py"), body);
      return spawnSync(path.join(ROOT, ".venv/bin/pytest"), ["-q", "-p", "no:cacheprovider", "-p", "pytest_no_skips", dir], {
        env: { ...process.env, PYTHONPATH: path.join(ROOT, "scripts/lib") },
        encoding: "utf8",
      });
    };
    try {
      const skipped = run('import pytest\ndef test_ok(): pass\ndef test_engine(): pytest.skip("LAKEHOUSE_TEST_PG not set")\n');
      expect(skipped.status).toBe(1);
      expect(skipped.stdout).toContain("test_x.py::test_engine: Skipped: LAKEHOUSE_TEST_PG not set");
      const clean = run('import pytest\ndef test_ok(): pass\n@pytest.mark.xfail(reason="known")\ndef test_known(): assert False\n');
      expect([clean.status, clean.stdout]).toEqual([0, expect.stringContaining("1 passed, 1 xfailed")]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
