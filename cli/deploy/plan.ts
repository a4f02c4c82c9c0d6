/**
 * The deployment plan: every `docker:*` resource the program declared (as recorded under mocks), translated for the
 * Engine API, with the dependencies Pulumi would honour (`dependsOn` and inputs taken from other resources). Pure.
 * Other resource types (components, random generators) carry no engine state and are left out; an unknown `docker:*`
 * type or input stops the plan.
 */
import * as path from "path";
import { planContainer, type ContainerPlan } from "./container";

/** What the mock harness records for each resource. */
export interface DeclaredResource {
  readonly type: string;
  readonly name: string;
  readonly inputs: Record<string, unknown>;
  readonly dependencies: readonly string[];
}

export interface NetworkStep {
  readonly kind: "network";
  readonly name: string;
  readonly body: { Name: string; Driver: string; Labels: Record<string, string>; Internal: boolean; Attachable: boolean; CheckDuplicate: true };
}
export interface VolumeStep {
  readonly kind: "volume";
  readonly name: string;
  readonly body: { Name: string; Driver: string; DriverOpts: Record<string, string>; Labels: Record<string, string> };
}
/** `docker.Image`: a BuildKit build of `context` with `dockerfile`, tagged `tag`, never pushed (`skipPush`). */
export interface BuildStep {
  readonly kind: "build";
  readonly tag: string;
  readonly context: string;
  readonly dockerfile: string;
  readonly platform?: string;
  readonly args: Record<string, string>;
  readonly target?: string;
}
/** `docker.RemoteImage`: the image must be present (pulled when missing), and is kept on destroy with keepLocally. */
export interface PullStep {
  readonly kind: "pull";
  readonly ref: string;
  readonly platform?: string;
  readonly keepLocally: boolean;
}
export interface ContainerStep {
  readonly kind: "container";
  readonly plan: ContainerPlan;
}
export type Step = NetworkStep | VolumeStep | BuildStep | PullStep | ContainerStep;

export interface PlanNode {
  /** `<Type>/<pulumi name>`, e.g. `Container/namenode`. */
  readonly key: string;
  readonly step: Step;
  /** Keys of the plan nodes that must be done first. */
  readonly after: readonly string[];
}

const DOCKER_TYPES: Record<string, string> = {
  "docker:index/network:Network": "Network",
  "docker:index/volume:Volume": "Volume",
  "docker:index/image:Image": "Image",
  "docker:index/remoteImage:RemoteImage": "RemoteImage",
  "docker:index/container:Container": "Container",
};

/** `<Type>/<name>` of a URN (`urn:pulumi:stack::project::parent$child::name`). */
export function keyOfUrn(urn: string): string {
  const parts = urn.split("::");
  const qualified = parts[parts.length - 2] ?? "";
  const type = qualified.split("$").pop() ?? "";
  return `${DOCKER_TYPES[type] ?? type}/${parts[parts.length - 1]}`;
}

/** Plan nodes in a dependency order (each after everything it waits for). */
export function planDeployment(resources: readonly DeclaredResource[], projectDir: string): PlanNode[] {
  const unknown = resources.filter((r) => r.type.startsWith("docker:") && !DOCKER_TYPES[r.type]);
  if (unknown.length) {
    throw new Error(`resource type ${unknown[0].type} ("${unknown[0].name}") is not supported by the deploy translator (supported: ${Object.keys(DOCKER_TYPES).join(", ")})`);
  }
  const docker = resources.filter((r) => DOCKER_TYPES[r.type]);
  const keys = new Set(docker.map((r) => `${DOCKER_TYPES[r.type]}/${r.name}`));
  const nodes = docker.map((r) => ({
    key: `${DOCKER_TYPES[r.type]}/${r.name}`,
    step: stepOf(DOCKER_TYPES[r.type], r, projectDir),
    after: [...new Set(r.dependencies.map(keyOfUrn).filter((k) => keys.has(k)))].sort(),
  }));
  return topological(nodes);
}

/**
 * Only the named nodes (plan keys or engine names) and what they depend on, like `pulumi up --target` with its
 * dependencies; throws naming an unknown target.
 */
export function withDependencies(nodes: readonly PlanNode[], targets: readonly string[]): PlanNode[] {
  const byKey = new Map(nodes.map((n) => [n.key, n]));
  const keep = new Set<string>();
  const add = (key: string) => {
    if (keep.has(key)) return;
    keep.add(key);
    byKey.get(key)!.after.forEach(add);
  };
  for (const t of targets) {
    const node = nodes.find((n) => matches(n, t));
    if (!node) throw new Error(`target "${t}" is not a resource of this stack (e.g. ${nodes.slice(-2).map((n) => n.key).join(", ")})`);
    add(node.key);
  }
  return nodes.filter((n) => keep.has(n.key));
}

