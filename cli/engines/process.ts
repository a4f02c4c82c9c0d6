/**
 * Thin process plumbing shared by the engines: detached JVMs with their output in a log file, a state file per
 * engine dir (so `engine stop/status/restart` work from another shell), readiness polling and a clean-then-hard stop.
 */
import { ChildProcess, spawn } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { tail } from "../local/proc";

export type EngineKind = "kafka" | "cassandra";

/** What `engine start` prints and what `DIR/engine.json` holds. */
export interface EngineInfo {
  readonly engine: EngineKind;
  readonly host: string;
  readonly port: number;
  readonly pid: number;
  readonly logFile: string;
  /** Every port the engine listens on, by role (kafka: broker/controller; cassandra: cql/storage/jmx). */
  readonly ports: Readonly<Record<string, number>>;
  readonly dir: string;
}

const STATE_FILE = "engine.json";

export function stateFile(dir: string): string {
  return path.join(dir, STATE_FILE);
}

export function readState(dir: string): EngineInfo | undefined {
  const file = stateFile(dir);
  if (!fs.existsSync(file)) return undefined;
  return JSON.parse(fs.readFileSync(file, "utf8")) as EngineInfo;
}

export function writeState(info: EngineInfo): void {
  fs.writeFileSync(stateFile(info.dir), JSON.stringify(info, null, 2) + "\n");
}

/** True when the pid runs and its command line mentions `marker` (guards against a recycled pid). */
export function isRunning(pid: number, marker: string): boolean {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
    // A zombie leader may still have threads finishing (and holding sockets): gone only once they are too.
    if (/^\d+ \(.*\) Z/.test(stat)) return fs.readdirSync(`/proc/${pid}/task`).length > 1;
    return fs.readFileSync(`/proc/${pid}/cmdline`, "utf8").includes(marker);
  } catch {
    return false;
  }
}

/** Pids of engines still starting up, so an interrupt during the wait does not leave a JVM behind. */
export const startingPids = new Set<number>();

export interface Spawned {
  readonly child: ChildProcess;
  /** Set once the process has exited (checked by readiness polling). */
  exited(): { code: number | null; signal: NodeJS.Signals | null } | undefined;
}

/** Starts a process in its own process group, output appended to `logFile`, not keeping the parent alive. */
export function spawnDetached(bin: string, args: string[], opts: { cwd: string; logFile: string; env?: NodeJS.ProcessEnv }): Spawned {
  fs.mkdirSync(path.dirname(opts.logFile), { recursive: true });
  const fd = fs.openSync(opts.logFile, "a");
  const child = spawn(bin, args, { cwd: opts.cwd, detached: true, stdio: ["ignore", fd, fd], env: opts.env ?? process.env });
  fs.closeSync(fd);
  let exit: { code: number | null; signal: NodeJS.Signals | null } | undefined;
  child.on("exit", (code, signal) => (exit = { code, signal }));
  child.on("error", () => (exit = exit ?? { code: -1, signal: null }));
  child.unref();
  if (child.pid) startingPids.add(child.pid);
  child.on("exit", () => child.pid && startingPids.delete(child.pid));
  return { child, exited: () => exit };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Polls `probe` until it resolves true; fails early with the log tail when the process dies, or on timeout. */
export async function waitReady(
  what: string,
  proc: Spawned,
  logFile: string,
  probe: () => Promise<boolean>,
  timeoutMs: number,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  try {
    await pollReady(what, proc, logFile, probe, deadline, timeoutMs);
  } finally {
    if (proc.child.pid) startingPids.delete(proc.child.pid);
  }
}

async function pollReady(what: string, proc: Spawned, logFile: string, probe: () => Promise<boolean>, deadline: number, timeoutMs: number): Promise<void> {
  for (;;) {
    const exit = proc.exited();
    if (exit) {
      throw new Error(`${what} failed to start (exit ${exit.code ?? exit.signal}); last lines of ${logFile}:\n${tail(logFile, 30)}`);
    }
    if (await probe().catch(() => false)) return;
    if (Date.now() > deadline) {
      if (proc.child.pid) killGroup(proc.child.pid, "SIGKILL");
      throw new Error(`${what} was not ready after ${Math.round(timeoutMs / 1000)} s; last lines of ${logFile}:\n${tail(logFile, 30)}`);
    }
    await sleep(500);
  }
}

function killGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    try {
      process.kill(pid, signal);
    } catch {
      /* already gone */
    }
  }
}

/** SIGTERM (the JVMs shut down cleanly on it), then SIGKILL after `graceMs`. Resolves once the process is gone. */
export async function stopProcess(pid: number, marker: string, graceMs = 30_000): Promise<"stopped" | "killed" | "not-running"> {
  if (!isRunning(pid, marker)) return "not-running";
  killGroup(pid, "SIGTERM");
  const deadline = Date.now() + graceMs;
  while (Date.now() < deadline) {
    if (!isRunning(pid, marker)) return "stopped";
    await sleep(200);
  }
  killGroup(pid, "SIGKILL");
  while (isRunning(pid, marker)) await sleep(100);
  return "killed";
}

/** Synchronous last resort for `process.on("exit")`: kills the whole group without waiting. */
export function killNow(pid: number): void {
  killGroup(pid, "SIGKILL");
}
