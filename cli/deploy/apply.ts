/**
 * Applies a deployment plan to a Docker engine the way `pulumi up` with the docker provider would: each resource after
 * the ones it depends on (independent ones in parallel), containers created, filled with their uploads, started and
 * waited for (healthy, or exited for one-shot jobs). A state file remembers what was deployed and a hash of its
 * inputs, so a second run with the same inputs changes nothing and a changed resource is replaced (removed, then
 * created), as the provider replaces containers. Volumes and networks are created once and left alone.
 */
import * as crypto from "crypto";
import * as fs from "fs";
import * as path from "path";
import type { ContainerPlan } from "./container";
import { Engine } from "./engine";
import { matches, type PlanNode, type Step } from "./plan";
import { tarArchive } from "./tar";

export interface StateEntry {
  readonly kind: Step["kind"];
  /** Engine name: container, network or volume name, or image reference. */
  readonly name: string;
  readonly hash: string;
  readonly after: readonly string[];
  readonly destroyGraceSeconds?: number;
  /** A volume that existed before this deployment first declared it: destroy never removes it. */
  readonly adopted?: boolean;
}

export interface DeployState {
  readonly stack: string;
  readonly resources: Record<string, StateEntry>;
}

export type Outcome = "created" | "replaced" | "unchanged" | "started" | "adopted";

export interface DeployOptions {
  /** Resources to replace even when unchanged (`pulumi up --replace`): plan keys, Pulumi or container names. */
  readonly replace?: ReadonlySet<string>;
  /** Builds one image (docker.Image): the CLI's BuildKit build. */
  readonly build: (step: Extract<Step, { kind: "build" }>) => Promise<void>;
  readonly log: (line: string) => void;
  /** Called after each resource, with the state so far (persist it). */
  readonly save: (state: DeployState) => void;
}

export function loadState(file: string, stack: string): DeployState {
  if (!fs.existsSync(file)) return { stack, resources: {} };
  return JSON.parse(fs.readFileSync(file, "utf8")) as DeployState;
}

export function saveState(file: string, state: DeployState): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(`${file}.tmp`, JSON.stringify(state, null, 2), { mode: 0o600 });
  fs.renameSync(`${file}.tmp`, file);
}

/** Hash of a step's inputs (uploads by content, plus the image id a container runs), the identity a redeploy compares. */
export function stepHash(step: Step, imageId?: string): string {
  const value =
    step.kind === "container"
      ? { ...step.plan, imageId, uploads: step.plan.uploads.map((u) => ({ ...u, content: crypto.createHash("sha256").update(u.content).digest("hex") })) }
      : step;
  return crypto.createHash("sha256").update(JSON.stringify(value)).digest("hex");
}

function engineName(step: Step): string {
  switch (step.kind) {
    case "container":
      return step.plan.name;
    case "build":
      return step.tag;
    case "pull":
      return step.ref;
    default:
      return step.name;
  }
}

