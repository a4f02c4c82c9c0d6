/** The local engines' API: start, stop, status and restart by engine dir, used by the CLI and the local runtime. */
import { startCassandra, CassandraStartOptions } from "./cassandra";
import { startKafka, KafkaStartOptions } from "./kafka";
import { EngineInfo, EngineKind, isRunning, killNow, readState, startingPids, stopProcess } from "./process";
import * as path from "path";
import { isPortFree } from "./ports";

export { startKafka, startCassandra };
export type { EngineInfo, EngineKind, KafkaStartOptions, CassandraStartOptions };
export { CASSANDRA_LOCAL_DC } from "./cassandra";

export const ENGINE_KINDS: readonly EngineKind[] = ["kafka", "cassandra"];

export interface StartOptions {
  readonly dir: string;
  readonly port?: number;
  readonly heap?: string;
}

export function startEngine(engine: EngineKind, opts: StartOptions): Promise<EngineInfo> {
  return engine === "kafka" ? startKafka(opts) : startCassandra(opts);
}

export type EngineStatus = (EngineInfo & { readonly running: boolean }) | { readonly dir: string; readonly running: false; readonly engine?: undefined };

export function engineStatus(dir: string): EngineStatus {
  const abs = path.resolve(dir);
  const info = readState(abs);
  if (!info) return { dir: abs, running: false };
  return { ...info, running: isRunning(info.pid, info.dir) };
}

/** A restart must get the same ports back: wait (briefly) until the kernel has released them. */
async function waitPortsReleased(ports: readonly number[], timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (const port of ports) {
    while (Date.now() < deadline && !(await isPortFree(port))) await new Promise((r) => setTimeout(r, 200));
  }
}

/** Stops the engine of `dir` cleanly (SIGTERM, then SIGKILL after `graceMs`); data stays for a later start. */
export async function stopEngine(dir: string, graceMs?: number): Promise<{ dir: string; engine?: EngineKind; result: string }> {
  const abs = path.resolve(dir);
  const info = readState(abs);
  if (!info) return { dir: abs, result: "no-engine" };
  const result = await stopProcess(info.pid, info.dir, graceMs);
  await waitPortsReleased(Object.values(info.ports));
  return { dir: abs, engine: info.engine, result };
}

/** Stops and starts the engine of `dir` on the same ports, keeping its data (a broker bounce). */
export async function restartEngine(dir: string, opts: { heap?: string; graceMs?: number } = {}): Promise<EngineInfo> {
  const info = readState(path.resolve(dir));
  if (!info) throw new Error(`no engine was started in ${path.resolve(dir)}`);
  await stopEngine(dir, opts.graceMs);
  return startEngine(info.engine, { dir: info.dir, port: info.port, heap: opts.heap });
}

/**
 * For foreground commands: stops the given engines when the process is interrupted (Ctrl-C, SIGTERM), and kills
 * them outright if the process exits some other way. Returns a function that removes the handlers.
 */
export function stopOnInterrupt(engines: () => readonly EngineInfo[], onStop?: () => Promise<void>): () => void {
  let stopping = false;
  const handler = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    console.error(`\n${signal}: stopping what was started...`);
    void (async () => {
      await onStop?.().catch(() => undefined);
      startingPids.forEach(killNow);
      await Promise.all(engines().map((e) => stopProcess(e.pid, e.dir, 15_000)));
      process.exit(130);
    })();
  };
  const onExit = () => {
    startingPids.forEach(killNow);
    engines().forEach((e) => isRunning(e.pid, e.dir) && killNow(e.pid));
  };
  process.on("SIGINT", handler);
  process.on("SIGTERM", handler);
  process.on("exit", onExit);
  return () => {
    process.off("SIGINT", handler);
    process.off("SIGTERM", handler);
    process.off("exit", onExit);
  };
}
