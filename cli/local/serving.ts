/** The local Spark Thrift Server (HiveServer2 over HTTP, the Power BI endpoint) and its `.pbids` file. */
import { spawn } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { runtime, storage } from "../../contracts";
import { pbidsContent, powerBiConnection } from "../../plans/pbids";
import { thriftHttpPath } from "../../plans/endpoints";
import { localSparkArgs, localSparkEnv } from "./batch";
import { waitForPort } from "./preflight";
import { REPO_ROOT, StepError, tail, VENV_PYTHON } from "./proc";
import { isAlive, LocalState } from "./state";

export const THRIFT_PATH = thriftHttpPath();

export function thriftUrl(port: number, host = "127.0.0.1"): string {
  return `http://${host}:${port}/${THRIFT_PATH}`;
}

/** Starts the Thrift Server detached (it outlives this command with --keep) and waits until it accepts connections. */
export async function startThrift(state: LocalState, port: number, logFile: string, timeoutMs = 240_000): Promise<NonNullable<LocalState["thrift"]>> {
  const out = fs.openSync(logFile, "a");
  const child = spawn(VENV_PYTHON, ["-m", runtime.jobModules.thriftServer, ...localSparkArgs(state), "--port", String(port), "--host", "127.0.0.1"], {
    cwd: REPO_ROOT,
    env: { ...process.env, ...localSparkEnv() },
    detached: true,
    stdio: ["ignore", out, out],
  });
  child.unref();
  fs.closeSync(out);
  if (!child.pid) throw new StepError("could not start the Spark Thrift Server");
  const pid = child.pid;
  state.thrift = { pid, port, url: thriftUrl(port), logFile };
  try {
    await waitForPort(port, timeoutMs, "127.0.0.1", () => isAlive(pid));
  } catch (err) {
    throw new StepError(`the Spark Thrift Server did not come up: ${(err as Error).message}\n--- ${logFile} ---\n${tail(logFile)}`, `see ${logFile}`);
  }
  return state.thrift;
}

/** Writes the same `.pbids` the Pulumi program writes for a deployment, pointing at the local server. */
export function writeLocalPbids(runDir: string, port: number): string {
  const file = path.join(runDir, "lakehouse-local.pbids");
  fs.writeFileSync(file, pbidsContent(powerBiConnection("localhost", port, THRIFT_PATH, storage.hiveDatabases.gold)));
  return file;
}