/** Deploys every node; resolves to the outcome per key. Rejects with every failure named once all started work ended. */
export async function deploy(nodes: readonly PlanNode[], engine: Engine, previous: DeployState, opts: DeployOptions): Promise<Record<string, Outcome>> {
  const resources: Record<string, StateEntry> = { ...previous.resources };
  const outcomes: Record<string, Outcome> = {};
  const running = new Map<string, Promise<void>>();
  const failures: string[] = [];
  let buildQueue: Promise<unknown> = Promise.resolve();
  const run = (node: PlanNode): Promise<void> => {
    let p = running.get(node.key);
    if (p) return p;
    p = (async () => {
      await Promise.all(node.after.map((k) => run(nodes.find((n) => n.key === k)!)));
      if (failures.length) throw new Error("skipped");
      // A container's identity includes the id of the image it runs: a rebuilt image (same tag, new base) replaces it.
      const imageId = node.step.kind === "container" ? await imageIdOf(engine, node.step.plan.create.Image) : undefined;
      const hash = stepHash(node.step, imageId);
      const prev = previous.resources[node.key];
      const forced = [...(opts.replace ?? [])].some((name) => matches(node, name));
      let started = Date.now();
      let outcome: Outcome;
      if (node.step.kind === "build") {
        const step = node.step;
        // One build at a time: two BuildKit builds on two cores slow each other and every container start.
        const turn = buildQueue.then(() => {
          started = Date.now();
          return ensureBuilt(engine, step, opts);
        });
        buildQueue = turn.catch(() => undefined);
        outcome = await turn;
      } else {
        // Recorded before the engine call: a run that dies between create and the end still owns what it created.
        const claim = () => {
          if (resources[node.key]) return;
          resources[node.key] = { kind: node.step.kind, name: engineName(node.step), hash: "", after: node.after };
          opts.save({ stack: previous.stack, resources });
        };
        outcome = await ensure(engine, node.step, hash, prev, forced, claim);
      }
      resources[node.key] = {
        kind: node.step.kind,
        name: engineName(node.step),
        hash,
        after: node.after,
        ...(node.step.kind === "container" && node.step.plan.destroyGraceSeconds ? { destroyGraceSeconds: node.step.plan.destroyGraceSeconds } : {}),
        ...(outcome === "adopted" || prev?.adopted ? { adopted: true } : {}),
      };
      outcomes[node.key] = outcome;
      opts.save({ stack: previous.stack, resources });
      opts.log(`${outcome.padEnd(9)} ${node.key} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
    })().catch((err: Error) => {
      if (err.message !== "skipped") failures.push(`${node.key}: ${err.message}`);
      throw new Error("skipped");
    });
    running.set(node.key, p);
    return p;
  };
  await Promise.allSettled(nodes.map(run));
  if (failures.length) throw new Error(`deploy failed:\n${failures.join("\n")}`);
  return outcomes;
}

/**
 * Builds every time, as `docker build` would: the tag hashes the context and build arguments but not the base
 * images behind them (a re-tagged stand-in), and an unchanged build is a few seconds of cache hits.
 */
async function ensureBuilt(engine: Engine, step: Extract<Step, { kind: "build" }>, opts: DeployOptions): Promise<Outcome> {
  const before = await imageIdOf(engine, step.tag);
  await opts.build(step);
  const after = await imageIdOf(engine, step.tag);
  return before === undefined ? "created" : before === after ? "unchanged" : "replaced";
}

async function imageIdOf(engine: Engine, ref: string): Promise<string | undefined> {
  return (await engine.inspect<{ Id: string }>(`/images/${encodeURIComponent(ref)}/json`))?.Id;
}

/**
 * A container or network of the same name that this deployment did not create is someone else's: like the provider
 * (whose create fails on the name conflict), stop rather than take it over or remove it.
 */
function notOurs(kind: string, name: string): Error {
  return new Error(`${kind} ${name} already exists but this deployment did not create it; remove it, or deploy under another name (--as NAME)`);
}

async function ensure(engine: Engine, step: Step, hash: string, prev: StateEntry | undefined, forced: boolean, claim: () => void): Promise<Outcome> {
  switch (step.kind) {
    case "network":
      if (await engine.inspect(`/networks/${encodeURIComponent(step.name)}`)) {
        if (!prev) throw notOurs("network", step.name);
        return "unchanged";
      }
      claim();
      await engine.json("POST", "/networks/create", step.body);
      return "created";
    case "volume":
      // Docker's volume create returns an existing volume; one this deployment did not create is kept on destroy.
      if (await engine.inspect(`/volumes/${encodeURIComponent(step.name)}`)) return prev ? "unchanged" : "adopted";
      await engine.json("POST", "/volumes/create", step.body);
      return "created";
    case "pull":
      if (await engine.inspect(`/images/${encodeURIComponent(step.ref)}/json`)) return "unchanged";
      await engine.pull(step.ref, step.platform).catch((err: Error) => {
        throw new Error(`${err.message} (no registry is reachable here: build the stand-in images first, see deploy/images/README.md)`);
      });
      return "created";
    case "container":
      return ensureContainer(engine, step.plan, prev, hash === prev?.hash && !forced, claim);
    default:
      throw new Error(`unexpected step ${(step as Step).kind}`);
  }
}

async function ensureContainer(engine: Engine, plan: ContainerPlan, prev: StateEntry | undefined, sameInputs: boolean, claim: () => void): Promise<Outcome> {
  const existing = await engine.container(plan.name);
  if (existing && !prev) throw notOurs("container", plan.name);
  claim();
  if (existing && sameInputs) {
    if (plan.attach && !existing.State.Running && existing.State.ExitCode === 0) return "unchanged";
    if (!plan.attach && existing.State.Running) {
      if (plan.waitHealthySeconds !== undefined) await waitHealthy(engine, plan);
      return "unchanged";
    }
    if (!plan.attach && plan.mustRun) {
      await engine.request("POST", `/containers/${encodeURIComponent(plan.name)}/start`);
      await settle(engine, plan);
      return "started";
    }
  }
  if (existing) await engine.removeContainer(plan.name, plan.destroyGraceSeconds);
  const q = new URLSearchParams({ name: plan.name, ...(plan.platform ? { platform: plan.platform } : {}) });
  const { Id } = await engine.json<{ Id: string }>("POST", `/containers/create?${q}`, plan.create);
  for (const n of plan.extraNetworks) {
    await engine.json("POST", `/networks/${encodeURIComponent(n.name)}/connect`, { Container: Id, EndpointConfig: n.aliases.length ? { Aliases: n.aliases } : {} });
  }
  if (plan.uploads.length) {
    await engine.request("PUT", `/containers/${Id}/archive?path=%2F`, undefined, { raw: tarArchive(plan.uploads), contentType: "application/x-tar" });
  }
  if (plan.start) {
    await engine.request("POST", `/containers/${Id}/start`);
    await settle(engine, plan);
  }
  return existing ? "replaced" : "created";
}

/** After start: wait for health (`wait`), for the exit of a job (`attach`), and check `mustRun`. */
async function settle(engine: Engine, plan: ContainerPlan): Promise<void> {
  if (plan.waitHealthySeconds !== undefined) await waitHealthy(engine, plan);
  if (plan.attach) {
    const { StatusCode } = await engine.json<{ StatusCode: number }>("POST", `/containers/${encodeURIComponent(plan.name)}/wait?condition=not-running`, undefined, 3_600_000);
    // The program turns a job's non-zero exit into a failed `up` (checkJobExit); so does this.
    if (StatusCode !== 0) throw new Error(`one-shot container ${plan.name} exited with code ${StatusCode}; its last lines:\n${await engine.logs(plan.name)}`);
    return;
  }
  const state = await engine.container(plan.name);
  if (plan.mustRun && !state?.State.Running) {
    const logs = await engine.logs(plan.name);
    throw new Error(`container ${plan.name} is not running (exit code ${state?.State.ExitCode}); its last lines:\n${logs}`);
  }
}

/**
 * Polls the healthcheck until healthy or `waitTimeout` seconds, as the provider does. It also gives up early when the
 * container has exited for good or restarted 3 times: the healthcheck cannot pass then, and waiting out the timeout
 * only delays the same failure.
 */
async function waitHealthy(engine: Engine, plan: ContainerPlan): Promise<void> {
  const deadline = Date.now() + plan.waitHealthySeconds! * 1000;
  const restart = plan.create.HostConfig.RestartPolicy.Name;
  for (;;) {
    const s = await engine.container(plan.name);
    if (!s) throw new Error(`container ${plan.name} disappeared while waiting for it to become healthy`);
    if (s.State.Health?.Status === "healthy") return;
    const gone = !s.State.Running && (restart === "no" || s.State.Status === "dead");
    if (gone || s.RestartCount >= 3 || Date.now() > deadline) {
      const why = gone ? `exited with code ${s.State.ExitCode}` : s.RestartCount >= 3 ? `restarted ${s.RestartCount} times` : `not healthy after ${plan.waitHealthySeconds} s (status ${s.State.Health?.Status ?? s.State.Status})`;
      throw new Error(`container ${plan.name} ${why}; its last lines:\n${await engine.logs(plan.name)}`);
    }
    await new Promise((r) => setTimeout(r, 1000));
  }
}

/** Removes what the state lists, dependants first: containers, then networks; volumes only with `volumes`. */
export async function destroy(engine: Engine, state: DeployState, opts: { volumes: boolean; log: (line: string) => void; save: (s: DeployState) => void }): Promise<void> {
  const resources = { ...state.resources };
  const order = Object.keys(resources).sort((a, b) => depth(resources, b) - depth(resources, a));
  const containers = order.filter((k) => resources[k].kind === "container");
  // Dependants first, one level at a time, in parallel within a level.
  const levels = [...new Set(containers.map((k) => depth(resources, k)))].sort((a, b) => b - a);
  for (const level of levels) {
    await Promise.all(
      containers
        .filter((k) => depth(resources, k) === level)
        .map(async (k) => {
          await engine.removeContainer(resources[k].name, resources[k].destroyGraceSeconds);
          delete resources[k];
          opts.log(`removed   ${k}`);
        }),
    );
  }
  for (const k of order) {
    const r = resources[k];
    if (!r) continue;
    if (r.kind === "network" || (r.kind === "volume" && opts.volumes && !r.adopted)) {
      await engine.request("DELETE", `/${r.kind}s/${encodeURIComponent(r.name)}`).catch((err: Error & { status?: number }) => {
        if (err.status !== 404) throw err;
      });
      delete resources[k];
      opts.log(`removed   ${k}`);
    } else if (r.kind === "build" || r.kind === "pull") {
      // Images stay in the engine's cache (keepLocally; docker.Image never deletes the local image).
      delete resources[k];
    } else if (r.kind === "volume") opts.log(`kept      ${k} (${r.name}; ${r.adopted ? "it existed before this deployment" : "--volumes removes it"})`);
  }
  opts.save({ stack: state.stack, resources });
}

/** Length of the longest dependency chain below `key` (the state was written in dependency order: no cycles). */
function depth(resources: Record<string, StateEntry>, key: string): number {
  const r = resources[key];
  return r ? 1 + Math.max(0, ...r.after.map((k) => depth(resources, k))) : 0;
}
