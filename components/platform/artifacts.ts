/**
 * Artifacts the program deploys into containers (jobs package, DAGs, NiFi flows, config folders), each with a
 * content hash over file paths and bytes. Build output (__pycache__, *.pyc, caches) is ignored, so only a real
 * change of a job, DAG or flow changes the hash, the uploaded files and therefore only the containers mounting it.
 */
import type * as docker from "@pulumi/docker";
import * as fs from "node:fs";
import * as path from "node:path";
import { runtime } from "../../contracts";
import { sha256, shortHash } from "./hash";
import { moduleClosure } from "./pyimports";
import { buildZip, type ZipEntry } from "./zip";
import type { FileSpec, ImageBuildSpec } from "./service";

const IGNORED_DIRS = new Set(["__pycache__", ".pytest_cache", ".mypy_cache", ".ruff_cache", "node_modules", ".git"]);
const IGNORED_FILE = /(\.py[co]|~|\.swp)$|^\.DS_Store$/;

/** Relative paths (forward slashes) of the files under `root`, sorted; an absent folder has none. */
export function listFiles(root: string, accept: (rel: string) => boolean = () => true): string[] {
  if (!fs.existsSync(root)) return [];
  const out: string[] = [];
  const walk = (dir: string, rel: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const childRel = rel ? `${rel}/${entry.name}` : entry.name;
      if (entry.isDirectory()) {
        if (!IGNORED_DIRS.has(entry.name) && !entry.name.endsWith(".egg-info")) walk(path.join(dir, entry.name), childRel);
      } else if (entry.isFile() && !IGNORED_FILE.test(entry.name) && accept(childRel)) {
        out.push(childRel);
      }
    }
  };
  walk(root, "");
  return out.sort();
}

/** Hash of a folder's files (paths + bytes): the tag of images built from it. */
export function contextHash(root: string): string {
  const files = listFiles(root);
  return sha256(...files.flatMap((rel) => [rel, fs.readFileSync(path.join(root, rel))]));
}

export interface Artifact {
  /** Short content hash (12 hex chars). */
  readonly hash: string;
  /** Files to upload into the container that runs it. */
  readonly files: readonly FileSpec[];
}

function hashEntries(entries: readonly ZipEntry[]): string {
  return shortHash(sha256(...entries.flatMap((e) => [e.path, e.data])));
}

/** Where every container that runs jobs gets its jobs artifact. */
export const JOBS_DIR = "/opt/lakehouse/jobs";

/**
 * The jobs artifact: `lakehouse_jobs.zip` (the package plus `contracts/*.json` bundled as
 * `lakehouse_jobs/_contracts`, where `common/contracts.py` looks first) and the `run.py` entry point. Given entry
 * modules, the zip holds only the files they import (`moduleClosure`), so a container is replaced only when code it
 * runs changes; without, the whole package.
 */
export function jobsArtifact(repoRoot: string, mountDir: string, entryModules?: readonly string[]): Artifact {
  const { jobsPackage, jobsLauncher, jobsZip, bundledContracts } = runtime.artifacts;
  const pkgRoot = path.join(repoRoot, "jobs", jobsPackage);
  const contractsRoot = path.join(repoRoot, "contracts");
  const wanted = entryModules && fs.existsSync(pkgRoot) ? new Set(moduleClosure(pkgRoot, jobsPackage, entryModules)) : undefined;
  const entries: ZipEntry[] = [
    ...listFiles(pkgRoot, (rel) => wanted?.has(rel) ?? true).map((rel) => ({ path: `${jobsPackage}/${rel}`, data: fs.readFileSync(path.join(pkgRoot, rel)) })),
    ...listFiles(contractsRoot, (rel) => rel.endsWith(".json")).map((rel) => ({
      path: `${jobsPackage}/${bundledContracts}/${rel}`,
      data: fs.readFileSync(path.join(contractsRoot, rel)),
    })),
  ];
  if (entries.length === 0) throw new Error(`jobs artifact: no files under ${pkgRoot}`);
  const runPy = path.join(repoRoot, "jobs", jobsLauncher);
  const runEntry = fs.existsSync(runPy) ? [{ path: jobsLauncher, data: fs.readFileSync(runPy) }] : [];
  const zip = buildZip(entries);
  return {
    hash: hashEntries([...entries, ...runEntry]),
    files: [
      { path: `${mountDir}/${jobsZip}`, content: zip.toString("base64"), encoding: "base64", mode: 0o644 },
      ...runEntry.map((e) => ({ path: `${mountDir}/${e.path}`, content: e.data.toString("utf8"), mode: 0o644 })),
    ],
  };
}

