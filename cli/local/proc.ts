/** Child processes for the local runtime: commands whose output goes to a log file, with errors that say what to do. */
import { spawn, SpawnOptions } from "child_process";
import * as fs from "fs";
import * as path from "path";

export const REPO_ROOT = path.resolve(__dirname, "..", "..");
export const LAKEHOUSE_BIN = path.join(REPO_ROOT, "bin", "lakehouse");
export const VENV_PYTHON = path.join(REPO_ROOT, ".venv", "bin", "python");

export class StepError extends Error {
  constructor(
    message: string,
    readonly hint?: string,
  ) {
    super(message);
  }
}

export interface RunResult {
  readonly stdout: string;
  readonly code: number;
}

/** Last lines of a log file, for error messages. */
export function tail(file: string, lines = 15): string {
  if (!fs.existsSync(file)) return "";
  const text = fs.readFileSync(file, "utf8").trimEnd().split("\n");
  return text.slice(-lines).join("\n");
}

/**
 * Runs a command to completion. Its stdout is returned and, with stderr, appended to `logFile`; a non-zero exit
 * throws a StepError quoting the end of the log. `onLine` sees stdout lines as they come (for progress).
 */
export function run(
  cmd: string,
  args: readonly string[],
  opts: { logFile: string; env?: NodeJS.ProcessEnv; cwd?: string; onLine?: (line: string) => void },
): Promise<RunResult> {
  fs.mkdirSync(path.dirname(opts.logFile), { recursive: true });
  const log = fs.createWriteStream(opts.logFile, { flags: "a" });
  log.write(`\n$ ${cmd} ${args.join(" ")}\n`);
  const spawnOpts: SpawnOptions = { cwd: opts.cwd ?? REPO_ROOT, env: { ...process.env, ...opts.env }, stdio: ["ignore", "pipe", "pipe"] };
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args as string[], spawnOpts);
    let stdout = "";
    let partial = "";
    child.stdout?.on("data", (chunk: Buffer) => {
      const text = chunk.toString();
      stdout += text;
      log.write(text);
      if (opts.onLine) {
        const lines = (partial + text).split("\n");
        partial = lines.pop() ?? "";
        lines.forEach((l) => opts.onLine?.(l));
      }
    });
    child.stderr?.on("data", (chunk: Buffer) => log.write(chunk));
    child.on("error", (err) => {
      log.end();
      reject(new StepError(`could not start ${cmd}: ${err.message}`, `check that ${cmd} is installed (run: bash scripts/setup.sh)`));
    });
    child.on("close", (code) => {
      log.end(() => {
        if (code === 0) resolve({ stdout, code: 0 });
        else
          reject(
            new StepError(
              `${path.basename(cmd)} ${args.slice(0, 3).join(" ")} exited with code ${code}\n--- last lines of ${opts.logFile} ---\n${tail(opts.logFile)}`,
              `see the full log: ${opts.logFile}`,
            ),
          );
      });
    });
  });
}

/** Parses the last line of a command's stdout that is a JSON object (the CLI contract for machine-readable output). */
export function lastJsonLine<T>(stdout: string): T {
  const line = stdout
    .trim()
    .split("\n")
    .reverse()
    .find((l) => l.trim().startsWith("{"));
  if (!line) throw new StepError(`expected a JSON line in the command output, got:\n${stdout.slice(-500)}`);
  return JSON.parse(line) as T;
}
