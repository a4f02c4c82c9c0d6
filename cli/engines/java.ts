/** Finds the `java` binary the engines run on and checks its major version before anything is started. */
import { spawnSync } from "child_process";
import * as path from "path";
import { parseJavaMajor } from "../local/preflight";

export interface JavaRuntime {
  readonly bin: string;
  readonly major: number;
}

/** `$JAVA_HOME/bin/java` when JAVA_HOME is set, otherwise `java` from PATH. */
export function javaBinary(env: NodeJS.ProcessEnv = process.env): string {
  return env.JAVA_HOME ? path.join(env.JAVA_HOME, "bin", "java") : "java";
}

/** Returns the Java runtime, or throws a message saying what to install when it is missing or outside [min, max]. */
export function requireJava(engine: string, min: number, max?: number): JavaRuntime {
  const bin = javaBinary();
  const res = spawnSync(bin, ["-version"], { encoding: "utf8" });
  if (res.error || res.status !== 0) {
    throw new Error(`${engine} needs Java ${min}: '${bin}' could not be run (${res.error?.message ?? res.stderr.trim()}); install a JDK ${min} or set JAVA_HOME`);
  }
  const major = parseJavaMajor(`${res.stderr}${res.stdout}`);
  if (major === undefined) throw new Error(`${engine}: cannot read the Java version from '${bin} -version'`);
  if (major < min || (max !== undefined && major > max)) {
    const wanted = max === undefined ? `${min} or newer` : max === min ? `${min}` : `${min} to ${max}`;
    throw new Error(`${engine} needs Java ${wanted}, but '${bin}' is Java ${major}; set JAVA_HOME to a JDK ${min}`);
  }
  return { bin, major };
}
