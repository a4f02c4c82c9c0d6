/** notebooks/ as committed (no outputs) and the plan of `lakehouse notebook`. */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { runtime } from "../../contracts";
import { committedNotebookProblems, jupyterPlan, listNotebooks, METASTORE_DIR, NOTEBOOKS_DIR } from "../../cli/notebook/notebooks";

const ROOT = path.resolve(__dirname, "..", "..");
const TOKEN = "a".repeat(48);

describe("committed notebooks", () => {
  const files = listNotebooks(path.join(ROOT, NOTEBOOKS_DIR));

  it("are the exploration and the three model evaluations", () => {
    expect(files.map((f) => path.basename(f))).toEqual(["01_silver_exploration.ipynb", "02_late_delivery.ipynb", "03_repeat_purchase.ipynb", "04_recommendations.ipynb"]);
  });

  it.each(files.map((f) => [path.basename(f), f]))("%s carries no outputs", (name, file) => {
    expect(committedNotebookProblems(fs.readFileSync(file, "utf8"), name)).toEqual([]);
  });

  it("the check names a cell with outputs or an execution count (it can fail)", () => {
    const executed = JSON.stringify({
      cells: [
        { cell_type: "markdown", source: [] },
        { cell_type: "code", id: "c1", execution_count: 3, outputs: [{ output_type: "stream", text: "x" }] },
      ],
    });
    expect(committedNotebookProblems(executed, "n.ipynb")).toEqual([
      "n.ipynb cell c1 has outputs (clear them: .venv/bin/jupyter nbconvert --clear-output --inplace n.ipynb)",
      "n.ipynb cell c1 has an execution count",
    ]);
    expect(committedNotebookProblems("{}", "x.ipynb")).toEqual(['x.ipynb: not a notebook (no "cells" list)']);
  });
});

describe("jupyterPlan", () => {
  const warehouse = fs.mkdtempSync(path.join(os.tmpdir(), "nb-plan-"));
  fs.mkdirSync(path.join(warehouse, METASTORE_DIR));
  const plan = jupyterPlan({ repoRoot: ROOT, warehouse, port: 18123, token: TOKEN, runtimeDir: "/tmp/rt", master: "local[2]" });

  it("serves the notebooks on loopback at exactly the chosen port, token only in the environment and the URL", () => {
    expect(plan.args).toEqual([
      "lab",
      "--no-browser",
      "--ServerApp.ip=127.0.0.1",
      "--ServerApp.port=18123",
      "--ServerApp.port_retries=0",
      `--ServerApp.root_dir=${path.join(ROOT, NOTEBOOKS_DIR)}`,
    ]);
    expect(plan.args.join(" ")).not.toContain(TOKEN);
    expect(plan.env.JUPYTER_TOKEN).toBe(TOKEN);
    expect(plan.url).toBe(`http://127.0.0.1:18123/lab?token=${TOKEN}`);
  });

  it("allows root only when asked (Jupyter refuses root otherwise; CI runs as root)", () => {
    expect(plan.args).not.toContain("--allow-root");
    const root = jupyterPlan({ repoRoot: ROOT, warehouse, port: 18123, token: TOKEN, runtimeDir: "/tmp/rt", master: "local[2]", asRoot: true });
    expect(root.args[root.args.length - 1]).toBe("--allow-root");
  });

  it("points the kernels at the local warehouse and its embedded metastore through the jobs' variables", () => {
    expect(plan.env[runtime.env.warehouse]).toBe(warehouse);
    expect(plan.env[runtime.env.metastoreUri]).toBe("");
    expect(plan.env[runtime.env.sparkMaster]).toBe("local[2]");
  });

  it("refuses a warehouse without a metastore and a weak token", () => {
    const empty = fs.mkdtempSync(path.join(os.tmpdir(), "nb-empty-"));
    expect(() => jupyterPlan({ repoRoot: ROOT, warehouse: empty, port: 1, token: TOKEN, runtimeDir: "/tmp", master: "local[2]" })).toThrow(
      `no local lakehouse warehouse in ${empty} (no ${METASTORE_DIR}): build one with 'lakehouse local up' or 'lakehouse batch run', or pass --warehouse`,
    );
    expect(() => jupyterPlan({ repoRoot: ROOT, warehouse, port: 1, token: "short", runtimeDir: "/tmp", master: "local[2]" })).toThrow(
      "the notebook token must be at least 32 letters or digits",
    );
  });
});
