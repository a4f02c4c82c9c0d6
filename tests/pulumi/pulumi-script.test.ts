/** scripts/pulumi.sh refuses to run without the Pulumi CLI or a passphrase, with a message saying what to do. */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

const SCRIPT = path.resolve(__dirname, "..", "..", "scripts", "pulumi.sh");

/** Runs the script with a PATH holding only bash basics, plus an optional fake `pulumi`. */
function run(env: Record<string, string>, fakePulumi?: string) {
  const bin = fs.mkdtempSync(path.join(os.tmpdir(), "lh-pulumi-bin-"));
  for (const tool of ["bash", "dirname", "mkdir", "cat", "mv", "rm"]) {
    const found = spawnSync("bash", ["-c", `command -v ${tool}`]).stdout.toString().trim();
    fs.symlinkSync(found, path.join(bin, tool));
  }
  if (fakePulumi) fs.writeFileSync(path.join(bin, "pulumi"), fakePulumi, { mode: 0o755 });
  const result = spawnSync("/bin/bash", [SCRIPT, "preview"], { env: { PATH: bin, ...env }, encoding: "utf8" });
  fs.rmSync(bin, { recursive: true, force: true });
  return result;
}

it("explains how to install the Pulumi CLI when it is missing", () => {
  const r = run({ PULUMI_CONFIG_PASSPHRASE: "x" });
  expect(r.status).toBe(127);
  expect(r.stderr).toContain("error: the Pulumi CLI is not installed.");
});

it("requires a passphrase for the stack's secrets", () => {
  const r = run({}, "#!/bin/bash\nexit 0\n");
  expect(r.status).toBe(2);
  expect(r.stderr).toContain("error: set PULUMI_CONFIG_PASSPHRASE");
});

it("uses the file backend in the checkout and previews the dev stack", () => {
  const log = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "lh-pulumi-log-")), "calls");
  const fake = `#!/bin/bash\necho "$PULUMI_BACKEND_URL $*" >> ${log}\nexit 0\n`;
  const r = run({ PULUMI_CONFIG_PASSPHRASE: "x" }, fake);
  expect(r.status).toBe(0);
  const calls = fs.readFileSync(log, "utf8").trim().split("\n");
  const backend = `file://${path.resolve(__dirname, "..", "..")}/.pulumi-state`;
  expect(calls).toEqual([`${backend} stack select dev`, `${backend} preview --stack dev`]);
});
