/**
 * Smoke tests of the stand-in images (deploy/images, built by scripts/engines/docker/standin-images.sh): each
 * service of the `batch` profile runs from the program's own plan (image, command, environment, files, volumes,
 * healthcheck) with the `dev` stack's config and deploy/images/overrides.json as its `lakehouse:images`, and becomes
 * healthy; the program's three Dockerfiles are built on the stand-ins (the Spark one with both its targets: the
 * cluster image and JupyterLab). One service at a time where possible, to stay
 * within the shared machine's memory; containers, volumes and the network are removed at the end.
 */
import * as fs from "fs";
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import { services } from "../../contracts";
import { airflowImageBuild, hiveImageBuild, jupyterImageBuild, sparkImageBuild } from "../../components/images";
import { jupyterUploads } from "../../components/datascience/dataScience";
import { jupyterSpec } from "../../components/datascience/plan";
import { REPO_ROOT, dagsArtifact, jobsArtifact } from "../../components/platform/artifacts";
import { postgresSpec } from "../../components/shared/recipes";
import { sourceDbSpec, sparkMasterSpec, sparkWorkerSpec, SOURCE_DB_USER, masterUrl } from "../../components/batch/plan-spark";
import { AIRFLOW_SERVICES, airflowInitSpec, airflowProcessSpecs, type AirflowPlanArgs } from "../../components/batch/plan-airflow";
import { isDagFile } from "../../components/batch/batchLayer";
import { logsInitJobSpec } from "../../components/streaming/jobs";
import { thriftHttpPath } from "../../plans/endpoints";
import {
  METASTORE_DB,
  datanodeSpec,
  hdfsAddresses,
  hdfsInitSpec,
  hiveMetastoreSpec,
  metastoreUriOf,
  namenodeSpec,
  sparkThriftSpec,
  type StoragePlanArgs,
} from "../../components/storage/plan";
import { dockerReplicaName, probeTest, replicaSpec, type ImageBuildSpec, type ServiceSpec } from "../../components/platform/service";
import { parseConfig, type LakehouseConfig } from "../../stacks/schema";
import { SmokeEngine, resolved, startEngine } from "./smoke-engine";

jest.setTimeout(900_000);

const overrides = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, "deploy/images/overrides.json"), "utf8")) as Record<string, string>;
const config: LakehouseConfig = parseConfig({ images: overrides }, "dev");
/** Test-only secrets: generated per run, never written anywhere but the containers' environment. */
const secret = () => `pw${Math.random().toString(36).slice(2)}${Date.now().toString(36)}`;

let engine: SmokeEngine;

/**
 * Builds one of the program's images (its own build spec, on the stand-in bases) and returns its tag. The tag is
 * the same on every run and the image stays: the engine's build cache makes the next run's build quick.
 */
function buildProgramImage(spec: ImageBuildSpec): string {
  const tag = `lakehouse-smoke/${spec.name}:standins`;
  engine.build(tag, spec.context, spec.dockerfile, spec.args ?? {}, spec.target);
  return tag;
}

async function startHealthy(spec: ServiceSpec): Promise<void> {
  await engine.start(spec);
  await engine.waitHealthy(spec);
}

async function runJob(spec: ServiceSpec): Promise<void> {
  await engine.start(spec);
  const code = engine.waitExit(spec.name);
  if (code !== 0) throw new Error(`${spec.name} exited ${code}:\n${engine.logs(spec.name)}`);
}

const storageArgs: StoragePlanArgs = {
  images: config.images,
  datanodes: 1,
  memoryMb: config.memoryMb,
  published: {},
  bindAddress: "127.0.0.1",
};
const addresses = hdfsAddresses(services.namenode.name);

beforeAll(() => {
  engine = new SmokeEngine(startEngine(), `imgsmoke-${process.pid}`);
  for (const [key, tag] of Object.entries(overrides)) {
    // Fails here, with the command to run, rather than as a pull error deep in a test.
    try {
      engine.docker(["image", "inspect", tag]);
    } catch {
      throw new Error(`stand-in ${key} (${tag}) is not built: run scripts/engines/docker/standin-images.sh`);
    }
  }
});

