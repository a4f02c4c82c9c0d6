/** Where `lakehouse deploy docker` keeps a deployment's state and outputs (no heavy imports: `local verify` reads it). */
import * as fs from "fs";
import * as path from "path";

export const PROJECT_DIR = path.resolve(__dirname, "..", "..");

/** `.local/deploy/<name>/`: state.json, outputs.json, secrets.json (0600), builds/. */
export function stateDir(name: string, root = PROJECT_DIR): string {
  return path.join(root, ".local", "deploy", name);
}

/** The outputs JSON of a live `deploy docker` deployment named `name` (as `pulumi stack output --json`), if any. */
export function deployedOutputs(name: string, root = PROJECT_DIR): string | undefined {
  const file = path.join(stateDir(name, root), "outputs.json");
  return fs.existsSync(file) ? fs.readFileSync(file, "utf8") : undefined;
}
