/**
 * Producer meets consumer: the dev stack rendered under mocks, and what each container receives handed to the real
 * code that reads it. The Airflow scheduler's environment goes to `deployment_from_env` of the DAGs as deployed in
 * that container; the job paths it yields are run (the launcher and zip it names really import every job the DAGs
 * submit).
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { MockHarness, envOf } from "./harness";
import { deployProgram } from "./program";
import { JOBS_PYTHON, materialize, requirePython, runPythonJson } from "./deployed";
import { runtime } from "../../contracts";
import { AIRFLOW_HOME } from "../../components/batch/plan-airflow";

const h = new MockHarness({ stack: "dev" });
const roots: string[] = [];

beforeAll(async () => {
  requirePython(JOBS_PYTHON, "scripts/setup.d/10-python.sh");
  await deployProgram(h);
}, 120_000);
afterAll(() => roots.forEach((r) => fs.rmSync(r, { recursive: true, force: true })));

const SCHEDULER = `
import contextlib, importlib.util, io, json, os, sys
root, env_file = sys.argv[1], sys.argv[2]
sys.path.insert(0, root + os.environ["DAGS_DIR"])
from lakehouse_dags import contracts, jobs
env = json.load(open(env_file))
d = jobs.deployment_from_env(env)
local = lambda p: os.path.join(root, p.lstrip("/"))
out = {"application": d.application, "py_files": d.py_files, "warehouse": d.warehouse,
       "exists": [os.path.isfile(local(d.application)), os.path.isfile(local(d.py_files))],
       "contracts_from": contracts.__file__.replace(root, ""), "help": {}}
conn = json.loads(env[contracts.load("runtime")["airflow"]["connectionEnvPrefix"] + contracts.airflow_connection("spark").upper()])
out["master"] = jobs.spark_master(conn["conn_type"], conn["host"], conn.get("port"))
sys.path.insert(0, local(d.py_files))
spec = importlib.util.spec_from_file_location("lakehouse_run", local(d.application))
run = importlib.util.module_from_spec(spec); spec.loader.exec_module(run)
for key in contracts.load("runtime")["airflowJobModules"]:
    module = contracts.job_module(key)
    argv = jobs.job_command(module, "2026-01-01", [], d, out["master"])
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
        try:
            code = run.main([*argv, "--help"])
        except SystemExit as e:
            code = e.code
    out["help"][module] = code
import lakehouse_jobs
out["jobs_from"] = lakehouse_jobs.__file__.replace(root, "")
print(json.dumps(out))
`;

describe("the Airflow scheduler's environment, read by the DAGs it runs", () => {
  it("names the deployed launcher and zip, and every job the DAGs submit imports from them", () => {
    const scheduler = h.container("airflow-scheduler");
    const root = materialize(scheduler);
    roots.push(root);
    const envFile = path.join(root, "env.json");
    fs.writeFileSync(envFile, JSON.stringify(envOf(scheduler)));
    const out = runPythonJson<{
      application: string; py_files: string; warehouse: string; exists: boolean[]; master: string;
      contracts_from: string; jobs_from: string; help: Record<string, number>;
    }>(JOBS_PYTHON, SCHEDULER, [root, envFile], { DAGS_DIR: `${AIRFLOW_HOME}/dags` });
    expect(out.exists).toEqual([true, true]);
    expect(out.warehouse).toBe("hdfs://namenode:9000/lakehouse");
    expect(out.master).toBe("spark://spark-master:7077");
    // The DAGs read the contracts bundled into their artifact, the jobs come from the deployed zip.
    expect(out.contracts_from).toBe(`${AIRFLOW_HOME}/dags/${runtime.artifacts.dagsPackage}/contracts.py`);
    expect(out.jobs_from).toBe(`${out.py_files}/${runtime.artifacts.jobsPackage}/__init__.py`);
    const modules = runtime.airflowJobModules.map((k) => runtime.jobModules[k]);
    expect(out.help).toEqual(Object.fromEntries(modules.map((m) => [m, 0])));
  });
});
