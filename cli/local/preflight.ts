/** Checks that fail fast with a message naming what to do: Java, the Python environment, free ports. */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as net from "net";
import { StepError, VENV_PYTHON } from "./proc";

/** Major version from `java -version` output ("17.0.15", "1.8.0_392", "25"). */
export function parseJavaMajor(versionOutput: string): number | undefined {
  const m = versionOutput.match(/version "(\d+)(?:\.(\d+))?/);
  if (!m) return undefined;
  const first = Number(m[1]);
  return first === 1 && m[2] ? Number(m[2]) : first;
}

export function checkJava(minimum = 17): number {
  // `java -version` prints to stderr.
  const result = spawnSync("java", ["-version"], { encoding: "utf8" });
  if (result.error && (result.error as NodeJS.ErrnoException).code === "ENOENT") {
    throw new StepError("Java was not found on PATH", `install a JDK ${minimum}+ (Debian/Ubuntu: apt-get install openjdk-17-jdk-headless)`);
  }
  const output = `${result.stderr ?? ""}${result.stdout ?? ""}`;
  const major = parseJavaMajor(output);
  if (major === undefined || major < minimum) {
    throw new StepError(`Java ${minimum}+ is required, found: ${output.split("\n")[0] || "unknown"}`, `install a JDK ${minimum}+ and put it first on PATH`);
  }
  return major;
}

export function checkPythonEnv(python = VENV_PYTHON): void {
  if (!fs.existsSync(python)) {
    throw new StepError(`the Python environment is missing (${python})`, "run: bash scripts/setup.sh   (or use npm run local, which sets everything up)");
  }
}

/** Resolves when `port` can be bound on `host`; rejects with a message naming the port otherwise. */
export function checkPortFree(port: number, what: string, host = "127.0.0.1"): Promise<void> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", (err: NodeJS.ErrnoException) =>
      reject(
        new StepError(
          `port ${port} (${what}) is already in use (${err.code})`,
          `stop the process using it (e.g. 'lakehouse local down' or 'ss -ltnp | grep :${port}') or choose another port with the matching option`,
        ),
      ),
    );
    server.listen(port, host, () => server.close(() => resolve()));
  });
}

/** Resolves once something accepts TCP connections on host:port, or rejects after `timeoutMs`. */
export async function waitForPort(port: number, timeoutMs: number, host = "127.0.0.1", isAlive: () => boolean = () => true): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const open = await new Promise<boolean>((resolve) => {
      const socket = net.connect(port, host);
      socket.once("connect", () => {
        socket.destroy();
        resolve(true);
      });
      socket.once("error", () => resolve(false));
    });
    if (open) return;
    if (!isAlive()) throw new StepError(`the process that should listen on ${host}:${port} exited`);
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new StepError(`nothing listens on ${host}:${port} after ${Math.round(timeoutMs / 1000)}s`);
}
