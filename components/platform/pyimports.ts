/**
 * Which files of a Python package a set of entry modules needs: the modules they import from the package, followed
 * transitively (every `from pkg.x import y` and `import pkg.x`, also inside functions; `y` counts when it is a
 * submodule), plus every `__init__.py` on the way. Over-approximates (an import in a docstring counts), never misses a
 * static import; the package uses no relative or dynamic imports (tests/pulumi/runtime-contract.test.ts imports
 * every entry module from its artifact to prove it).
 */
import * as fs from "node:fs";
import * as path from "node:path";

const FROM_IMPORT = /^[ \t]*from[ \t]+([\w.]+)[ \t]+import[ \t]+(\([^)]*\)|[^\n]*)/gm;
const PLAIN_IMPORT = /^[ \t]*import[ \t]+([^\n]+)/gm;

/** The file of `module` under `pkgRoot` (the folder of package `pkg`), relative to it; undefined if none. */
function moduleFile(pkgRoot: string, pkg: string, module: string): string | undefined {
  if (module !== pkg && !module.startsWith(`${pkg}.`)) return undefined;
  const parts = module.split(".").slice(1);
  for (const rel of [`${parts.join("/")}.py`, [...parts, "__init__.py"].join("/")]) {
    if (parts.length === 0 && rel === ".py") continue;
    if (fs.existsSync(path.join(pkgRoot, rel))) return rel;
  }
  return undefined;
}

/** Modules of `pkg` that the source text imports. */
export function importedModules(source: string, pkg: string): string[] {
  const found: string[] = [];
  for (const [, from, names] of source.matchAll(FROM_IMPORT)) {
    if (from !== pkg && !from.startsWith(`${pkg}.`)) continue;
    found.push(from);
    for (const name of names.replace(/[()]/g, "").replace(/#[^\n]*/g, "").split(",")) {
      const id = name.trim().split(/\s+as\s+/)[0].trim();
      if (/^\w+$/.test(id)) found.push(`${from}.${id}`);
    }
  }
  for (const [, list] of source.matchAll(PLAIN_IMPORT)) {
    for (const item of list.split(",")) {
      const id = item.trim().split(/\s+as\s+/)[0].trim();
      if (id === pkg || id.startsWith(`${pkg}.`)) found.push(id);
    }
  }
  return found;
}

/** Files (relative to `pkgRoot`, sorted) that `entryModules` of package `pkg` need; throws on an unknown entry. */
export function moduleClosure(pkgRoot: string, pkg: string, entryModules: readonly string[]): string[] {
  const files = new Set<string>();
  const queue: string[] = [];
  for (const m of entryModules) {
    if (!moduleFile(pkgRoot, pkg, m)) throw new Error(`entry module ${m} has no file under ${pkgRoot}`);
    queue.push(m);
  }
  const seen = new Set<string>();
  while (queue.length > 0) {
    const module = queue.pop() as string;
    if (seen.has(module)) continue;
    seen.add(module);
    const rel = moduleFile(pkgRoot, pkg, module);
    if (rel === undefined) continue; // a name imported from a module, not a submodule
    files.add(rel);
    const parts = module.split(".");
    for (let i = 1; i < parts.length; i++) queue.push(parts.slice(0, i).join("."));
    queue.push(...importedModules(fs.readFileSync(path.join(pkgRoot, rel), "utf8"), pkg));
  }
  return [...files].sort();
}
