/** `lakehouse notebook`: JupyterLab over notebooks/ on the embedded local mode's Silver and Gold, until Ctrl-C. */
import { spawn } from "child_process";
import { randomBytes } from "crypto";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { Command, InvalidArgumentError } from "commander";
import { freePort } from "../engines/ports";
import { jupyterPlan } from "../notebook/notebooks";
import { loadState, isAlive, statePath } from "../local/state";

const REPO_ROOT = path.resolve(__dirname, "..", "..");
const DEFAULT_RUN_DIR = ".local/run";

function port(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value) || n < 1 || n > 65535) throw new InvalidArgumentError(`not a TCP port: ${value}`);
  return n;
}

/** The embedded Derby metastore admits one JVM: a Thrift Server left by `local up --keep` would lock kernels out. */
function refuseWhileThriftHoldsMetastore(runDir: string, warehouse: string): void {
  if (!fs.existsSync(statePath(runDir))) return;
  const state = loadState(runDir);
  if (state.thrift && isAlive(state.thrift.pid) && path.resolve(state.warehouse) === path.resolve(warehouse)) {
    throw new Error(
      `the local Spark Thrift Server (pid ${state.thrift.pid}) holds the embedded metastore of ${warehouse}; stop it first: lakehouse local down --run-dir ${runDir}`,
    );
  }
}

/** Resolves once the server answers HTTP (any status); rejects if the process exits first or after `timeoutMs`. */
async function waitForServer(url: string, exited: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (exited()) throw new Error("JupyterLab exited while starting");
    try {
      await fetch(url, { redirect: "manual" });
      return;
    } catch {
      await new Promise((r) => setTimeout(r, 500));
    }
  }
  throw new Error(`JupyterLab did not answer on ${url} within ${timeoutMs / 1000} s`);
}

export function register(program: Command): void {
  program
    .command("notebook")
    .description(
      "Start JupyterLab over notebooks/ with kernels on the local warehouse (Silver and Gold through its embedded metastore, " +
        "as built by 'local up' or 'batch run'), on 127.0.0.1 with a generated token; prints the URL; Ctrl-C stops it.",
    )
    .option("--run-dir <dir>", "run directory of 'local up' (its warehouse is <run-dir>/warehouse)", DEFAULT_RUN_DIR)
    .option("--warehouse <dir>", "warehouse root instead of the run directory's")
    .option("--port <port>", "HTTP port (default: a free one)", port)
    .option("--master <url>", "Spark master of the kernels", "local[2]")
    .action(async (opts: { runDir: string; warehouse?: string; port?: number; master: string }) => {
      const warehouse = path.resolve(opts.warehouse ?? path.join(opts.runDir, "warehouse"));
      refuseWhileThriftHoldsMetastore(opts.runDir, warehouse);
      const runtimeDir = fs.mkdtempSync(path.join(os.tmpdir(), "lakehouse-jupyter-"));
      const plan = jupyterPlan({
        repoRoot: REPO_ROOT,
        warehouse,
        port: opts.port ?? (await freePort()),
        token: randomBytes(24).toString("hex"),
        runtimeDir,
        master: opts.master,
        asRoot: process.getuid?.() === 0,
      });
      if (!fs.existsSync(plan.command)) throw new Error(`${plan.command} not found: run bash scripts/setup.sh (it installs JupyterLab into .venv)`);
      const logFile = path.join(opts.runDir, "logs", "notebook.log");
      fs.mkdirSync(path.dirname(logFile), { recursive: true });
      const log = fs.openSync(logFile, "a");
      const child = spawn(plan.command, [...plan.args], { cwd: REPO_ROOT, env: { ...process.env, ...plan.env }, stdio: ["ignore", log, log] });
      let exitCode: number | null = null;
      const done = new Promise<void>((resolve) =>
        child.on("exit", (code, signal) => {
          exitCode = code ?? (signal ? 0 : 1);
          fs.rmSync(runtimeDir, { recursive: true, force: true });
          resolve();
        }),
      );
      const stop = () => child.kill("SIGTERM");
      process.on("SIGINT", stop).on("SIGTERM", stop);
      try {
        await waitForServer(`http://127.0.0.1:${new URL(plan.url).port}/api/status`, () => exitCode !== null, 120_000);
      } catch (err) {
        stop();
        await done;
        throw new Error(`${(err as Error).message}; see ${logFile}`);
      }
      console.log(`JupyterLab (kernels on ${warehouse}, master ${opts.master}):\n  ${plan.url}\nlog: ${logFile}; Ctrl-C stops it`);
      await done;
      process.off("SIGINT", stop).off("SIGTERM", stop);
      process.exitCode = exitCode ?? 0;
    });
}
