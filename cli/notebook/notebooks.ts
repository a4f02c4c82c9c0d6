/**
 * The notebooks in notebooks/ and the plan of `lakehouse notebook`: JupyterLab from the repository's virtualenv over
 * those notebooks, its kernels on the embedded local mode's warehouse and Derby metastore (the same `LAKEHOUSE_*`
 * variables every job reads), on loopback, with a generated token.
 */
import * as fs from "fs";
import * as path from "path";
import { runtime } from "../../contracts";

export const NOTEBOOKS_DIR = "notebooks";

/** Folder under the warehouse root that holds the embedded Derby metastore (jobs/lakehouse_jobs/common/session.py). */
export const METASTORE_DIR = "_metastore_db";

/** Notebook files (`*.ipynb`) of a folder, sorted. */
export function listNotebooks(dir: string): string[] {
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith(".ipynb"))
    .sort()
    .map((f) => path.join(dir, f));
}

interface Cell {
  readonly cell_type: string;
  readonly id?: string;
  readonly outputs?: readonly unknown[];
  readonly execution_count?: number | null;
}

/** What a notebook must not carry when committed: outputs and execution counts (each named by cell). */
export function committedNotebookProblems(text: string, name: string): string[] {
  const doc = JSON.parse(text) as { cells?: readonly Cell[] };
  if (!Array.isArray(doc.cells)) return [`${name}: not a notebook (no "cells" list)`];
  return doc.cells.flatMap((cell, i) => {
    if (cell.cell_type !== "code") return [];
    const where = `${name} cell ${cell.id ?? i}`;
    const problems: string[] = [];
    if ((cell.outputs ?? []).length > 0) problems.push(`${where} has outputs (clear them: .venv/bin/jupyter nbconvert --clear-output --inplace ${name})`);
    if (cell.execution_count != null) problems.push(`${where} has an execution count`);
    return problems;
  });
}

export interface JupyterPlan {
  readonly command: string;
  readonly args: readonly string[];
  readonly env: Readonly<Record<string, string>>;
  readonly url: string;
}

/**
 * The JupyterLab process: loopback only, no browser, exactly this port, the token from the environment (never on
 * the command line, where `ps` shows it). Jupyter masks a token it did not generate in its own log lines.
 */
export function jupyterPlan(a: {
  repoRoot: string;
  warehouse: string;
  port: number;
  token: string;
  runtimeDir: string;
  master: string;
  /** Run as root (CI and containers run as root; Jupyter refuses root without --allow-root). */
  asRoot?: boolean;
}): JupyterPlan {
  const warehouse = path.resolve(a.warehouse);
  if (!fs.existsSync(path.join(warehouse, METASTORE_DIR))) {
    throw new Error(
      `no local lakehouse warehouse in ${warehouse} (no ${METASTORE_DIR}): build one with 'lakehouse local up' or 'lakehouse batch run', or pass --warehouse`,
    );
  }
  if (!/^[A-Za-z0-9]{32,}$/.test(a.token)) throw new Error("the notebook token must be at least 32 letters or digits");
  return {
    command: path.join(a.repoRoot, ".venv", "bin", "jupyter"),
    args: [
      "lab",
      "--no-browser",
      "--ServerApp.ip=127.0.0.1",
      `--ServerApp.port=${a.port}`,
      "--ServerApp.port_retries=0",
      `--ServerApp.root_dir=${path.join(a.repoRoot, NOTEBOOKS_DIR)}`,
      ...(a.asRoot ? ["--allow-root"] : []),
    ],
    env: {
      JUPYTER_TOKEN: a.token,
      JUPYTER_RUNTIME_DIR: a.runtimeDir,
      [runtime.env.warehouse]: warehouse,
      [runtime.env.sparkMaster]: a.master,
      [runtime.env.metastoreUri]: "",
      SPARK_LOCAL_IP: "127.0.0.1",
      PYSPARK_PYTHON: path.join(a.repoRoot, ".venv", "bin", "python"),
    },
    url: `http://127.0.0.1:${a.port}/lab?token=${a.token}`,
  };
}
