/**
 * The catalog of NiFi extension types the validator accepts: nar-manifest.json, checked against the real
 * artifacts of the pinned release in the local Maven repository (a NAR proves which bundle provides a type;
 * a bare jar proves the type and its names exist; without either the manifest entry stands as declared).
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import manifestJson from "./nar-manifest.json";
import { readClass } from "./classfile";
import { zipEntries, ZipEntry } from "./zip";

export type ExtensionKind = "processor" | "service" | "api";
export type Evidence = "nar" | "jar" | "declared";

export interface ManifestEntry {
  readonly kind: ExtensionKind;
  readonly nar: string;
  readonly relationships: string[];
  readonly properties: string[];
  readonly dynamicProperties: boolean;
}

export interface CatalogEntry extends ManifestEntry {
  readonly type: string;
  readonly evidence: Evidence;
  /** Where the evidence came from (artifact file), empty when declared. */
  readonly source: string;
}

export interface Catalog {
  readonly version: string;
  readonly entries: ReadonlyMap<string, CatalogEntry>;
  /** Disagreements between the manifest and the real artifacts: each one is a validation error. */
  readonly problems: readonly string[];
}

const SERVICES: Record<ExtensionKind, string | null> = {
  processor: "META-INF/services/org.apache.nifi.processor.Processor",
  service: "META-INF/services/org.apache.nifi.controller.ControllerService",
  api: null,
};
const DYNAMIC_ANNOTATIONS = ["Lorg/apache/nifi/annotation/behavior/DynamicProperty;", "Lorg/apache/nifi/annotation/behavior/DynamicProperties;"];

export function mavenRepo(): string {
  return process.env.MAVEN_REPO_LOCAL ?? path.join(os.homedir(), ".m2", "repository");
}

export function artifactPath(repo: string, artifact: string, version: string, ext: "nar" | "jar"): string {
  return path.join(repo, "org", "apache", "nifi", artifact, version, `${artifact}-${version}.${ext}`);
}

/** Jars of a NAR (its bundled dependencies) or the bare jar, each as its entry list. */
function openArchives(repo: string, nar: string, jars: readonly string[], version: string): { evidence: Evidence; source: string; jars: ZipEntry[][] } {
  const narFile = artifactPath(repo, nar, version, "nar");
  if (fs.existsSync(narFile)) {
    const inner = zipEntries(fs.readFileSync(narFile)).filter((e) => /^META-INF\/bundled-dependencies\/[^/]+\.jar$/.test(e.name));
    return { evidence: "nar", source: narFile, jars: inner.map((e) => zipEntries(e.read())) };
  }
  const present = jars.map((j) => artifactPath(repo, j, version, "jar")).filter((f) => fs.existsSync(f));
  if (present.length) return { evidence: "jar", source: present.join(","), jars: present.map((f) => zipEntries(fs.readFileSync(f))) };
  return { evidence: "declared", source: "", jars: [] };
}

/** Entries of one class and its nested classes, and the jar that holds them. */
function findClass(jars: ZipEntry[][], internalName: string): { classes: ZipEntry[]; jar: ZipEntry[] } | null {
  for (const jar of jars) {
    const classes = jar.filter((e) => e.name === `${internalName}.class` || e.name.startsWith(`${internalName}$`));
    if (classes.some((e) => e.name === `${internalName}.class`)) return { classes, jar };
  }
  return null;
}

/**
 * Constants of the class, its nested classes and every superclass found in the same artifact set (a NAR's
 * relationships are often inherited, e.g. ListFile's from AbstractListProcessor); null when no jar holds it.
 */
function constantsOf(jars: ZipEntry[][], type: string): { constants: Set<string>; jar: ZipEntry[] } | null {
  const first = findClass(jars, type.replace(/\./g, "/"));
  if (!first) return null;
  const constants = new Set<string>();
  let current: { classes: ZipEntry[]; jar: ZipEntry[] } | null = first;
  let name: string | null = type.replace(/\./g, "/");
  while (current && name) {
    let superName: string | null = null;
    for (const e of current.classes) {
      const info = readClass(e.read());
      info.constants.forEach((c) => constants.add(c));
      if (e.name === `${name}.class`) superName = info.superName;
    }
    name = superName;
    current = name ? findClass(jars, name) : null;
  }
  return { constants, jar: first.jar };
}

function checkAgainstArtifact(type: string, m: ManifestEntry, jars: ZipEntry[][], source: string): string[] {
  const found = constantsOf(jars, type);
  if (!found) return [`${type}: no class ${type} in ${source}`];
  const problems: string[] = [];
  const servicesFile = SERVICES[m.kind];
  if (servicesFile) {
    const listing = found.jar.find((e) => e.name === servicesFile)?.read().toString("utf8") ?? "";
    const listed = listing.split("\n").map((l) => l.trim());
    if (!listed.includes(type)) problems.push(`${type}: not registered in ${servicesFile} of ${source}`);
  }
  for (const rel of m.relationships) {
    if (!found.constants.has(rel)) problems.push(`${type}: relationship "${rel}" is not declared by the class in ${source}`);
  }
  for (const prop of m.properties) {
    if (!found.constants.has(prop)) problems.push(`${type}: property "${prop}" is not declared by the class in ${source}`);
  }
  const dynamic = DYNAMIC_ANNOTATIONS.some((a) => found.constants.has(a));
  if (dynamic !== m.dynamicProperties) problems.push(`${type}: manifest says dynamicProperties=${m.dynamicProperties}, class says ${dynamic}`);
  return problems;
}

export interface Manifest {
  readonly nifiVersion: string;
  readonly nars: Record<string, string[]>;
  readonly extensions: Record<string, ManifestEntry>;
}

export const MANIFEST = manifestJson as Manifest;

export function loadCatalog(repo: string = mavenRepo(), manifest: Manifest = MANIFEST): Catalog {
  const version = manifest.nifiVersion;
  const nars = manifest.nars;
  const archives = new Map<string, ReturnType<typeof openArchives>>();
  const entries = new Map<string, CatalogEntry>();
  const problems: string[] = [];
  for (const [type, m] of Object.entries(manifest.extensions)) {
    if (!archives.has(m.nar)) archives.set(m.nar, openArchives(repo, m.nar, nars[m.nar] ?? [], version));
    const a = archives.get(m.nar)!;
    if (a.evidence !== "declared") problems.push(...checkAgainstArtifact(type, m, a.jars, a.source));
    entries.set(type, { ...m, type, evidence: a.evidence, source: a.source });
  }
  return { version, entries, problems };
}