/** True when `name` is the node's key, its Pulumi name (`namenode`) or its container name (`lakehouse-dev-namenode`). */
export function matches(node: PlanNode, name: string): boolean {
  return node.key === name || node.key.endsWith(`/${name}`) || (node.step.kind === "container" && node.step.plan.name === name);
}

function stepOf(type: string, r: DeclaredResource, projectDir: string): Step {
  const i = r.inputs;
  const where = `docker.${type} "${r.name}"`;
  const only = (allowed: string[], obj: Record<string, unknown> = i, at = where) => {
    const extra = Object.keys(obj).filter((k) => obj[k] !== undefined && !allowed.includes(k));
    if (extra.length) throw new Error(`${at}: input "${extra[0]}" not supported by the deploy translator (supported: ${allowed.join(", ")})`);
  };
  const labels = () => Object.fromEntries(((i.labels as { label: string; value: string }[]) ?? []).map((l) => [l.label, l.value]));
  switch (type) {
    case "Network":
      only(["name", "driver", "labels", "internal", "attachable"]);
      return {
        kind: "network",
        name: required(where, i.name),
        body: { Name: required(where, i.name), Driver: (i.driver as string) ?? "bridge", Labels: labels(), Internal: Boolean(i.internal), Attachable: Boolean(i.attachable), CheckDuplicate: true },
      };
    case "Volume":
      only(["name", "driver", "driverOpts", "labels"]);
      return {
        kind: "volume",
        name: required(where, i.name),
        body: { Name: required(where, i.name), Driver: (i.driver as string) ?? "local", DriverOpts: (i.driverOpts as Record<string, string>) ?? {}, Labels: labels() },
      };
    case "Image":
      return buildStep(where, i, only, projectDir);
    case "RemoteImage":
      only(["name", "platform", "keepLocally"]);
      return { kind: "pull", ref: required(where, i.name), ...(i.platform ? { platform: String(i.platform) } : {}), keepLocally: Boolean(i.keepLocally) };
    default:
      return { kind: "container", plan: planContainer(r.name, i) };
  }
}

type OnlyCheck = (allowed: string[], obj?: Record<string, unknown>, at?: string) => void;

/**
 * Paths as the provider (v4+) reads them: the context relative to the program's directory; the dockerfile absolute or
 * relative to the program's directory (Pulumi.yaml), and `Dockerfile` inside the context when not given.
 */
function buildStep(where: string, i: Record<string, unknown>, only: OnlyCheck, projectDir: string): BuildStep {
  only(["imageName", "skipPush", "build", "buildOnPreview"]);
  if (i.skipPush !== true) throw new Error(`${where}: only skipPush: true is supported (there is no registry to push to)`);
  const build = (i.build ?? {}) as Record<string, unknown>;
  only(["context", "dockerfile", "platform", "args", "target"], build, `${where}: build`);
  const context = path.resolve(projectDir, String(build.context ?? "."));
  const dockerfile = build.dockerfile ? path.resolve(projectDir, String(build.dockerfile)) : path.join(context, "Dockerfile");
  return {
    kind: "build",
    tag: required(where, i.imageName),
    context,
    dockerfile,
    ...(build.platform ? { platform: String(build.platform) } : {}),
    args: (build.args as Record<string, string>) ?? {},
    ...(build.target ? { target: String(build.target) } : {}),
  };
}

function required(where: string, value: unknown): string {
  if (typeof value !== "string" || !value) throw new Error(`${where}: a name is required`);
  return value;
}

function topological<T extends { key: string; after: readonly string[] }>(nodes: T[]): T[] {
  const byKey = new Map(nodes.map((n) => [n.key, n]));
  const done = new Set<string>();
  const visiting = new Set<string>();
  const out: T[] = [];
  const visit = (n: T, trail: string[]) => {
    if (done.has(n.key)) return;
    if (visiting.has(n.key)) throw new Error(`dependency cycle: ${[...trail, n.key].join(" -> ")}`);
    visiting.add(n.key);
    for (const k of n.after) visit(byKey.get(k)!, [...trail, n.key]);
    visiting.delete(n.key);
    done.add(n.key);
    out.push(n);
  };
  for (const n of [...nodes].sort((a, b) => a.key.localeCompare(b.key))) visit(n, []);
  return out;
}
