/**
 * Shared Pulumi mock harness: records every resource the program registers (type, name, raw inputs with secret
 * markers intact, the inputs as plain values) and every component's registered outputs, so tests can assert exact
 * inputs and scan for leaked secrets. Generated secrets (random mocks) get recognisable values listed in
 * `secretValues`.
 *
 * Usage: `const h = new MockHarness({ stack: "dev" }); beforeAll(() => h.install());` then import the program
 * modules *after* install (dynamic import), build, and `await h.settle()` before asserting.
 */
import * as pulumi from "@pulumi/pulumi";
import * as fs from "node:fs";
import * as path from "node:path";
import * as yaml from "js-yaml";

/** The project name of Pulumi.yaml, which the CLI hands to the program (`pulumi.getProject()`). */
export const PROJECT = (yaml.load(fs.readFileSync(path.join(__dirname, "..", "..", "Pulumi.yaml"), "utf8")) as { name: string }).name;

/** Serialized secret marker used by the Pulumi wire format. */
const SECRET_SIG = "4dabf18193072939515e22adb298388d";

export interface RecordedResource {
  readonly type: string;
  readonly name: string;
  /** Inputs as plain values (secrets unwrapped). */
  readonly inputs: Record<string, unknown>;
  /** Inputs as serialized on the wire: secret values are still wrapped in secret markers. */
  readonly raw: Record<string, unknown>;
  /** URNs of the resources this one waits for (`dependsOn` plus the resources its inputs come from). */
  readonly dependencies: readonly string[];
  /** The `retainOnDelete` resource option: Pulumi leaves the resource in place on delete. */
  readonly retainOnDelete: boolean;
}

export interface HarnessOptions {
  readonly stack?: string;
  readonly project?: string;
  /** Stack config as `pulumi config set` would store it: keys like "lakehouse:datanodes", string values. */
  readonly config?: Record<string, string>;
  readonly secretConfigKeys?: readonly string[];
}

interface MonitorLike {
  registerResource(req: RawRequest, cb: unknown): unknown;
  registerResourceOutputs(req: RawOutputsRequest, cb: unknown): unknown;
}
interface RawRequest {
  getType(): string;
  getName(): string;
  getObject(): { toJavaScript(): Record<string, unknown> };
  getDependenciesList(): string[];
  getRetainondelete(): boolean | undefined;
}
interface RawOutputsRequest {
  getUrn(): string;
  getOutputs(): { toJavaScript(): Record<string, unknown> } | undefined;
}

/** Type tokens of generators whose results are secrets. */
const RANDOM_SECRET_TYPES = new Set(["random:index/randomPassword:RandomPassword", "random:index/randomBytes:RandomBytes"]);

export class MockHarness {
  readonly resources: RecordedResource[] = [];
  readonly componentOutputs: { urn: string; raw: Record<string, unknown> }[] = [];
  /** Every secret value handed out by the random mocks. */
  readonly secretValues: string[] = [];

  constructor(private readonly options: HarnessOptions = {}) {}

  async install(): Promise<void> {
    const { stack = "dev", project = PROJECT, config = {}, secretConfigKeys = [] } = this.options;
    pulumi.runtime.setAllConfig(config, [...secretConfigKeys]);
    await pulumi.runtime.setMocks(
      { newResource: (args) => this.newResource(args), call: (args) => args.inputs },
      project,
      stack,
      false,
    );
    this.wrapMonitor();
  }

  /** Waits until every registration and output resolution has been processed. */
  async settle(): Promise<void> {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const settings = require("@pulumi/pulumi/runtime/settings") as { waitForRPCs(): Promise<void> };
    await settings.waitForRPCs();
  }

  ofType(type: string): RecordedResource[] {
    return this.resources.filter((r) => r.type === type);
  }

  one(type: string, name: string): RecordedResource {
    const found = this.resources.filter((r) => r.type === type && r.name === name);
    if (found.length !== 1) throw new Error(`expected one ${type} named ${name}, found ${found.length}`);
    return found[0];
  }

  containers(): RecordedResource[] {
    return this.ofType("docker:index/container:Container");
  }

  container(name: string): RecordedResource {
    return this.one("docker:index/container:Container", name);
  }

