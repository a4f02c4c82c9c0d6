/** What a local lakehouse run started, saved in `<run-dir>/state.json` so `down` and `verify` find it later. */
import * as fs from "fs";
import * as path from "path";

export interface DbInfo {
  readonly host: string;
  readonly port: number;
  readonly user: string;
  readonly passwordFile: string;
  readonly databases: Readonly<Record<string, string>>;
}

export interface EngineInfo {
  readonly engine: string;
  readonly host: string;
  readonly port: number;
  readonly pid: number;
  readonly logFile?: string;
}

export interface LocalState {
  readonly runDir: string;
  readonly runDate: string;
  readonly scale: number;
  readonly warehouse: string;
  db?: DbInfo & { readonly dataDir: string };
  kafka?: EngineInfo & { readonly dir: string };
  cassandra?: EngineInfo & { readonly dir: string };
  thrift?: { readonly pid: number; readonly port: number; readonly url: string; readonly logFile: string };
  /** `local up --observe`: Prometheus (and node_exporter) on loopback, over the whole run. */
  observe?: { readonly url: string; readonly pids: readonly number[]; readonly startedAt: number };
  report?: string;
  pbids?: string;
  summary?: unknown;
}

export function statePath(runDir: string): string {
  return path.join(runDir, "state.json");
}

export function saveState(state: LocalState): void {
  fs.mkdirSync(state.runDir, { recursive: true });
  const file = statePath(state.runDir);
  fs.writeFileSync(`${file}.tmp`, JSON.stringify(state, null, 2));
  fs.renameSync(`${file}.tmp`, file);
}

export function loadState(runDir: string): LocalState {
  const file = statePath(runDir);
  if (!fs.existsSync(file)) {
    throw new Error(`no local lakehouse found in ${runDir} (start one with: lakehouse local up --keep)`);
  }
  return JSON.parse(fs.readFileSync(file, "utf8")) as LocalState;
}

/** True while the process runs; a zombie (exited, not yet reaped by its parent) counts as gone. */
export function isAlive(pid: number | undefined): boolean {
  if (!pid) return false;
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    // /proc/<pid>/stat: "pid (comm) state ..."; the comm may contain spaces, so read after the last ")".
    const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
    return stat.slice(stat.lastIndexOf(")") + 2, stat.lastIndexOf(")") + 3) !== "Z";
  } catch {
    return true; // no /proc (macOS): the signal check above is all we have
  }
}
