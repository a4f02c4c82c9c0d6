/**
 * The GitHub workflow runs each test command after the setup it needs: on a clean runner the unit tier needs the
 * interpreters and tools scripts/setup.sh installs (the jobs' and Airflow's virtualenvs, NiFi's jars, shellcheck),
 * and setup.sh needs Python 3.11+ and Java 17+ on the runner.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import * as yaml from "js-yaml";

const ROOT = path.resolve(__dirname, "../..");
interface Step { uses?: string; run?: string }
const workflow = yaml.load(fs.readFileSync(path.join(ROOT, ".github/workflows/tests.yml"), "utf8")) as { jobs: Record<string, { steps: Step[] }> };

/** Interpreters and tools the unit tier's test files use, each with the setup step that provides it. */
function unitTierNeeds(): string[] {
  const files = fs.readdirSync(path.join(ROOT, "tests"), { recursive: true, encoding: "utf8" }).filter((f) => f.endsWith(".ts") && !f.endsWith(".engine.test.ts"));
  const text = files.map((f) => fs.readFileSync(path.join(ROOT, "tests", f), "utf8")).join("\n");
  return [...new Set([...text.matchAll(/scripts\/setup\.d\/[\w.-]+\.sh/g)].map((m) => m[0]))].sort();
}

const index = (steps: Step[], test: (s: Step) => boolean) => steps.findIndex(test);

it("the unit tier's tests name the setup steps they need", () => {
  expect(unitTierNeeds()).toEqual(expect.arrayContaining(["scripts/setup.d/10-python.sh", "scripts/setup.d/40-airflow.sh", "scripts/setup.d/25-nifi-nars.sh"]));
});

it.each(Object.keys(workflow.jobs))("job %s sets up what its tests need before running them", (name) => {
  const steps = workflow.jobs[name].steps;
  const testStep = index(steps, (s) => /\bnpm test\b|\.ci\/run|test:all/.test(s.run ?? ""));
  expect(testStep).toBeGreaterThan(0);
  const setup = index(steps, (s) => /bash scripts\/setup\.sh|\.ci\/run|test:all/.test(s.run ?? ""));
  expect([name, setup >= 0 && setup <= testStep]).toEqual([name, true]);
  for (const action of ["actions/setup-node", "actions/setup-python", "actions/setup-java"]) {
    const at = index(steps, (s) => (s.uses ?? "").startsWith(`${action}@`));
    expect([name, action, at >= 0 && at < setup]).toEqual([name, action, true]);
  }
});

it("runs .ci/run as root with the setup actions' PATH (its suites start their own dockerd, which needs root)", () => {
  const runs = Object.values(workflow.jobs).flatMap((j) => j.steps.map((s) => s.run ?? "")).filter((r) => /\.ci\/run/.test(r));
  expect(runs.length).toBeGreaterThan(0);
  for (const r of runs) expect(r).toMatch(/^sudo -E env "PATH=\$PATH" "HOME=\$HOME" bash \.ci\/run$/);
  // engine.sh refuses to start dockerd as anyone but root: the reason for the sudo above.
  expect(fs.readFileSync(path.join(ROOT, "scripts/engines/docker/engine.sh"), "utf8")).toMatch(/dockerd needs root/);
});
