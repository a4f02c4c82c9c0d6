/**
 * Translates the recorded inputs of one `docker.Container` (@pulumi/docker v5, bridged from the Terraform Docker
 * provider) into what the Engine API needs to create, fill, start and wait for that container, with the provider's
 * documented meaning and defaults for each input. Pure: no I/O, so every input has a table test. An input this module
 * does not know stops the deployment with its name: silently dropping one would deploy something else than declared.
 */
import * as fs from "fs";
import { durationNs } from "./duration";
import type { TarFile } from "./tar";

/** Body of `POST /containers/create` (Engine API 1.41 field names). */
export interface CreateBody {
  Image: string;
  Cmd?: string[];
  Entrypoint?: string[];
  Env?: string[];
  User?: string;
  Hostname?: string;
  WorkingDir?: string;
  Labels: Record<string, string>;
  ExposedPorts?: Record<string, Record<string, never>>;
  Volumes?: Record<string, Record<string, never>>;
  Healthcheck?: { Test: string[]; Interval: number; Timeout: number; StartPeriod: number; Retries: number; StartInterval?: number };
  StopSignal?: string;
  StopTimeout?: number;
  HostConfig: {
    NetworkMode?: string;
    PortBindings?: Record<string, { HostIp: string; HostPort: string }[]>;
    Binds?: string[];
    VolumesFrom?: string[];
    Mounts?: MountBody[];
    Memory?: number;
    MemorySwap?: number;
    NanoCpus?: number;
    ShmSize?: number;
    Privileged: boolean;
    Init: boolean;
    AutoRemove: boolean;
    ReadonlyRootfs: boolean;
    RestartPolicy: { Name: string; MaximumRetryCount: number };
    LogConfig: { Type: string; Config?: Record<string, string> };
  };
  NetworkingConfig?: { EndpointsConfig: Record<string, { Aliases?: string[] }> };
}

export interface MountBody {
  Type: string;
  Target: string;
  Source?: string;
  ReadOnly: boolean;
}

/** Everything needed to bring one declared container up. */
export interface ContainerPlan {
  /** Container name on the engine. */
  readonly name: string;
  /** `platform` query parameter of the create call (image lookup and runtime), when declared. */
  readonly platform?: string;
  readonly create: CreateBody;
  /** Networks beyond the first (the first is joined at create time, which is where the provider's end state is). */
  readonly extraNetworks: readonly { name: string; aliases: string[] }[];
  /** Files copied into the container before it starts (`uploads`). */
  readonly uploads: readonly TarFile[];
  /** `start` (default true). */
  readonly start: boolean;
  /** `attach`: wait for the container to exit (one-shot jobs). */
  readonly attach: boolean;
  /** `mustRun` (default true): the container must be running after creation. */
  readonly mustRun: boolean;
  /** `wait`: seconds to wait for the healthcheck to report healthy (`waitTimeout`, default 60), or undefined. */
  readonly waitHealthySeconds?: number;
  /** `destroyGraceSeconds`: stop with this grace period before removal. */
  readonly destroyGraceSeconds?: number;
}

type Inputs = Record<string, unknown>;

/** Inputs the translator understands. `start`, `logs` etc. are listed so a deliberate value is not an error. */
export const KNOWN_INPUTS = [
  "attach", "command", "cpus", "destroyGraceSeconds", "entrypoints", "envs", "healthcheck", "hostname", "image", "init",
  "labels", "logDriver", "logOpts", "logs", "maxRetryCount", "memory", "memorySwap", "mounts", "mustRun", "name",
  "networksAdvanced", "platform", "ports", "privileged", "readOnly", "removeVolumes", "restart", "rm", "shmSize", "start",
  "stopSignal", "stopTimeout", "uploads", "user", "volumes", "wait", "waitTimeout", "workingDir",
] as const;

const RESTART_POLICIES = ["no", "on-failure", "always", "unless-stopped"];

