/**
 * Pulumi.yaml and every Pulumi.<stack>.yaml, read by Pulumi's own Go loader (tests/pulumi/loader, built on the
 * sdk/v3 version package.json pins) as the CLI reads them before it starts the program; the config it yields is then
 * handed to the program's config boundary (stacks/schema.ts).
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { NAMESPACE, parseConfig } from "../../stacks/schema";
import { readRawConfig } from "../../stacks";

const REPO = path.resolve(__dirname, "..", "..");
let loader = "";

interface Loaded {
  project: string;
  /** Per stack: the config the CLI would hand to the program (project defaults applied, secrets blinded). */
  stacks: Record<string, { config: Record<string, string>; secretKeys: string[] }>;
}

/** Runs the loader on a project folder: the parsed result, or the loader's error text. */
function load(dir: string): { ok: true; value: Loaded } | { ok: false; error: string } {
  const r = spawnSync(loader, [dir], { encoding: "utf8" });
  if (r.error) throw r.error;
  return r.status === 0 ? { ok: true, value: JSON.parse(r.stdout) as Loaded } : { ok: false, error: r.stderr.trim() };
}

/** A temp project folder holding the given files. */
function project(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "lh-pulumi-project-"));
  for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), text);
  return dir;
}

const repoProjectYaml = () => fs.readFileSync(path.join(REPO, "Pulumi.yaml"), "utf8");

beforeAll(() => {
  // Same step as setup (scripts/setup.d): builds on first use (minutes, cold), then prints the cached binary.
  const r = spawnSync("bash", [path.join(REPO, "scripts", "setup.d", "60-pulumi-loader.sh")], { encoding: "utf8" });
  if (r.status !== 0) throw new Error(`building the Pulumi loader failed:\n${r.stderr}`);
  loader = r.stdout.trim().split("\n").pop() ?? "";
}, 30 * 60 * 1000);

describe("the repository's project files, read by Pulumi's loader", () => {
  let loaded: Loaded;
  beforeAll(() => {
    const r = load(REPO);
    if (!r.ok) throw new Error(r.error);
    loaded = r.value;
  });

  it("is the loader of the SDK version package.json pins", () => {
    const pin = (JSON.parse(fs.readFileSync(path.join(REPO, "package.json"), "utf8")) as { dependencies: Record<string, string> })
      .dependencies["@pulumi/pulumi"];
    expect(spawnSync(loader, ["-version"], { encoding: "utf8" }).stdout.trim()).toBe(`v${pin}`);
  });

  it("names the project after the config namespace the program reads", () => {
    expect(loaded.project).toBe(NAMESPACE);
  });

  it("loads every Pulumi.<stack>.yaml in the repository", () => {
    const files = fs.readdirSync(REPO).filter((f) => /^Pulumi\..+\.yaml$/.test(f));
    expect(files.length).toBeGreaterThan(0);
    expect(Object.keys(loaded.stacks).sort()).toEqual(files.map((f) => f.slice("Pulumi.".length, -".yaml".length)).sort());
  });

  it("gives each stack a config the program accepts", () => {
    for (const [stack, { config, secretKeys }] of Object.entries(loaded.stacks)) {
      // Encrypted values need the stack's passphrase; the loader has already checked their type.
      const plain = Object.fromEntries(Object.entries(config).filter(([k]) => !secretKeys.includes(k)));
      expect(() => parseConfig(readRawConfig(plain), stack)).not.toThrow();
    }
  });

  it("passes the dev stack file's values through unchanged", () => {
    expect(loaded.stacks.dev.config).toMatchObject({
      "lakehouse:target": "docker",
      "lakehouse:platform": "linux/arm64",
      "lakehouse:bindAddress": "127.0.0.1",
    });
  });

  it("declares project defaults equal to the program's own defaults", () => {
    const r = load(project({ "Pulumi.yaml": repoProjectYaml(), "Pulumi.dev.yaml": "config: {}\n" }));
    if (!r.ok) throw new Error(r.error);
    const fromDefaults = readRawConfig(r.value.stacks.dev.config);
    expect(Object.keys(fromDefaults).sort()).toEqual(["bindAddress", "platform", "retainVolumes", "target"]);
    expect(parseConfig(fromDefaults, "dev")).toEqual(parseConfig({}, "dev"));
  });
});