afterAll(() => engine?.close());

test("postgres: the source DB starts with its password and runs the program's init scripts once", async () => {
  const password = secret();
  const spec = sourceDbSpec({ image: config.images.postgres, memoryMb: config.memoryMb.sourceDb, password, sqlDir: path.join(REPO_ROOT, "sql") });
  await startHealthy(spec);
  const psql = (pw: string, sql: string) =>
    engine.exec(spec.name, ["psql", "-h", "127.0.0.1", "-U", SOURCE_DB_USER, "-d", "postgres", "-tAc", sql], { PGPASSWORD: pw });
  const dbs = psql(password, "SELECT datname FROM pg_database WHERE datname IN ('ecom', 'marketing') ORDER BY 1");
  expect([dbs.status, dbs.stdout.trim().split("\n")]).toEqual([0, ["ecom", "marketing"]]);
  expect(psql("not-the-password", "SELECT 1").stderr).toMatch(/password authentication failed/);
  // Recreated on the same volume: the data stays and the init scripts do not run again.
  engine.remove(spec.name);
  await startHealthy(spec);
  expect(engine.logs(spec.name)).not.toMatch(/running \/docker-entrypoint-initdb\.d/);
  expect(psql(password, "SELECT count(*) FROM pg_database WHERE datname = 'ecom'").stdout.trim()).toBe("1");
  engine.remove(spec.name);
});

test("hadoop: namenode and a datanode become healthy and the hdfs-init job lays out the warehouse", async () => {
  const nn = namenodeSpec(storageArgs, addresses.hdfsUri);
  await startHealthy(nn);
  const dn = replicaSpec(datanodeSpec(storageArgs, addresses.hdfsUri, engine.deployed(nn.name)), dockerReplicaName("datanode", 0));
  await startHealthy(dn);
  await runJob(hdfsInitSpec(storageArgs, addresses.hdfsUri, engine.deployed(dn.name)));
  const ls = engine.exec(nn.name, ["hdfs", "dfs", "-stat", "%u %F", await resolved(addresses.warehouseRoot)]);
  expect([ls.status, ls.stdout.trim()]).toEqual([0, "spark directory"]);
});

let metastoreUri = "";
test("hive: the program's metastore image, built on the stand-in, initializes its schema in PostgreSQL and listens", async () => {
  const password = secret();
  const db = postgresSpec({
    name: services.metastoreDb.name,
    layer: "storage",
    image: config.images.postgres,
    database: METASTORE_DB.database,
    user: METASTORE_DB.user,
    password,
    memoryMb: config.memoryMb.metastoreDb,
  });
  await startHealthy(db);
  const build = hiveImageBuild(config.images);
  // Negative control: a jar that does not match its pinned checksum fails the build.
  const tampered = { ...build.args, POSTGRES_JDBC_SHA256: "0".repeat(64) };
  expect(() => engine.build(`lakehouse-smoke/tampered:${process.pid}`, build.context, build.dockerfile, tampered)).toThrow(/FAILED|did NOT match/);
  const image = buildProgramImage(build);
  const hms = hiveMetastoreSpec(storageArgs, image, addresses, { host: db.name, password }, []);
  await startHealthy(hms);
  const tables = engine.exec(db.name, ["psql", "-U", METASTORE_DB.user, "-d", METASTORE_DB.database, "-tAc", `SELECT count(*) FROM "DBS"`]);
  expect([tables.status, Number(tables.stdout.trim()) >= 1]).toEqual([0, true]);
  metastoreUri = await resolved(metastoreUriOf(hms.name));
});

