/** Where scripts/setup.d/20-maven-engines.sh puts the engines' jars, and a clear error when they are missing. */
import * as fs from "fs";
import * as path from "path";
import type { EngineKind } from "./process";

const REPO_ROOT = path.resolve(__dirname, "..", "..");

/** Root of the engine jars; LAKEHOUSE_ENGINES_DIR overrides the repo-local `.cache/engines`. */
export function enginesRoot(env: NodeJS.ProcessEnv = process.env): string {
  return env.LAKEHOUSE_ENGINES_DIR ?? path.join(REPO_ROOT, ".cache", "engines");
}

/** The engine's lib dir as a `-cp` wildcard, or an error telling the user to run setup. */
export function engineClasspath(engine: EngineKind, markerJar: RegExp): string {
  const lib = path.join(enginesRoot(), engine, "lib");
  const jars = fs.existsSync(lib) ? fs.readdirSync(lib) : [];
  if (!jars.some((j) => markerJar.test(j))) {
    throw new Error(`${engine} artifacts are missing in ${lib}; run 'bash scripts/setup.sh' (or scripts/setup.d/20-maven-engines.sh) first`);
  }
  return path.join(lib, "*");
}

export function engineLibDir(engine: EngineKind): string {
  return path.join(enginesRoot(), engine, "lib");
}
