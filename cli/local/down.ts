/** Stops everything a local run started, newest first; each stop is best effort and says what it did. */
import * as path from "path";
import { LAKEHOUSE_BIN, run } from "./proc";
import { isAlive, LocalState, saveState } from "./state";

export async function killTree(pid: number, graceMs = 15_000): Promise<void> {
  const signal = (sig: NodeJS.Signals) => {
    try {
      process.kill(-pid, sig); // the detached process leads its own group: stop its children (the JVM) too
    } catch {
      try {
        process.kill(pid, sig);
      } catch {
        // already gone
      }
    }
  };
  signal("SIGTERM");
  const deadline = Date.now() + graceMs;
  while (isAlive(pid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 250));
  if (isAlive(pid)) signal("SIGKILL");
}

export async function stopAll(state: LocalState, out: (line: string) => void = (l) => process.stdout.write(`${l}\n`)): Promise<void> {
  const logFile = path.join(state.runDir, "logs", "down.log");
  if (state.observe) {
    for (const pid of [...state.observe.pids].reverse()) await killTree(pid);
    out(`stopped Prometheus (${state.observe.url})`);
    state.observe = undefined;
  }
  if (state.thrift) {
    await killTree(state.thrift.pid);
    out(`stopped the Spark Thrift Server (pid ${state.thrift.pid})`);
    state.thrift = undefined;
  }
  for (const key of ["cassandra", "kafka"] as const) {
    const engine = state[key];
    if (!engine) continue;
    await run(LAKEHOUSE_BIN, ["engine", "stop", "--dir", engine.dir], { logFile }).then(
      () => out(`stopped ${key}`),
      (err: Error) => out(`could not stop ${key}: ${err.message.split("\n")[0]}`),
    );
    state[key] = undefined;
  }
  if (state.db) {
    const dataDir = state.db.dataDir;
    await run(LAKEHOUSE_BIN, ["db", "stop", "--data-dir", dataDir], { logFile }).then(
      () => out("stopped PostgreSQL"),
      (err: Error) => out(`could not stop PostgreSQL: ${err.message.split("\n")[0]}`),
    );
    state.db = undefined;
  }
  saveState(state);
}