/** A folder of text files (DAGs, NiFi flows, dashboards) uploaded file by file under `mountDir`. */
export function folderArtifact(root: string, mountDir: string, accept?: (rel: string) => boolean): Artifact {
  const entries = listFiles(root, accept).map((rel) => ({ path: rel, data: fs.readFileSync(path.join(root, rel)) }));
  return {
    hash: hashEntries(entries),
    files: entries.map((e) => ({ path: `${mountDir}/${e.path}`, content: e.data.toString("utf8"), mode: 0o644 })),
  };
}

/**
 * The DAGs artifact: `dags/` as the dag-processor needs it. DAG files and their support package (`isDagFile`), `.airflowignore`
 * (keeps the support package out of DAG discovery) and `contracts/*.json` bundled as `lakehouse_dags/_contracts`,
 * where `dags/lakehouse_dags/contracts.py` looks first; never the DAG tests or the Airflow pins.
 */
export function dagsArtifact(
  repoRoot: string,
  mountDir: string,
  isDagFile: (rel: string) => boolean = (rel) => rel.endsWith(".py") && !rel.startsWith("tests/"),
): Artifact {
  const dagsRoot = path.join(repoRoot, "dags");
  const contractsRoot = path.join(repoRoot, "contracts");
  const deployed = (rel: string) => isDagFile(rel) || rel === ".airflowignore";
  const entries: ZipEntry[] = [
    ...listFiles(dagsRoot, deployed).map((rel) => ({ path: rel, data: fs.readFileSync(path.join(dagsRoot, rel)) })),
    ...listFiles(contractsRoot, (rel) => rel.endsWith(".json")).map((rel) => ({
      path: `${runtime.artifacts.dagsPackage}/${runtime.artifacts.bundledContracts}/${rel}`,
      data: fs.readFileSync(path.join(contractsRoot, rel)),
    })),
  ];
  if (!entries.some((e) => !e.path.includes("/") && e.path.endsWith(".py"))) throw new Error(`dags artifact: no DAG files under ${dagsRoot}`);
  return {
    hash: hashEntries(entries),
    files: entries.map((e) => ({ path: `${mountDir}/${e.path}`, content: e.data.toString("utf8"), mode: 0o644 })),
  };
}

/** The repository root (this file lives in `components/platform/`). */
export const REPO_ROOT = path.resolve(__dirname, "..", "..");

/**
 * The image a build spec produces, as both platforms build it: the tag follows the build context, the build args and
 * the target stage, so a changed Dockerfile, pin or stage rebuilds and redeploys (Docker and Kubernetes pull the same).
 */
export function imageBuild(repository: string, spec: ImageBuildSpec, platform: string): { imageName: string; build: docker.types.input.DockerBuild } {
  const tag = shortHash(sha256(contextHash(path.join(REPO_ROOT, spec.context)), JSON.stringify(spec.args ?? {}), ...(spec.target ? [spec.target] : [])));
  return {
    imageName: `${repository}/${spec.name}:${tag}`,
    build: {
      context: spec.context,
      dockerfile: `${spec.context}/${spec.dockerfile}`,
      platform,
      args: spec.args ? { ...spec.args } : undefined,
      ...(spec.target ? { target: spec.target } : {}),
    },
  };
}
