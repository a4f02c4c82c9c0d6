/** scripts/run-suites.sh (what `npm run test:all` and CI run): a failed, or never finished, suite fails the run. */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

const RUNNER = path.resolve(__dirname, "../../scripts/run-suites.sh");
let dir: string;
beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), "run-suites-"))));
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

function suites(bodies: Record<string, string>): string[] {
  return Object.entries(bodies).map(([name, body]) => {
    const file = path.join(dir, `${name}.sh`);
    fs.writeFileSync(file, `#!/usr/bin/env bash\n${body}\n`);
    return file;
  });
}

function run(args: string[]) {
  const r = spawnSync("bash", [RUNNER, ...args], { encoding: "utf8", env: { ...process.env, TMPDIR: dir } });
  return { status: r.status, out: r.stdout };
}

it("passes when every suite passes, in lanes, with the fast suite first", () => {
  const [fast, ...rest] = suites({ "fast": "echo fast", "10-a": "echo a", "20-b": "echo b", "90-late": "echo late" });
  const r = run(["--first", fast, ...rest]);
  expect(r.status).toBe(0);
  expect(r.out).toContain("suites: 4 passed, 0 failed, 0 did not finish");
  expect(r.out).toContain("All suites passed.");
  expect(r.out.indexOf("==> suite: fast")).toBeLessThan(r.out.indexOf("==> suite: 10-a"));
  expect(r.out.indexOf("==> suite: 20-b")).toBeLessThan(r.out.indexOf("==> suite: 90-late"));
});

it("fails naming a failed suite", () => {
  const r = run(suites({ "10-a": "echo a", "20-b": "echo broken >&2; exit 3" }));
  expect(r.status).toBe(1);
  expect(r.out).toContain("Failed suites: 20-b");
  expect(r.out).toContain("==> suite 20-b FAILED");
  expect(r.out).not.toContain("All suites passed");
});

it("fails naming the suite whose lane died mid-run; the other lane runs the rest", () => {
  // 11-dies kills its lane (its parent); the suites queued after it are taken by the other lane.
  const r = run(suites({ "10-ok": "echo ok", "11-dies": "kill -KILL $PPID", "12-ok": "echo ok", "13-ok": "echo ok" }));
  expect(r.status).toBe(1);
  expect(r.out).toContain("suites: 3 passed, 0 failed, 1 did not finish");
  expect(r.out).toContain("Suites that did not finish (their lane died): 11-dies");
  expect(r.out).not.toContain("All suites passed");
});

it("fails when both lanes die, naming every suite that never ran", () => {
  const r = run(suites({ "10-dies": "kill -KILL $PPID", "11-dies": "kill -KILL $PPID", "12-never": "echo never" }));
  expect(r.status).toBe(1);
  expect(r.out).toContain("Suites that did not finish (their lane died): 10-dies 11-dies 12-never");
});

it("a free lane takes the next suite while a long one runs: no suite waits behind it", () => {
  // 10-long holds one lane; the other lane runs 11, 12 and 13 meanwhile (a static split would queue 12 behind 10).
  const r = run(suites({ "10-long": "while [ ! -e \"$TMPDIR/13-done\" ]; do sleep 0.1; done", "11-a": "echo a", "12-b": "echo b", "13-c": "touch \"$TMPDIR/13-done\"" }));
  expect(r.status).toBe(0);
  expect(r.out.indexOf("==> suite: 12-b")).toBeLessThan(r.out.indexOf("==> suite: 10-long"));
});

it("a suite numbered from 80 runs alone: no other suite runs while it does (the deploy suite needs the machine)", () => {
  // Each suite marks itself running for a while; 85-alone fails if any other suite's mark is there while it runs.
  const mark = (name: string) => `touch "$TMPDIR/${name}.running"; sleep 0.5; rm "$TMPDIR/${name}.running"`;
  const alone = `touch "$TMPDIR/85.running"; sleep 0.3; others=$(ls "$TMPDIR" | grep '\\.running$' | grep -v '^85\\.'); rm "$TMPDIR/85.running"; [ -z "$others" ] || { echo "ran beside: $others"; exit 1; }`;
  const r = run(suites({ "10-a": mark("10"), "11-b": mark("11"), "12-c": mark("12"), "85-alone": alone, "90-late": mark("90") }));
  expect(r.out).toContain("suites: 5 passed, 0 failed, 0 did not finish");
  expect(r.status).toBe(0);
});
