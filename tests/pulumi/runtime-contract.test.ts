/**
 * Producer meets consumer: the dev stack rendered under mocks, and what each container receives handed to the real
 * code that reads it. The Airflow scheduler's environment goes to `deployment_from_env` of the DAGs as deployed in
 * that container; the job paths it yields are run (the launcher and zip it names really import every job the DAGs
 * submit). Every log file a container writes reaches Filebeat's inputs through a shared volume.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as yaml from "js-yaml";
import { MockHarness, envOf, uploadsOf, type RecordedResource } from "./harness";
import { filebeatMatches } from "./filebeat-glob";
import { deployProgram } from "./program";
import { AIRFLOW_PYTHON, JOBS_PYTHON, materialize, requirePython, runPythonJson } from "./deployed";
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

/** Every log file a container writes: `-Dlakehouse.log.file=` of JVMs, and Airflow's task logs (rendered by Airflow). */
function logFilesOf(c: RecordedResource): string[] {
  const text = [...Object.values(envOf(c)), ...((c.inputs.command as string[] | undefined) ?? [])].join(" ");
  return [...text.matchAll(/-Dlakehouse\.log\.file=(\S+)/g)].map((m) => m[1]);
}

function volumesOf(c: RecordedResource): { volumeName: string; containerPath: string }[] {
  return (c.inputs.volumes as { volumeName: string; containerPath: string }[] | undefined) ?? [];
}

/** The same file as another container sees it, through a volume both mount; undefined when none is shared. */
function throughSharedVolume(file: string, producer: RecordedResource, reader: RecordedResource): string | undefined {
  for (const v of volumesOf(producer)) {
    if (!file.startsWith(`${v.containerPath}/`)) continue;
    const theirs = volumesOf(reader).find((r) => r.volumeName === v.volumeName);
    if (theirs) return `${theirs.containerPath}${file.slice(v.containerPath.length)}`;
  }
  return undefined;
}

// Airflow's own configuration, given the scheduler's environment, names where a task attempt logs.
const AIRFLOW_TASK_LOG = `
import json, os, jinja2
from airflow.configuration import conf
ti = {"dag_id": "ecom_silver_to_gold", "run_id": "scheduled__2026-01-01T00:00:00+00:00", "task_id": "build_gold_ecom", "map_index": -1, "try_number": 1}
rel = jinja2.Template(conf.get("logging", "log_filename_template")).render(ti=ti, try_number=1)
print(json.dumps(os.path.join(conf.get("logging", "base_log_folder"), rel)))
`;

describe("every log producer writes where Filebeat reads", () => {
  const filebeat = () => h.container("filebeat");
  const globs = () => {
    const config = yaml.load(uploadsOf(filebeat())["/usr/share/filebeat/filebeat.yml"]) as { "filebeat.inputs": { paths: string[] }[] };
    return config["filebeat.inputs"].flatMap((i) => i.paths);
  };
  const shipped = (file: string, producer: RecordedResource) => {
    const seen = throughSharedVolume(file, producer, filebeat());
    return seen !== undefined && globs().some((g) => filebeatMatches(g, seen));
  };

  it("ships the Spark daemons' and the streaming drivers' JSON logs", () => {
    const producers = h.containers().filter((c) => logFilesOf(c).length > 0);
    expect(producers.map((c) => c.name).sort()).toEqual(["spark-master", "spark-worker-1", "streaming-accesslog", "streaming-clickstream"]);
    for (const c of producers) for (const file of logFilesOf(c)) expect([c.name, file, shipped(file, c)]).toEqual([c.name, file, true]);
  });

  it("ships the Airflow task logs, where the failure alerts are written (tasks run in the scheduler)", () => {
    const scheduler = h.container("airflow-scheduler");
    const home = fs.mkdtempSync(path.join(os.tmpdir(), "airflow-home-"));
    roots.push(home);
    const airflowEnv = Object.fromEntries(Object.entries(envOf(scheduler)).filter(([k]) => k.startsWith("AIRFLOW__LOGGING__")));
    const file = runPythonJson<string>(requirePython(AIRFLOW_PYTHON, "scripts/setup.d/40-airflow.sh"), AIRFLOW_TASK_LOG, [], { ...airflowEnv, AIRFLOW_HOME: home });
    expect(file).toMatch(/task_id=build_gold_ecom\/attempt=1\.log$/);
    expect(shipped(file, scheduler)).toBe(true);
  });
});

// The driver's own command, parsed by the jobs' parser imported from the zip the driver container received.
// The launcher runs the module's main() (asked for --help, so it stops after parsing).
const DRIVER = `
import contextlib, importlib.util, io, json, sys
launcher, zip_path, module, args = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4:]
sys.path.insert(0, zip_path)
from lakehouse_jobs.streaming import options
settings, opts = options.parse(module, args)
spec = importlib.util.spec_from_file_location("lakehouse_run", launcher)
run = importlib.util.module_from_spec(spec); spec.loader.exec_module(run)
with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
    try:
        code = run.main([module, *args, "--help"])
    except SystemExit as e:
        code = e.code
import lakehouse_jobs
print(json.dumps({"jobs_from": lakehouse_jobs.__file__[len(zip_path):], "master": settings.master,
  "kafka": opts.kafka_bootstrap, "checkpoint": opts.checkpoint_root, "launcher_exit": code}))
`;

describe("each streaming driver runs its job from the artifact it received", () => {
  it.each(["clickstream", "accesslog"] as const)("%s: the launcher starts the module from the driver's own zip, and the job's parser accepts the rendered arguments", (job) => {
    const driver = h.container(`streaming-${job}`);
    const root = materialize(driver);
    roots.push(root);
    const command = driver.inputs.command as string[];
    const launcher = command.findIndex((a) => a.endsWith(`/${runtime.artifacts.jobsLauncher}`));
    const zip = command[command.indexOf("--py-files") + 1];
    const module = command[launcher + 1];
    const out = runPythonJson<Record<string, unknown>>(JOBS_PYTHON, DRIVER, [path.join(root, command[launcher]), path.join(root, zip), module, ...command.slice(launcher + 2)], {
      [runtime.env.cassandraPassword]: "from-env",
    });
    expect(module).toBe(runtime.jobModules[job === "clickstream" ? "streamingClickstream" : "streamingAccesslog"]);
    expect(out).toEqual({ jobs_from: `/${runtime.artifacts.jobsPackage}/__init__.py`, master: "spark://spark-master:7077", kafka: "kafka:9092", checkpoint: `hdfs://namenode:9000/lakehouse/_checkpoints/${job}`, launcher_exit: 0 });
  });
});
