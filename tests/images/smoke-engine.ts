/**
 * Just enough of a container runner for the stand-in image smoke tests: starts one `ServiceSpec` of the program on
 * the lakehouse Docker engine with the spec's own image, entrypoint, command, user, environment, files, volumes and
 * memory limit, on a private network where its name resolves (as the Docker platform does), and waits until the
 * spec's own healthcheck command succeeds inside the container (or, for a one-shot job, until it exits 0).
 * The full translation of the program's docker.Container resources belongs to the deploy suite; this only needs to
 * put one service at a time in front of the image it runs on.
 */
import { execFileSync, spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import { probeTest, type DeployedService, type ServiceSpec } from "../../components/platform/service";

const ROOT = path.resolve(__dirname, "..", "..");

/** Resolves a plain value or an Output (mocks or not, values here are all known). */
export function resolved<T>(value: pulumi.Input<T>): Promise<T> {
  return new Promise((resolve) => pulumi.output(value).apply((v) => resolve(v as T)));
}

/** `DOCKER_HOST` of the lakehouse engine, started if it is not running. */
export function startEngine(): string {
  const out = execFileSync("bash", [path.join(ROOT, "scripts/engines/docker/engine.sh"), "start"], { encoding: "utf8" });
  const host = /DOCKER_HOST=(\S+)/.exec(out)?.[1];
  if (!host) throw new Error(`engine.sh start printed no DOCKER_HOST: ${out}`);
  return host;
}

export interface ExecResult {
  readonly status: number;
  readonly stdout: string;
  readonly stderr: string;
}

export class SmokeEngine {
  private readonly containers: string[] = [];
  private readonly volumes = new Set<string>();
  readonly network: string;

  constructor(
    private readonly dockerHost: string,
    readonly prefix: string,
  ) {
    this.network = `${prefix}-net`;
    this.docker(["network", "create", this.network]);
  }

  docker(args: readonly string[], input?: Buffer | string): string {
    const r = spawnSync("docker", args, { env: { ...process.env, DOCKER_HOST: this.dockerHost }, input, maxBuffer: 64 << 20 });
    if (r.status !== 0) throw new Error(`docker ${args.slice(0, 3).join(" ")} failed (${r.status}): ${r.stderr?.toString()}`);
    return r.stdout.toString();
  }

  /** Builds an image from a program build spec's context and args, with the legacy builder. */
  build(tag: string, context: string, dockerfile: string, args: Readonly<Record<string, string>>, target?: string): void {
    const buildArgs = Object.entries(args).flatMap(([k, v]) => ["--build-arg", `${k}=${v}`]);
    const stage = target ? ["--target", target] : [];
    const r = spawnSync("docker", ["build", "-q", "--force-rm", "-f", path.join(context, dockerfile), ...buildArgs, ...stage, "-t", tag, context], {
      env: { ...process.env, DOCKER_HOST: this.dockerHost, DOCKER_BUILDKIT: "0" },
      encoding: "utf8",
    });
    if (r.status !== 0) throw new Error(`building ${tag} from ${context} failed: ${r.stderr}`);
  }

  containerOf(service: string): string {
    return `${this.prefix}-${service}`;
  }

  /** A DeployedService stand-in for plan functions that take one (host = the network alias, as on Docker). */
  deployed(name: string): DeployedService {
    return { name, host: pulumi.output(name), resources: [] };
  }

  /** Creates, uploads the files of, and starts the spec's container. */
  async start(spec: ServiceSpec): Promise<string> {
    const name = this.containerOf(spec.name);
    const env = await resolved(spec.env ?? {});
    const command = await Promise.all((spec.command ?? []).map((c) => resolved(c)));
    const entrypoint = await Promise.all((spec.entrypoint ?? []).map((c) => resolved(c)));
    const args = ["create", "--name", name, "--network", this.network, "--network-alias", spec.name];
    args.push("--memory", `${spec.memoryMb}m`, "--memory-swap", `${spec.memoryMb}m`);
    if (spec.user) args.push("--user", spec.user);
    for (const [k, v] of Object.entries(env)) args.push("--env", `${k}=${v}`);
    for (const v of spec.volumes ?? []) {
      const volume = v.shared ? `${this.prefix}-${v.name}` : `${this.prefix}-${spec.name}-${v.name}`;
      this.volumes.add(volume);
      args.push("--volume", `${volume}:${v.mountPath}${v.readOnly ? ":ro" : ""}`);
    }
    // The CLI takes one entrypoint word; the rest of an entrypoint list goes before the command, as the engine joins them.
    if (entrypoint.length > 0) args.push("--entrypoint", entrypoint[0]);
    args.push(await resolved(spec.image), ...entrypoint.slice(1), ...command);
    this.docker(args);
    this.containers.push(name);
    await this.upload(name, spec);
    this.docker(["start", name]);
    return name;
  }

  /** The spec's files, at their paths and modes (missing parent folders created by the engine, as for the provider's uploads). */
  private async upload(container: string, spec: ServiceSpec): Promise<void> {
    if (!spec.files?.length) return;
    const root = fs.mkdtempSync(path.join(os.tmpdir(), "smoke-files-"));
    try {
      for (const f of spec.files) {
        const content = await resolved(f.content);
        const target = path.join(root, f.path);
        fs.mkdirSync(path.dirname(target), { recursive: true });
        fs.writeFileSync(target, f.encoding === "base64" ? Buffer.from(content, "base64") : content);
        fs.chmodSync(target, f.mode ?? 0o644);
      }
      // File entries only, as the provider's uploads: directory entries would re-own and re-mode existing folders.
      const names = spec.files.map((f) => `.${path.posix.normalize(f.path)}`);
      const tar = execFileSync("tar", ["-C", root, "--owner=0", "--group=0", "--no-recursion", "-c", ...names], { maxBuffer: 256 << 20 });
      this.docker(["cp", "-", `${container}:/`], tar);
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  }

  /** Runs a command in the service's container. */
  exec(service: string, argv: readonly string[], env: Readonly<Record<string, string>> = {}): ExecResult {
    const envArgs = Object.entries(env).flatMap(([k, v]) => ["--env", `${k}=${v}`]);
    const r = spawnSync("docker", ["exec", ...envArgs, this.containerOf(service), ...argv], {
      env: { ...process.env, DOCKER_HOST: this.dockerHost },
      encoding: "utf8",
    });
    return { status: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
  }

  /** Polls the spec's healthcheck test inside the container, as the engine would, until it passes. */
  async waitHealthy(spec: ServiceSpec): Promise<void> {
    const hc = spec.healthcheck;
    if (!hc) throw new Error(`${spec.name} has no healthcheck`);
    const [kind, ...rest] = probeTest(hc);
    const argv = kind === "CMD-SHELL" ? ["/bin/sh", "-c", rest.join(" ")] : rest;
    const deadline = Date.now() + (hc.startPeriodSeconds + hc.intervalSeconds * hc.retries) * 1000;
    let last: ExecResult | undefined;
    while (Date.now() < deadline) {
      if (!this.running(spec.name)) throw new Error(`${spec.name} exited before it was healthy:\n${this.logs(spec.name)}`);
      last = this.exec(spec.name, argv);
      if (last.status === 0) return;
      await new Promise((r) => setTimeout(r, 3000));
    }
    throw new Error(`${spec.name}: healthcheck ${JSON.stringify(hc.test)} never passed (last: ${last?.stderr})\n${this.logs(spec.name)}`);
  }

  /** Waits for a one-shot job and returns its exit code. */
  waitExit(service: string): number {
    return Number(this.docker(["wait", this.containerOf(service)]).trim());
  }

  running(service: string): boolean {
    return this.docker(["inspect", "-f", "{{.State.Running}}", this.containerOf(service)]).trim() === "true";
  }

  /** The container's output (stdout and stderr), its last `tail` lines. */
  logs(service: string, tail: number | "all" = 60): string {
    const r = spawnSync("docker", ["logs", "--tail", String(tail), this.containerOf(service)], {
      env: { ...process.env, DOCKER_HOST: this.dockerHost },
      encoding: "utf8",
    });
    return `${r.stdout}${r.stderr}`;
  }

  /** Stops and removes one service's container (its volumes stay, as on a recreate). */
  remove(service: string): void {
    this.docker(["rm", "-f", this.containerOf(service)]);
  }

  /** Removes every container, volume and the network this runner created. */
  close(): void {
    for (const c of this.containers) spawnSync("docker", ["rm", "-f", "-v", c], { env: { ...process.env, DOCKER_HOST: this.dockerHost } });
    for (const v of this.volumes) spawnSync("docker", ["volume", "rm", "-f", v], { env: { ...process.env, DOCKER_HOST: this.dockerHost } });
    spawnSync("docker", ["network", "rm", this.network], { env: { ...process.env, DOCKER_HOST: this.dockerHost } });
  }
}