/** Translates one recorded container (`resource` names it in errors). Throws on unknown or invalid inputs. */
export function planContainer(resource: string, inputs: Inputs, readSource: (path: string) => Buffer = fs.readFileSync): ContainerPlan {
  const where = `docker.Container "${resource}"`;
  const unknown = Object.keys(inputs).filter((k) => inputs[k] !== undefined && !(KNOWN_INPUTS as readonly string[]).includes(k));
  if (unknown.length > 0) {
    throw new Error(`${where}: input${unknown.length > 1 ? "s" : ""} ${unknown.map((k) => `"${k}"`).join(", ")} not supported by the deploy translator (supported: ${KNOWN_INPUTS.join(", ")})`);
  }
  const get = reader(where, inputs);
  const name = get.string("name");
  if (!name) throw new Error(`${where}: "name" is required (containers are matched by name on redeploy)`);
  const image = get.string("image");
  if (!image) throw new Error(`${where}: "image" is required`);
  const command = get.strings("command");
  if (command?.some((c) => c === "")) throw new Error(`${where}: values for command may not be empty`);
  const restart = get.string("restart") ?? "no";
  if (!RESTART_POLICIES.includes(restart)) throw new Error(`${where}: restart "${restart}" is not one of ${RESTART_POLICIES.join(", ")}`);
  const networks = networksOf(where, inputs.networksAdvanced);
  const { exposed, bindings } = portsOf(where, inputs.ports);
  const { binds, anonymous, from } = volumesOf(where, inputs.volumes);
  const mounts = mountsOf(where, inputs.mounts);
  const memory = get.number("memory");
  const swap = get.number("memorySwap");
  const logOpts = get.map("logOpts");
  const create: CreateBody = {
    Image: image,
    ...(command ? { Cmd: command } : {}),
    ...(get.strings("entrypoints") ? { Entrypoint: get.strings("entrypoints") } : {}),
    ...(get.strings("envs") ? { Env: get.strings("envs") } : {}),
    ...(get.string("user") ? { User: get.string("user") } : {}),
    ...(get.string("hostname") ? { Hostname: get.string("hostname") } : {}),
    ...(get.string("workingDir") ? { WorkingDir: get.string("workingDir") } : {}),
    Labels: labelsOf(where, inputs.labels),
    ...(Object.keys(exposed).length ? { ExposedPorts: exposed } : {}),
    ...(Object.keys(anonymous).length ? { Volumes: anonymous } : {}),
    ...(inputs.healthcheck ? { Healthcheck: healthcheckOf(where, inputs.healthcheck) } : {}),
    ...(get.string("stopSignal") ? { StopSignal: get.string("stopSignal") } : {}),
    ...(get.number("stopTimeout") !== undefined ? { StopTimeout: get.number("stopTimeout") } : {}),
    HostConfig: {
      ...(networks.length ? { NetworkMode: networks[0].name } : {}),
      ...(Object.keys(bindings).length ? { PortBindings: bindings } : {}),
      ...(binds.length ? { Binds: binds } : {}),
      ...(from.length ? { VolumesFrom: from } : {}),
      ...(mounts.length ? { Mounts: mounts } : {}),
      // The provider's units are MiB; a memorySwap of -1 (unlimited) or 0 passes through unchanged.
      ...(memory ? { Memory: memory * MIB } : {}),
      ...(swap ? { MemorySwap: swap > 0 ? swap * MIB : swap } : {}),
      ...(get.string("cpus") ? { NanoCpus: nanoCpus(where, get.string("cpus")!) } : {}),
      ...(get.number("shmSize") ? { ShmSize: get.number("shmSize")! * MIB } : {}),
      Privileged: get.bool("privileged") ?? false,
      Init: get.bool("init") ?? false,
      AutoRemove: get.bool("rm") ?? false,
      ReadonlyRootfs: get.bool("readOnly") ?? false,
      RestartPolicy: { Name: restart, MaximumRetryCount: get.number("maxRetryCount") ?? 0 },
      LogConfig: { Type: get.string("logDriver") ?? "", ...(logOpts ? { Config: logOpts } : {}) },
    },
    ...(networks.length ? { NetworkingConfig: { EndpointsConfig: { [networks[0].name]: endpoint(networks[0].aliases) } } } : {}),
  };
  const wait = get.bool("wait") ?? false;
  if (wait && !inputs.healthcheck) throw new Error(`${where}: "wait" needs a healthcheck (the provider refuses it too)`);
  return {
    name,
    ...(get.string("platform") ? { platform: get.string("platform") } : {}),
    create,
    extraNetworks: networks.slice(1),
    uploads: uploadsOf(where, inputs.uploads, readSource),
    start: get.bool("start") ?? true,
    attach: get.bool("attach") ?? false,
    mustRun: get.bool("mustRun") ?? true,
    ...(wait ? { waitHealthySeconds: get.number("waitTimeout") ?? 60 } : {}),
    ...(get.number("destroyGraceSeconds") ? { destroyGraceSeconds: get.number("destroyGraceSeconds") } : {}),
  };
}

