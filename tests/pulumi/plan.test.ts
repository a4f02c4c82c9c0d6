/** Table-driven tests of the pure planning functions of the storage, batch and serving layers. */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { hdfsDaemonScript, hdfsInitScript, warehouseDirs } from "../../components/storage/plan";
import { sourceInitFiles, workerExecutorMemoryMb } from "../../components/batch/plan-spark";
import { AIRFLOW_SERVICES, airflowProcessSpecs, connectionEnv, schedulerParallelism, type AirflowPlanArgs } from "../../components/batch/plan-airflow";
import { heapMb } from "../../components/shared/spark";
import { escapeXml } from "../../components/shared/recipes";
import { versionOf } from "../../components/images";
import type { Artifact } from "../../components/platform/artifacts";
import { isDagFile } from "../../components/batch/batchLayer";
import { valueOf } from "./harness";
import { runtime, sourceDbConnectionId, storage } from "../../contracts";

describe("storage plan", () => {
  it("derives the warehouse layout from contracts/storage.json: every path and its parents, sorted", () => {
    const rel = [...Object.values(storage.layers), ...Object.values(storage.paths)];
    const expected = new Set(["/lakehouse"]);
    for (const r of rel) r.split("/").forEach((_, i, parts) => expected.add(`/lakehouse/${parts.slice(0, i + 1).join("/")}`));
    expect(warehouseDirs()).toEqual([...expected].sort());
    expect(warehouseDirs()).toEqual(expect.arrayContaining(["/lakehouse/bronze", "/lakehouse/silver/_quarantine", "/lakehouse/gold"]));
  });
  it("initialises HDFS idempotently and hands the layout to the Spark user", () => {
    const script = hdfsInitScript(["/lakehouse", "/lakehouse/bronze"]);
    expect(script).toContain("hdfs dfsadmin -safemode wait\n");
    expect(script).toContain("hdfs dfs -chown -R spark:spark /lakehouse /user/spark\n");
    expect(script).toContain("hdfs dfs -chmod 755 /lakehouse /lakehouse/bronze\n");
  });
  it.each([
    ["namenode", true],
    ["datanode", false],
  ] as const)("%s script formats only a new namenode and runs in the foreground", (role, formats) => {
    const script = hdfsDaemonScript(role);
    expect(script.includes("hdfs namenode -format")).toBe(formats);
    expect(script.trimEnd().endsWith(`exec hdfs ${role}`)).toBe(true);
  });
});

describe("sizing", () => {
  it.each([
    [1024, 768],
    [4096, 3072],
    [2000, 1500],
  ])("heapMb(%i) = %i", (limit, heap) => expect(heapMb(limit)).toBe(heap));
  it.each([
    [4096, 2867],
    [6144, 4505],
    [1280, 614],
  ])("workerExecutorMemoryMb(%i) = %i", (limit, mb) => expect(workerExecutorMemoryMb(limit)).toBe(mb));
  it("rejects a worker too small for any executor", () =>
    expect(() => workerExecutorMemoryMb(1024)).toThrow("spark worker memory limit 1024 MiB leaves 409 MiB for executors; set lakehouse:memoryMb.sparkWorker >= 1280"));
});

describe("DAG folder content", () => {
  it.each([
    ["ingest_to_bronze.py", true],
    ["lakehouse_dags/operator.py", true],
    ["tests/test_dag_integrity.py", false],
    ["requirements.txt", false],
    ["constraints.txt", false],
  ])("%s -> %s", (rel, deployed) => expect(isDagFile(rel)).toBe(deployed));
});

describe("source databases", () => {
  it("names the missing DDL file", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "lh-sql-"));
    fs.writeFileSync(path.join(dir, "ecom.sql"), "select 1;");
    expect(() => sourceInitFiles(dir)).toThrow(`source database "marketing": DDL file ${dir}/marketing.sql not found (expected sql/marketing.sql)`);
    fs.rmSync(dir, { recursive: true, force: true });
  });
});

