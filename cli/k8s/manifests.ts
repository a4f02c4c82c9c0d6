/**
 * Kubernetes manifests of a stack: every `kubernetes:*` resource the program declared (as recorded under mocks, with
 * its final inputs) as the object kubectl expects: apiVersion, kind, metadata and the kind's own fields. Pure.
 */
import * as fs from "fs";
import * as path from "path";
import type { DeclaredResource } from "../deploy/plan";

export interface Manifest {
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata: { readonly name: string; readonly namespace?: string } & Record<string, unknown>;
  readonly [field: string]: unknown;
}

/** Pulumi type token → apiVersion and kind (`kubernetes:apps/v1:StatefulSet` → apps/v1; the core group is bare `v1`). */
export function typeToKind(type: string): { apiVersion: string; kind: string } | undefined {
  const m = /^kubernetes:([a-z0-9.]+)\/([a-z0-9]+):([A-Za-z]+)$/.exec(type);
  if (!m) return undefined;
  const [, group, version, kind] = m;
  return { apiVersion: group === "core" ? version : `${group}/${version}`, kind };
}

/** Drops what only Pulumi reads (undefined values, empty inputs it adds) so the object is what kubectl applies. */
function clean(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(clean);
  if (value && typeof value === "object") {
    return Object.fromEntries(
      Object.entries(value)
        .filter(([k, v]) => v !== undefined && v !== null && !k.startsWith("__"))
        .map(([k, v]) => [k, clean(v)]),
    );
  }
  return value;
}

/** The manifests of the declared resources, in declaration order (namespaces first, as they were declared first). */
export function manifestsOf(resources: readonly DeclaredResource[]): Manifest[] {
  const out: Manifest[] = [];
  for (const r of resources) {
    const kind = typeToKind(r.type);
    if (!kind) continue;
    const rest = { ...(clean(r.inputs) as Record<string, unknown>) };
    const metadata = rest.metadata;
    for (const own of ["apiVersion", "kind", "metadata"]) delete rest[own];
    const meta = (metadata ?? {}) as Manifest["metadata"];
    if (typeof meta.name !== "string") throw new Error(`${r.type} ${r.name}: metadata.name is not set; every object needs an explicit name`);
    out.push({ ...kind, metadata: meta, ...rest });
  }
  return out;
}

/** File name of a manifest: `<nnn>-<kind>-<namespace>-<name>.json` (order kept, unique per object). */
export function manifestFile(m: Manifest, index: number): string {
  const ns = m.metadata.namespace ? `${m.metadata.namespace}-` : "";
  return `${String(index).padStart(3, "0")}-${m.kind.toLowerCase()}-${ns}${m.metadata.name}.json`;
}

/** Writes one JSON file per manifest into `dir` (emptied of earlier manifests first); returns the file names. */
export function writeManifests(dir: string, manifests: readonly Manifest[]): string[] {
  fs.mkdirSync(dir, { recursive: true });
  for (const f of fs.readdirSync(dir)) if (f.endsWith(".json")) fs.rmSync(path.join(dir, f));
  return manifests.map((m, i) => {
    const file = manifestFile(m, i);
    fs.writeFileSync(path.join(dir, file), `${JSON.stringify(m, null, 2)}\n`, { mode: 0o600 });
    return file;
  });
}