let sparkImage = "";
let logsInitName = "";
test("spark: the lakehouse image, built on the stand-ins, runs the master, a worker and the Thrift Server", async () => {
  sparkImage = buildProgramImage(sparkImageBuild(config.images));
  const logsInit = logsInitJobSpec(sparkImage, config.memoryMb.initJob);
  await runJob(logsInit);
  logsInitName = logsInit.name;
  const cluster = {
    image: sparkImage,
    workers: 1,
    workerCores: 1,
    memoryMb: config.memoryMb,
    published: {},
    bindAddress: "127.0.0.1",
  };
  const master = sparkMasterSpec(cluster, engine.deployed(logsInit.name));
  await startHealthy(master);
  const worker = replicaSpec(sparkWorkerSpec(cluster, engine.deployed(master.name)), dockerReplicaName("spark-worker", 0));
  await startHealthy(worker);
  // A healthy worker may not have registered with the master yet (seen under load): poll the master for up to 2 min.
  const aliveWorkers = () =>
    engine.exec(master.name, ["python3", "-c", `import urllib.request,json; print(json.load(urllib.request.urlopen('http://127.0.0.1:${services.sparkMaster.ports.ui}/json/'))['aliveworkers'])`]).stdout.trim();
  let alive = aliveWorkers();
  for (let i = 0; i < 40 && alive !== "1"; i++) {
    await new Promise((r) => setTimeout(r, 3000));
    alive = aliveWorkers();
  }
  expect(alive).toBe("1");
  engine.remove(worker.name);
  engine.remove(master.name);

  const wiring = { ...addresses, metastoreUri: metastoreUri || (await resolved(metastoreUriOf(services.hiveMetastore.name))) };
  const thrift = sparkThriftSpec(storageArgs, sparkImage, wiring, []);
  await startHealthy(thrift);
  const url = `jdbc:hive2://127.0.0.1:${services.sparkThrift.ports.http}/default;transportMode=http;httpPath=${thriftHttpPath()}`;
  const sql = "CREATE DATABASE IF NOT EXISTS smoke; SHOW DATABASES;";
  const beeline = engine.exec(thrift.name, ["/opt/spark/bin/beeline", "-u", url, "--silent=true", "--outputformat=csv2", "-e", sql]);
  expect([beeline.status, beeline.stdout.split("\n").map((l) => l.trim())]).toEqual([0, expect.arrayContaining(["default", "smoke"])]);
  engine.remove(thrift.name);
});

test("jupyter: JupyterLab, built on the lakehouse image, answers its API only with its token; a kernel reads Gold through the metastore", async () => {
  const image = buildProgramImage(jupyterImageBuild(config.images));
  const token = secret();
  const spec = jupyterSpec({
    image,
    memoryMb: config.memoryMb.jupyter,
    bindAddress: "127.0.0.1",
    token: pulumi.output(token),
    // The Spark master was stopped after its test (memory): the kernel's driver runs in local mode, against the
    // deployed storage and catalog (HDFS, the Hive metastore).
    wiring: { ...addresses, metastoreUri, master: "local[1]" },
    ...jupyterUploads(REPO_ROOT),
    coresMax: 1,
    dependsOn: [],
  });
  await startHealthy(spec);
  // Two kernels, each started through the API and run over its websocket: the first publishes a Gold table the way
  // the jobs do (tables.publish: files on HDFS, the table in the Hive metastore), the second (a new Spark driver)
  // reads it back through the metastore. Both begin as the notebooks do (lakehouse_jobs.notebook.session(), from the
  // uploaded jobs zip).
  const probe = (cell: string) => {
    const r = engine.exec(spec.name, ["python3", "-c", fs.readFileSync(path.join(__dirname, "jupyter_probe.py"), "utf8"), String(services.jupyter.ports.http), cell]);
    expect([r.status, r.stderr.slice(-3000)]).toEqual([0, expect.anything()]);
    expect([r.stdout.includes(token), r.stderr.includes(token)]).toEqual([false, false]);
    return JSON.parse(r.stdout.trim().split("\n").pop()!) as Record<string, unknown>;
  };
  const start = ["import json", "from lakehouse_jobs.common import layout, tables", "from lakehouse_jobs.notebook import session", "spark, settings = session('smoke')"];
  const write = probe(
    [
      ...start,
      "df = spark.createDataFrame([('o1', 2), ('o2', 1)], 'order_id string, items int')",
      "tables.publish(spark, df, layout.gold_db(), 'smoke_jupyter', layout.gold_root(settings, 'smoke_jupyter'), '2026-01-01')",
      "print('published')",
    ].join("\n"),
  );
  expect(write).toEqual({ no_token: 403, wrong_token: 403, token: 200, reply: "ok", error: null, stdout: "published\n" });
  const read = probe(
    [
      ...start,
      "rows = [list(r) for r in spark.table(f'{layout.gold_db()}.smoke_jupyter').orderBy('order_id').collect()]",
      "print(json.dumps({'metastore': settings.metastore_uri, 'rows': rows}))",
    ].join("\n"),
  );
  expect(read).toEqual({ no_token: 403, wrong_token: 403, token: 200, reply: "ok", error: null, stdout: expect.any(String) });
  expect(JSON.parse(read.stdout as string)).toEqual({ metastore: metastoreUri, rows: [["o1", 2], ["o2", 1]] });
  // The token reaches the container only through its environment: not the server's log, not the probe's output, and
  // the image carries no token of its own (no JUPYTER_TOKEN in its config, nothing token-like in its history).
  const log = engine.logs(spec.name, "all");
  expect(log).toMatch(/Jupyter Server .* is running at/);
  expect(log.includes(token)).toBe(false);
  const config_ = JSON.parse(engine.docker(["image", "inspect", image])) as { Config: { Env: string[] } }[];
  expect(config_[0].Config.Env.filter((e) => /TOKEN|PASSWORD/i.test(e))).toEqual([]);
  expect(engine.docker(["history", "--no-trunc", "--format", "{{.CreatedBy}}", image])).not.toMatch(/JUPYTER_TOKEN|ServerApp\.token|IdentityProvider\.token/);
  engine.remove(spec.name);
});