it("reads a stack file as the Pulumi CLI writes it (passphrase salt, secret values), never showing a ciphertext", () => {
  // Written by `pulumi stack init dev --secrets-provider passphrase` and `pulumi config set --secret` (CLI v3.248.0
  // built by scripts/pulumi-cli-build.sh, passphrase "fixture-only").
  const stackYaml = [
    "config:",
    "  lakehouse:target: docker",
    "  lakehouse:memoryMb:",
    "    kafka:",
    "      secure: v1:P9aMjROBaFekqx35:QY+fSSlGbBr12sbyyP7cQMC5pFc=",
    "  lakehouse:bindAddress:",
    "    secure: v1:R+fr4SgPoX77q4+9:xNQ7PHKDtGdXmlRgkDLU8XTOxaYmBPsz",
    "encryptionsalt: v1:KxrC7MNQ+Zw=:v1:ilPRVGWO6EB/H0vl:0b9eVABG5Dgpp9DZq/xeRroU2cIHUw==",
    "",
  ].join("\n");
  const r = load(project({ "Pulumi.yaml": repoProjectYaml(), "Pulumi.dev.yaml": stackYaml }));
  if (!r.ok) throw new Error(r.error);
  expect(r.value.stacks.dev).toEqual({
    config: {
      "lakehouse:target": "docker",
      "lakehouse:platform": "linux/arm64",
      "lakehouse:bindAddress": "[secret]",
      "lakehouse:memoryMb": JSON.stringify({ kafka: "[secret]" }),
      "lakehouse:retainVolumes": "true",
    },
    secretKeys: ["lakehouse:bindAddress", "lakehouse:memoryMb"],
  });
});

describe("the loader refuses what the Pulumi CLI refuses (negative controls)", () => {
  it("refuses typed keys outside the project's namespace (the project's former name)", () => {
    const yaml = repoProjectYaml().replace(/^name: .*$/m, "name: ecommerce-insights-lakehouse");
    const r = load(project({ "Pulumi.yaml": yaml }));
    expect(r.ok).toBe(false);
    expect(!r.ok && r.error).toMatch(/Configuration key 'lakehouse:\w+' is not namespaced by the project and should not define a type/);
  });

  it("refuses any stack file with a value of the wrong type, naming the stack and the key", () => {
    const r = load(
      project({
        "Pulumi.yaml": repoProjectYaml(),
        "Pulumi.dev.yaml": "config:\n  lakehouse:bindAddress: 127.0.0.1\n",
        "Pulumi.prod.yaml": "config:\n  lakehouse:bindAddress:\n    host: 0.0.0.0\n",
      }),
    );
    expect(r.ok).toBe(false);
    expect(!r.ok && r.error).toContain("Pulumi.prod.yaml: Stack 'prod' with configuration key 'lakehouse:bindAddress' must be of type 'string'");
  });

  it("refuses a stack file with an empty value (a loader warning)", () => {
    const r = load(project({ "Pulumi.yaml": repoProjectYaml(), "Pulumi.dev.yaml": "config:\n  lakehouse:platform:\n" }));
    expect(r.ok).toBe(false);
    expect(!r.ok && r.error).toContain('No value for configuration key "lakehouse:platform"');
  });
});

describe("the loader's setup step (scripts/setup.d/60-pulumi-loader.sh)", () => {
  /** Runs a copy of the step in a temp tree whose package.json pins @pulumi/pulumi to `pin`. */
  function setupWithPin(pin: string) {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), "lh-pulumi-setup-"));
    for (const rel of ["scripts/setup.d/60-pulumi-loader.sh", "scripts/lib/go.sh", "tests/pulumi/loader/go.mod"]) {
      fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
      fs.copyFileSync(path.join(REPO, rel), path.join(root, rel));
    }
    fs.writeFileSync(path.join(root, "package.json"), JSON.stringify({ dependencies: { "@pulumi/pulumi": pin } }));
    const r = spawnSync("bash", [path.join(root, "scripts/setup.d/60-pulumi-loader.sh")], { encoding: "utf8" });
    fs.rmSync(root, { recursive: true, force: true });
    return r;
  }

  it("refuses to build a loader of another SDK version than package.json pins", () => {
    const r = setupWithPin("3.1.0");
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/^error: tests\/pulumi\/loader\/go\.mod requires github\.com\/pulumi\/pulumi\/sdk\/v3 v3\.\d+\.\d+, but package\.json pins @pulumi\/pulumi 3\.1\.0; run: /);
  });

  it("refuses a package.json range instead of an exact version", () => {
    const r = setupWithPin("^3.248.0");
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('error: package.json pins @pulumi/pulumi to "^3.248.0"; expected an exact version such as 3.248.0');
  });
});
