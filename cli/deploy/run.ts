/**
 * `lakehouse deploy docker|destroy`: evaluates the stack under mocks, plans it and applies it to the Docker engine of
 * DOCKER_HOST; keeps its state, the stack outputs and (0600) the secret outputs in `.local/deploy/<stack>/`.
 */
import { spawn } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { deploy, destroy, loadState, saveState, type Outcome } from "./apply";
import { Engine } from "./engine";
import { evaluateStack } from "./evaluate";
import { PROJECT_DIR, stateDir } from "./paths";
import { planDeployment, withDependencies, type BuildStep } from "./plan";


export interface UpOptions {
  readonly stack: string;
  /** Deployment name (default: the stack): resources are named lakehouse-<as>-*, state lives in .local/deploy/<as>/. */
  readonly as?: string;
  readonly config: Record<string, string>;
  readonly replace: readonly string[];
  /** Deploy only these resources and their dependencies (and remove nothing). */
  readonly targets: readonly string[];
  readonly log: (line: string) => void;
}

export async function up(opts: UpOptions): Promise<Record<string, Outcome>> {
  const name = opts.as ?? opts.stack;
  const dir = stateDir(name);
  const t0 = Date.now();
  const evaluated = await evaluateStack(PROJECT_DIR, opts.stack, opts.config, name);
  const all = planDeployment(evaluated.resources, PROJECT_DIR);
  const nodes = opts.targets.length ? withDependencies(all, opts.targets) : all;
  opts.log(`evaluated stack ${opts.stack}${name === opts.stack ? "" : ` as ${name}`} under mocks: ${nodes.length} docker resources (${((Date.now() - t0) / 1000).toFixed(1)} s)`);
  const engine = new Engine();
  const stateFile = path.join(dir, "state.json");
  const previous = loadState(stateFile, name);
  const outcomes = await deploy(nodes, engine, previous, {
    replace: new Set(opts.replace),
    build: (step) => buildImage(step, path.join(dir, "builds"), opts.log),
    log: opts.log,
    save: (s) => saveState(stateFile, s),
  });
  // What the previous run deployed and this program no longer declares goes away (volumes stay: they hold data).
  const gone = Object.keys(previous.resources).filter((k) => !all.some((n) => n.key === k));
  if (gone.length) {
    const current = loadState(stateFile, name);
    const stale = { stack: name, resources: Object.fromEntries(gone.map((k) => [k, current.resources[k]])) };
    await destroy(engine, stale, { volumes: false, log: opts.log, save: () => undefined });
    const kept = Object.fromEntries(Object.entries(current.resources).filter(([k, r]) => !gone.includes(k) || r.kind === "volume"));
    saveState(stateFile, { stack: name, resources: kept });
  }
  fs.writeFileSync(path.join(dir, "outputs.json"), JSON.stringify(evaluated.outputs, null, 2) + "\n");
  fs.writeFileSync(path.join(dir, "secrets.json"), JSON.stringify(evaluated.secretOutputs, null, 2) + "\n", { mode: 0o600 });
  fs.chmodSync(path.join(dir, "secrets.json"), 0o600);
  return outcomes;
}

export async function down(stack: string, volumes: boolean, log: (line: string) => void): Promise<void> {
  const dir = stateDir(stack);
  const stateFile = path.join(dir, "state.json");
  if (!fs.existsSync(stateFile)) throw new Error(`stack ${stack}: nothing deployed (no ${stateFile})`);
  await destroy(new Engine(), loadState(stateFile, stack), { volumes, log, save: (s) => saveState(stateFile, s) });
  for (const f of ["outputs.json", "secrets.json"]) fs.rmSync(path.join(dir, f), { force: true });
}

/** The docker CLI used for BuildKit builds (Debian's 20.10 CLI has BuildKit built in; the 28.x one needs buildx). */
export function dockerCli(): string {
  return process.env.LAKEHOUSE_DOCKER_CLI ?? (fs.existsSync("/usr/bin/docker") ? "/usr/bin/docker" : "docker");
}

/** `docker build` with BuildKit, as the provider builds a docker.Image; the full log goes to `logDir`. */
export function buildArgs(step: BuildStep): string[] {
  return [
    "build",
    "--tag", step.tag,
    "--file", step.dockerfile,
    ...(step.platform ? ["--platform", step.platform] : []),
    ...(step.target ? ["--target", step.target] : []),
    ...Object.keys(step.args).sort().flatMap((k) => ["--build-arg", `${k}=${step.args[k]}`]),
    step.context,
  ];
}

function buildImage(step: BuildStep, logDir: string, log: (line: string) => void): Promise<void> {
  fs.mkdirSync(logDir, { recursive: true });
  const logFile = path.join(logDir, `${step.tag.replace(/[^a-zA-Z0-9.-]+/g, "_")}.log`);
  log(`building  ${step.tag} from ${path.relative(PROJECT_DIR, step.context) || "."} (log: ${logFile})`);
  return new Promise((resolve, reject) => {
    const out = fs.openSync(logFile, "w");
    const child = spawn("nice", ["-n", "10", dockerCli(), ...buildArgs(step)], {
      env: { ...process.env, DOCKER_BUILDKIT: "1", BUILDKIT_PROGRESS: "plain" },
      stdio: ["ignore", out, out],
    });
    child.on("error", (err) => reject(new Error(`docker build ${step.tag}: ${err.message}`)));
    child.on("exit", (code) => {
      fs.closeSync(out);
      if (code === 0) return resolve();
      const tail = fs.readFileSync(logFile, "utf8").split("\n").slice(-30).join("\n");
      reject(new Error(`docker build ${step.tag} failed (exit ${code}); end of ${logFile}:\n${tail}`));
    });
  });
}