describe("small helpers", () => {
  it.each([
    ["apache/airflow:3.1.3-python3.11", "3.1.3"],
    ["spark:4.1.1-scala2.13-java17-python3-ubuntu", "4.1.1"],
    ["localhost:5000/x:2.0", "2.0"],
  ])("versionOf(%s) = %s", (ref, v) => expect(versionOf(ref)).toBe(v));
  it("escapes XML values", () => expect(escapeXml(`a<b>&"c'`)).toBe("a&lt;b&gt;&amp;&quot;c&apos;"));
  it("marks connections with a password secret, others not", async () => {
    const [key, value] = connectionEnv(sourceDbConnectionId("ecom"), { conn_type: "postgres", host: "h", port: 5432, password: "p" });
    expect(key).toBe(`${runtime.airflow.connectionEnvPrefix}POSTGRES_ECOM`);
    await expect(pulumi.isSecret(value)).resolves.toBe(true);
    await expect(pulumi.isSecret(connectionEnv(runtime.airflow.connections.spark, { conn_type: "spark", host: "h", port: 1 })[1])).resolves.toBe(false);
    expect(JSON.parse(await valueOf(value))).toEqual({ conn_type: "postgres", host: "h", port: 5432, password: "p" });
  });
});

describe("Airflow plan: artifact changes redeploy only the containers that mount them; the scheduler's task slots", () => {
  const svc = { name: "x", host: pulumi.output("x"), resources: [] };
  const plan = (jobs: Artifact, dags: Artifact): AirflowPlanArgs => ({
    image: "lakehouse/airflow:abc",
    memoryMb: { airflowApi: 1024, airflowScheduler: 1024, airflowDagProcessor: 1024, airflowTriggerer: 512, initJob: 256 },
    published: {},
    bindAddress: "127.0.0.1",
    secrets: { dbPassword: "a", fernetKey: "b", jwtSecret: "c", apiSecretKey: "d", adminPassword: "e" },
    db: svc,
    dbUser: "airflow",
    dbName: "airflow",
    connections: {},
    wiring: { hdfsUri: "hdfs://n:9000", warehouseRoot: "hdfs://n:9000/l", metastoreUri: "thrift://m:9083", master: "spark://s:7077" },
    jobCoresMax: 1,
    jobs,
    dags,
    logsInit: svc,
  });
  const art = (hash: string, p: string): Artifact => ({ hash, files: [{ path: p, content: hash }] });
  const filesByService = (a: AirflowPlanArgs) =>
    Object.fromEntries(airflowProcessSpecs(a, svc).map((s) => [s.name, (s.files ?? []).map((f) => `${f.path}=${typeof f.content === "string" ? f.content : "?"}`)]));

  it.each([
    [1536, 1], // the floor: one driver at a time
    [1791, 1],
    [1792, 1],
    [3072, 2], // dev
    [3100, 2],
    [8192, 6],
  ])("a scheduler with %i MiB runs %i task(s) at once", (memoryMb, tasks) => {
    expect(schedulerParallelism(memoryMb)).toBe(tasks);
  });

  it("the scheduler's [core] parallelism follows its memory limit", () => {
    const a = plan(art("j1", "/jobs/x"), art("d1", "/dags/y"));
    const env = (mb: number) => airflowProcessSpecs({ ...a, memoryMb: { ...a.memoryMb, airflowScheduler: mb } }, svc).find((s) => s.name === AIRFLOW_SERVICES.scheduler)!.env!;
    expect([env(3072).AIRFLOW__CORE__PARALLELISM, env(8192).AIRFLOW__CORE__PARALLELISM]).toEqual(["2", "6"]);
  });

  it.each([
    ["a job", plan(art("j2", "/jobs/x"), art("d1", "/dags/y")), ["airflow-scheduler"]],
    ["a DAG", plan(art("j1", "/jobs/x"), art("d2", "/dags/y")), ["airflow-dag-processor", "airflow-scheduler"]],
  ])("changing %s changes the files of %o only", (_what, changed, expected) => {
    const before = filesByService(plan(art("j1", "/jobs/x"), art("d1", "/dags/y")));
    const after = filesByService(changed);
    const differing = Object.keys(before).filter((k) => JSON.stringify(before[k]) !== JSON.stringify(after[k]));
    expect(differing.sort()).toEqual(expected);
  });
});