test("airflow: the program's Airflow image, built on the stand-in, migrates its DB and serves the API", async () => {
  const password = secret();
  const db = postgresSpec({
    name: services.airflowDb.name,
    layer: "batch",
    image: config.images.postgres,
    database: "airflow",
    user: "airflow",
    password,
    memoryMb: config.memoryMb.airflowDb,
  });
  await startHealthy(db);
  const image = buildProgramImage(airflowImageBuild(config.images));
  const plan: AirflowPlanArgs = {
    image,
    memoryMb: config.memoryMb,
    published: {},
    bindAddress: "127.0.0.1",
    secrets: {
      dbPassword: password,
      fernetKey: Buffer.from(secret().padEnd(32, "x").slice(0, 32)).toString("base64url"),
      jwtSecret: secret(),
      apiSecretKey: secret(),
      adminPassword: secret(),
    },
    db: engine.deployed(db.name),
    logsInit: engine.deployed(logsInitName),
    dbUser: "airflow",
    dbName: "airflow",
    connections: {},
    wiring: { ...addresses, metastoreUri, master: masterUrl(engine.deployed(services.sparkMaster.name)) },
    jobCoresMax: 1,
    dags: dagsArtifact(REPO_ROOT, "/opt/airflow/dags", isDagFile),
    jobs: jobsArtifact(REPO_ROOT, "/opt/lakehouse/jobs"),
  };
  await runJob(airflowInitSpec(plan));
  const specs = airflowProcessSpecs(plan, engine.deployed("airflow-init"));
  const spec = (name: string) => specs.find((s) => s.name === name)!;
  const api = spec(services.airflowApi.name);
  await startHealthy(api);
  const version = engine.exec(api.name, ["airflow", "version"]);
  expect([version.status, version.stdout.trim()]).toEqual([0, overrides.airflow.split(":")[1].split("-")[0]]);

  // The dag-processor's and triggerer's healthchecks read their heartbeats from the api-server: failing while the
  // process has never run (the check run in the api-server's container, same image), passing once it runs.
  const processes = [spec(AIRFLOW_SERVICES.dagProcessor), spec(AIRFLOW_SERVICES.triggerer)];
  for (const p of processes) {
    const [, ...argv] = probeTest(p.healthcheck!);
    const before = engine.exec(api.name, argv);
    expect([before.status, before.stderr]).toEqual([1, expect.stringMatching(/^(dag_processor|triggerer): \{"status": null/)]);
  }
  await Promise.all(processes.map((p) => startHealthy(p)));
});