  /** Paths (e.g. "docker:...:Container postgres-sources .envs[3]") where a generated secret appears unmarked. */
  plaintextSecretLeaks(): string[] {
    const leaks: string[] = [];
    for (const r of this.resources) scan(r.raw, `${r.type} ${r.name}`, this.secretValues, leaks);
    for (const o of this.componentOutputs) scan(o.raw, `outputs of ${o.urn}`, this.secretValues, leaks);
    return leaks;
  }

  private newResource(args: pulumi.runtime.MockResourceArgs): { id: string; state: Record<string, unknown> } {
    const state: Record<string, unknown> = { ...args.inputs };
    if (RANDOM_SECRET_TYPES.has(args.type)) {
      const value = `MOCKSECRET-${args.name}-0123456789abcdef`;
      this.secretValues.push(value);
      Object.assign(state, { result: value, base64: Buffer.from(value).toString("base64"), hex: value });
      this.secretValues.push(Buffer.from(value).toString("base64"));
    }
    if (args.type === "docker:index/image:Image") {
      state.repoDigest = `${String(args.inputs.imageName)}@sha256:${"0".repeat(64)}`;
    }
    if (args.type === "docker:index/container:Container" && args.inputs.attach) state.exitCode = 0;
    return { id: `${args.name}-id`, state };
  }

  private wrapMonitor(): void {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const settings = require("@pulumi/pulumi/runtime/settings") as { getMonitor(): MonitorLike };
    const monitor = settings.getMonitor();
    const register = monitor.registerResource.bind(monitor);
    const registerOutputs = monitor.registerResourceOutputs.bind(monitor);
    monitor.registerResource = (req, cb) => {
      const raw = req.getObject().toJavaScript();
      this.resources.push({
        type: req.getType(),
        name: req.getName(),
        raw,
        inputs: unwrapSecrets(raw) as Record<string, unknown>,
        dependencies: req.getDependenciesList(),
        retainOnDelete: req.getRetainondelete() === true,
      });
      return register(req, cb);
    };
    monitor.registerResourceOutputs = (req, cb) => {
      this.componentOutputs.push({ urn: req.getUrn(), raw: req.getOutputs()?.toJavaScript() ?? {} });
      return registerOutputs(req, cb);
    };
  }
}

function isSecretMarker(value: unknown): value is { value: unknown } {
  return typeof value === "object" && value !== null && (value as Record<string, unknown>)[SECRET_SIG] === "1b47061264138c4ac30d75fd1eb44270";
}

/** Replaces secret markers by their values, for assertions on plain inputs. */
export function unwrapSecrets(value: unknown): unknown {
  if (isSecretMarker(value)) return unwrapSecrets(value.value);
  if (Array.isArray(value)) return value.map(unwrapSecrets);
  if (typeof value === "object" && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, unwrapSecrets(v)]));
  }
  return value;
}

function scan(value: unknown, where: string, secrets: readonly string[], leaks: string[]): void {
  if (isSecretMarker(value)) return; // protected: encrypted in state, masked in output
  if (typeof value === "string") {
    if (secrets.some((s) => value.includes(s))) leaks.push(where);
  } else if (Array.isArray(value)) {
    value.forEach((v, i) => scan(v, `${where}[${i}]`, secrets, leaks));
  } else if (typeof value === "object" && value !== null) {
    for (const [k, v] of Object.entries(value)) scan(v, `${where}.${k}`, secrets, leaks);
  }
}

/** Resolves an Output in a test (mocks resolve all values, also in "preview"). */
export function valueOf<T>(output: pulumi.Output<T>): Promise<T> {
  return new Promise((resolve) => output.apply(resolve));
}

/** `KEY=value` env list of a recorded container as a map. */
export function envOf(r: RecordedResource): Record<string, string> {
  const envs = (r.inputs.envs as string[] | undefined) ?? [];
  return Object.fromEntries(envs.map((e) => [e.slice(0, e.indexOf("=")), e.slice(e.indexOf("=") + 1)]));
}

/** Uploaded files of a recorded container by path (base64 uploads decoded). */
export function uploadsOf(r: RecordedResource): Record<string, string> {
  const uploads = (r.inputs.uploads as { file: string; content?: string; contentBase64?: string }[] | undefined) ?? [];
  return Object.fromEntries(
    uploads.map((u) => [u.file, u.content ?? Buffer.from(u.contentBase64 ?? "", "base64").toString("latin1")]),
  );
}
