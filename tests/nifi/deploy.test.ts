import { execFileSync, spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { PARAMETERS } from "../../cli/nifi/parameters";
import { TEMPLATES_DIR } from "../../cli/nifi/render";

const SCRIPT = path.join(TEMPLATES_DIR, "deploy.sh");
const PASSWORD = "not-a-real-password-42";
const env = (extra: Record<string, string> = {}): Record<string, string> => ({
  PATH: process.env.PATH ?? "",
  NIFI_URL: "https://nifi.test:8443",
  NIFI_USERNAME: "lakehouse",
  NIFI_PASSWORD: PASSWORD,
  ...Object.fromEntries(PARAMETERS.map((p) => [p.env, `value-of-${p.env}`])),
  ...extra,
});
const run = (e: Record<string, string>, args = ["--dry-run"]) => spawnSync("bash", [SCRIPT, ...args], { env: e, encoding: "utf8" });

describe("nifi-templates/deploy.sh --dry-run", () => {
  it("plans login, upload and start of every committed flow, with each parameter from its variable", () => {
    const r = run(env());
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    const lines = r.stdout.trim().split("\n");
    expect(lines[0]).toBe("POST /nifi-api/access/token (username=lakehouse, password=<redacted>)");
    expect(lines).toContain("POST /nifi-api/process-groups/<root>/process-groups/upload (groupName=ECOM_Lakehouse, file=ecom-lakehouse.json)");
    for (const p of PARAMETERS) expect(lines).toContain(`SET PARAMETER ${p.name} = value-of-${p.env} (from $${p.env})`);
    expect(lines[lines.length - 1]).toBe("PUT /nifi-api/flow/process-groups/<ECOM_Lakehouse> state=RUNNING");
  });

  it("never prints the password", () => {
    expect(run(env()).stdout).not.toContain(PASSWORD);
  });

  it("names every missing variable and exits non-zero", () => {
    const e = env();
    delete e.NIFI_PASSWORD;
    delete e.KAFKA_BOOTSTRAP_SERVERS;
    const r = run(e);
    expect(r.status).toBe(1);
    expect(r.stderr.trim()).toBe("deploy.sh: missing environment variables: NIFI_PASSWORD, KAFKA_BOOTSTRAP_SERVERS");
  });

  it("refuses a folder without flows, and a file that is not a flow definition", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "nifi-flows-"));
    try {
      expect(run(env({ NIFI_FLOWS_DIR: dir })).stderr.trim()).toBe(`deploy.sh: no flow definitions (*.json) in ${dir}`);
      fs.writeFileSync(path.join(dir, "broken.json"), JSON.stringify({ flow: {} }));
      const r = run(env({ NIFI_FLOWS_DIR: dir }));
      expect(r.status).toBe(1);
      expect(r.stderr).toContain(`${path.join(dir, "broken.json")}: not a NiFi flow definition`);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it("redacts sensitive parameters in the plan", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "nifi-flows-"));
    try {
      const flow = JSON.parse(fs.readFileSync(path.join(TEMPLATES_DIR, "ecom-lakehouse.json"), "utf8"));
      const ctx = Object.values(flow.parameterContexts)[0] as { parameters: { name: string; description: string; sensitive: boolean }[] };
      ctx.parameters.push({ name: "kafka.password", description: "SASL password [env KAFKA_PASSWORD]", sensitive: true });
      fs.writeFileSync(path.join(dir, "flow.json"), JSON.stringify(flow));
      const r = run(env({ NIFI_FLOWS_DIR: dir, KAFKA_PASSWORD: "kafka-secret-value" }));
      expect(r.stdout).toContain("SET PARAMETER kafka.password = <redacted> (from $KAFKA_PASSWORD)");
      expect(r.stdout).not.toContain("kafka-secret-value");
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it("passes shellcheck (installed by scripts/setup.d/25-nifi-nars.sh)", () => {
    expect(() => execFileSync("shellcheck", [SCRIPT, path.join(__dirname, "..", "..", "scripts", "setup.d", "25-nifi-nars.sh")], { encoding: "utf8" })).not.toThrow();
  });
});