const MIB = 1024 * 1024;

function endpoint(aliases: string[]) {
  return aliases.length ? { Aliases: aliases } : {};
}

/** Typed accessors that name the input and the expected type when a value has another type. */
function reader(where: string, inputs: Inputs) {
  const typed = <T>(key: string, check: (v: unknown) => boolean, what: string): T | undefined => {
    const v = inputs[key];
    if (v === undefined || v === null) return undefined;
    if (!check(v)) throw new Error(`${where}: "${key}" must be ${what}, got ${JSON.stringify(v)}`);
    return v as T;
  };
  return {
    string: (k: string) => typed<string>(k, (v) => typeof v === "string", "a string"),
    number: (k: string) => typed<number>(k, (v) => typeof v === "number" && Number.isFinite(v), "a number"),
    bool: (k: string) => typed<boolean>(k, (v) => typeof v === "boolean", "a boolean"),
    strings: (k: string) => typed<string[]>(k, (v) => Array.isArray(v) && v.every((s) => typeof s === "string"), "a list of strings"),
    map: (k: string) =>
      typed<Record<string, string>>(k, (v) => typeof v === "object" && !Array.isArray(v) && Object.values(v as object).every((s) => typeof s === "string"), "a map of strings"),
  };
}

/** Checks an array of objects has only the given fields; returns it typed. */
function blocks(where: string, key: string, value: unknown, fields: readonly string[]): Inputs[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw new Error(`${where}: "${key}" must be a list`);
  return value.map((b, i) => {
    if (typeof b !== "object" || b === null) throw new Error(`${where}: ${key}[${i}] must be an object`);
    const extra = Object.keys(b).filter((k) => (b as Inputs)[k] !== undefined && !fields.includes(k));
    if (extra.length) throw new Error(`${where}: ${key}[${i}].${extra[0]} not supported by the deploy translator (supported: ${fields.join(", ")})`);
    return b as Inputs;
  });
}

function networksOf(where: string, value: unknown): { name: string; aliases: string[] }[] {
  return blocks(where, "networksAdvanced", value, ["name", "aliases"]).map((n, i) => {
    if (typeof n.name !== "string" || !n.name) throw new Error(`${where}: networksAdvanced[${i}].name is required`);
    return { name: n.name, aliases: ((n.aliases as string[] | undefined) ?? []).slice() };
  });
}

function portsOf(where: string, value: unknown) {
  const exposed: Record<string, Record<string, never>> = {};
  const bindings: Record<string, { HostIp: string; HostPort: string }[]> = {};
  blocks(where, "ports", value, ["internal", "external", "ip", "protocol"]).forEach((p, i) => {
    if (!Number.isInteger(p.internal)) throw new Error(`${where}: ports[${i}].internal must be a port number`);
    const key = `${p.internal}/${(p.protocol as string | undefined) ?? "tcp"}`;
    exposed[key] = {};
    // No external port: Docker picks a free one (>= 32768), as the provider documents.
    (bindings[key] ??= []).push({ HostIp: (p.ip as string | undefined) ?? "0.0.0.0", HostPort: p.external === undefined ? "" : String(p.external) });
  });
  return { exposed, bindings };
}

/** `volumes`: a named volume or host path bound at containerPath (hostPath wins), volumes of another container, or an anonymous volume. */
function volumesOf(where: string, value: unknown) {
  const binds: string[] = [];
  const anonymous: Record<string, Record<string, never>> = {};
  const from: string[] = [];
  blocks(where, "volumes", value, ["containerPath", "volumeName", "hostPath", "readOnly", "fromContainer"]).forEach((v, i) => {
    if (v.fromContainer) {
      from.push(String(v.fromContainer));
      return;
    }
    if (!v.containerPath) throw new Error(`${where}: volumes[${i}] needs containerPath or fromContainer`);
    const source = (v.hostPath as string | undefined) || (v.volumeName as string | undefined);
    if (!source) anonymous[String(v.containerPath)] = {};
    else binds.push(`${source}:${v.containerPath}${v.readOnly ? ":ro" : ""}`);
  });
  return { binds, anonymous, from };
}

