/**
 * What a container receives, laid out on disk so the real consumer can read it: every uploaded file (base64 ones as
 * bytes) under a temporary root, at its path inside the container. Used by the producer-meets-consumer tests.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { execFileSync } from "node:child_process";
import type { RecordedResource } from "./harness";

/** The jobs virtualenv (pyspark and the jobs' dependencies), created by scripts/setup.d/10-python.sh. */
export const JOBS_PYTHON = path.resolve(__dirname, "../../.venv/bin/python");

/** The Airflow virtualenv (the Airflow release the image runs), created by scripts/setup.d/40-airflow.sh. */
export const AIRFLOW_PYTHON = path.resolve(__dirname, "../../.venv-airflow/bin/python");

/** Fails with the setup step to run when the interpreter is missing (a missing interpreter never skips a test). */
export function requirePython(python: string, setupStep: string): string {
  if (!fs.existsSync(python)) throw new Error(`${python} not found: run bash ${setupStep} (or bash scripts/setup.sh)`);
  return python;
}

/** Writes the container's uploads under a new temporary folder; returns that folder (the container's `/`). */
export function materialize(container: RecordedResource): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), `deployed-${container.name}-`));
  const uploads = (container.inputs.uploads as { file: string; content?: string; contentBase64?: string }[] | undefined) ?? [];
  for (const u of uploads) {
    const target = path.join(root, u.file);
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.writeFileSync(target, u.contentBase64 !== undefined ? Buffer.from(u.contentBase64, "base64") : (u.content ?? ""));
  }
  return root;
}

/** Runs a Python snippet that prints one JSON document last; throws with its stderr when it fails. */
export function runPythonJson<T>(python: string, script: string, args: readonly string[], env: NodeJS.ProcessEnv = {}): T {
  try {
    const out = execFileSync(python, ["-c", script, ...args], { encoding: "utf8", env: { PATH: process.env.PATH ?? "", HOME: os.tmpdir(), ...env }, stdio: ["ignore", "pipe", "pipe"] });
    return JSON.parse(out.trim().split("\n").pop() as string) as T;
  } catch (err) {
    const e = err as { stderr?: string; message: string };
    throw new Error(`${python} failed: ${e.stderr?.slice(-3000) ?? e.message}`);
  }
}
