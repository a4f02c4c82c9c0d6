/**
 * scripts/pulumi.sh (`npm run preview|up|destroy`): refuses to run without the Pulumi CLI, its Node.js language host
 * or a passphrase, with a message saying what to do; chooses the state backend, the same one the PR-preview workflow
 * uses (the workflow's own step is run here).
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as yaml from "js-yaml";

const REPO = path.resolve(__dirname, "..", "..");
const SCRIPT = path.join(REPO, "scripts", "pulumi.sh");
const DEFAULT_BACKEND = `file://${REPO}/.pulumi-state`;
const OK = "#!/bin/bash\nexit 0\n";

interface RunOptions {
  env?: Record<string, string>;
  /** Script of a fake `pulumi` on PATH. */
  pulumi?: string;
  /** Where the fake Node.js language host goes: on PATH (default, with a fake CLI), in the plugin cache, or nowhere. */
  host?: "path" | "plugins" | "none";
  args?: string[];
}

/** A scratch folder, removed after the test file. */
const scratch: string[] = [];
function tempDir(prefix: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  scratch.push(dir);
  return dir;
}
afterAll(() => scratch.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

/** Runs the script with a PATH holding only bash basics, plus an optional fake `pulumi` and language host. */
function run({ env = {}, pulumi, host = "path", args = ["preview"] }: RunOptions) {
  const bin = tempDir("lh-pulumi-bin-");
  const home = tempDir("lh-pulumi-home-");
  for (const tool of ["bash", "dirname", "mkdir", "cat", "mv", "rm", "readlink"]) {
    const found = spawnSync("bash", ["-c", `command -v ${tool}`]).stdout.toString().trim();
    fs.symlinkSync(found, path.join(bin, tool));
  }
  if (pulumi) fs.writeFileSync(path.join(bin, "pulumi"), pulumi, { mode: 0o755 });
  if (pulumi && host === "path") fs.writeFileSync(path.join(bin, "pulumi-language-nodejs"), OK, { mode: 0o755 });
  if (pulumi && host === "plugins") {
    const dir = path.join(home, ".pulumi", "plugins", "language-nodejs-v3.248.0");
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, "pulumi-language-nodejs"), OK, { mode: 0o755 });
  }
  return spawnSync("/bin/bash", [SCRIPT, ...args], { env: { PATH: bin, HOME: home, ...env }, encoding: "utf8" });
}

/** A fake `pulumi` that logs the backend it sees and its arguments, one call per line. */
function recordingPulumi(): { script: string; calls: () => string[] } {
  const log = path.join(tempDir("lh-pulumi-log-"), "calls");
  return {
    script: `#!/bin/bash\necho "$PULUMI_BACKEND_URL $*" >> ${log}\nexit 0\n`,
    calls: () => fs.readFileSync(log, "utf8").trim().split("\n"),
  };
}

it("explains how to install the Pulumi CLI when it is missing", () => {
  const r = run({ env: { PULUMI_CONFIG_PASSPHRASE: "x" } });
  expect(r.status).toBe(127);
  expect(r.stderr).toContain("error: the Pulumi CLI is not installed.");
});

it("refuses a CLI without the Node.js language host, before touching any stack", () => {
  const fake = recordingPulumi();
  const r = run({ env: { PULUMI_CONFIG_PASSPHRASE: "x" }, pulumi: fake.script, host: "none" });
  expect(r.status).toBe(127);
  expect(r.stderr).toContain("has no Node.js language host (pulumi-language-nodejs: not on PATH, not next to the CLI, not in");
  expect(r.stderr).toContain("Install the Pulumi CLI the usual way");
  expect(() => fake.calls()).toThrow(/ENOENT/);
});

it("finds the language host in Pulumi's plugin cache", () => {
  const r = run({ env: { PULUMI_CONFIG_PASSPHRASE: "x" }, pulumi: OK, host: "plugins" });
  expect([r.status, r.stderr]).toEqual([0, ""]);
});

it("requires a passphrase for the stack's secrets", () => {
  const r = run({ pulumi: OK });
  expect(r.status).toBe(2);
  expect(r.stderr).toContain("error: set PULUMI_CONFIG_PASSPHRASE");
});

it("rejects an unknown command, naming the allowed ones", () => {
  const r = run({ args: ["apply"] });
  expect(r.status).toBe(2);
  expect(r.stderr).toContain("error: unknown command 'apply' (expected preview, up, destroy or backend)");
});

describe("state backend", () => {
  it("defaults to the file backend in the checkout and previews the dev stack", () => {
    const fake = recordingPulumi();
    const r = run({ env: { PULUMI_CONFIG_PASSPHRASE: "x" }, pulumi: fake.script });
    expect(r.status).toBe(0);
    expect(fake.calls()).toEqual([`${DEFAULT_BACKEND} stack select dev`, `${DEFAULT_BACKEND} preview --stack dev`]);
  });

  it("honours PULUMI_BACKEND_URL", () => {
    const fake = recordingPulumi();
    const url = "s3://lakehouse-state?endpoint=minio.internal:9000";
    const r = run({ env: { PULUMI_CONFIG_PASSPHRASE: "x", PULUMI_BACKEND_URL: url }, pulumi: fake.script });
    expect(r.status).toBe(0);
    expect(fake.calls()).toEqual([`${url} stack select dev`, `${url} preview --stack dev`]);
  });

  it("prints its choice without the CLI or a passphrase, creating a file backend's folder", () => {
    const dir = path.join(tempDir("lh-pulumi-state-"), "state");
    expect(run({ args: ["backend"], env: { PULUMI_BACKEND_URL: `file://${dir}` } }).stdout).toBe(`file://${dir}\n`);
    expect(fs.statSync(dir).isDirectory()).toBe(true);
    expect(run({ args: ["backend"], env: { PULUMI_BACKEND_URL: "" } }).stdout).toBe(`${DEFAULT_BACKEND}\n`);
  });

  it("is the backend the PR-preview workflow previews against", () => {
    type Step = { id?: string; uses?: string; run?: string; env?: Record<string, string>; with?: Record<string, string> };
    const workflow = yaml.load(fs.readFileSync(path.join(REPO, ".github", "workflows", "pulumi-preview.yml"), "utf8")) as {
      jobs: { preview: { steps: Step[] } };
    };
    const steps = workflow.jobs.preview.steps;
    const choose = steps.find((s) => s.id === "backend");
    const preview = steps.find((s) => s.uses?.startsWith("pulumi/actions@"));
    expect(preview?.with?.["cloud-url"]).toBe("${{ steps.backend.outputs.url }}");
    expect(choose?.env).toEqual({ PULUMI_BACKEND_URL: "${{ vars.PULUMI_BACKEND_URL }}" });
    // The step as GitHub runs it in the checkout when the repository variable is unset (an empty string).
    const out = path.join(tempDir("lh-gh-"), "out");
    const env = path.join(path.dirname(out), "env");
    const r = spawnSync("bash", ["-e", "-c", choose?.run ?? "false"], {
      cwd: REPO,
      env: { PATH: process.env.PATH, PULUMI_BACKEND_URL: "", GITHUB_OUTPUT: out, GITHUB_ENV: env },
      encoding: "utf8",
    });
    expect(r.status).toBe(0);
    expect(fs.readFileSync(out, "utf8")).toBe(`url=${DEFAULT_BACKEND}\n`);
    expect(fs.readFileSync(env, "utf8")).toBe(`PULUMI_BACKEND_URL=${DEFAULT_BACKEND}\n`);
  });
});
