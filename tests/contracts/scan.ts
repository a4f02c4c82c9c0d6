/** Scanning the repository's code (not comments, docstrings or Markdown) for names that must come from contracts/. */
import * as fs from "node:fs";
import * as path from "node:path";

export const ROOT = path.resolve(__dirname, "../..");
const SKIP_DIRS = new Set(["node_modules", ".git", ".venv", ".venv-airflow", ".cache", ".local", "build", "contracts", "results", ".pulumi-state", "__pycache__"]);
const CODE = /\.(ts|py|sh|ya?ml|mjs|js|toml|cfg|properties)$|^Dockerfile$/;

/** Source text with comments and Python docstrings blanked (line numbers kept). */
export function codeOnly(file: string, text: string): string[] {
  const source = file.endsWith(".py") ? text.replace(/"""[\s\S]*?"""/g, (m) => m.replace(/[^\n]/g, " ")) : text;
  return source.split("\n").map((line) => (/^\s*(#|\/\/|\*|\/\*)/.test(line) ? "" : line));
}

/** Every code file of the repository (relative paths), outside dependencies, caches and contracts/ itself. */
export function codeFiles(dir = ROOT): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) return SKIP_DIRS.has(e.name) || e.name.endsWith(".egg-info") ? [] : codeFiles(full);
    return CODE.test(e.name) ? [path.relative(ROOT, full)] : [];
  });
}