function mountsOf(where: string, value: unknown): MountBody[] {
  return blocks(where, "mounts", value, ["type", "target", "source", "readOnly"]).map((m, i) => {
    if (!["bind", "volume", "tmpfs"].includes(String(m.type))) throw new Error(`${where}: mounts[${i}].type must be bind, volume or tmpfs`);
    if (!m.target) throw new Error(`${where}: mounts[${i}].target is required`);
    return { Type: String(m.type), Target: String(m.target), ...(m.source ? { Source: String(m.source) } : {}), ReadOnly: Boolean(m.readOnly) };
  });
}

function labelsOf(where: string, value: unknown): Record<string, string> {
  return Object.fromEntries(blocks(where, "labels", value, ["label", "value"]).map((l) => [String(l.label), String(l.value)]));
}

function healthcheckOf(where: string, value: unknown) {
  const [hc] = blocks(where, "healthcheck", [value], ["tests", "interval", "timeout", "startPeriod", "startInterval", "retries"]);
  const tests = hc.tests as string[] | undefined;
  if (!tests?.length) throw new Error(`${where}: healthcheck.tests is required`);
  const d = (k: string) => (hc[k] === undefined ? 0 : durationNs(String(hc[k]), `${where}: healthcheck.${k}`));
  return {
    Test: tests.slice(),
    Interval: d("interval"),
    Timeout: d("timeout"),
    StartPeriod: d("startPeriod"),
    Retries: (hc.retries as number | undefined) ?? 0,
    ...(hc.startInterval !== undefined ? { StartInterval: d("startInterval") } : {}),
  };
}

function nanoCpus(where: string, cpus: string): number {
  const n = Number(cpus);
  if (!/^\d+(\.\d+)?$/.test(cpus) || n <= 0) throw new Error(`${where}: cpus "${cpus}" must be a positive decimal number such as "1.5"`);
  return Math.round(n * 1e9);
}

/** `uploads`: one of content / contentBase64 / source; mode from `permissions` (octal) or `executable` (0744) or 0644. */
function uploadsOf(where: string, value: unknown, readSource: (path: string) => Buffer): TarFile[] {
  const fields = ["file", "content", "contentBase64", "source", "sourceHash", "executable", "permissions", "owner", "group"];
  return blocks(where, "uploads", value, fields).map((u, i) => {
    const at = `${where}: uploads[${i}]`;
    if (typeof u.file !== "string" || !u.file.startsWith("/")) throw new Error(`${at}.file must be an absolute path`);
    const given = (["content", "contentBase64", "source"] as const).filter((k) => u[k] !== undefined && u[k] !== "");
    if (given.length !== 1) throw new Error(`${at} (${u.file}): exactly one of content, contentBase64, source must be set`);
    const content =
      given[0] === "content"
        ? Buffer.from(String(u.content), "utf8")
        : given[0] === "contentBase64"
          ? Buffer.from(String(u.contentBase64), "base64")
          : readSource(String(u.source));
    return { path: u.file, content, mode: uploadMode(at, u), uid: numericId(at, "owner", u.owner), gid: numericId(at, "group", u.group) };
  });
}

function uploadMode(at: string, u: Inputs): number {
  if (u.permissions !== undefined) {
    const p = String(u.permissions);
    if (!/^0?[0-7]{3,4}$/.test(p)) throw new Error(`${at}.permissions "${p}" must be an octal mode such as "0644"`);
    return parseInt(p, 8);
  }
  return u.executable ? 0o744 : 0o644;
}

/** Owner and group are resolved on the deploying host by the provider; numeric ids are the portable form accepted here. */
function numericId(at: string, key: string, value: unknown): number {
  if (value === undefined || value === "") return 0;
  if (!/^\d+$/.test(String(value))) throw new Error(`${at}.${key} "${String(value)}": only numeric ids are supported`);
  return Number(value);
}
