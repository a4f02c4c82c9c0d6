/** A non-default stack (prod environment, amd64, LAN address, 3 datanodes, 2 workers, changed ports and memory). */
import { MockHarness, envOf, uploadsOf } from "./harness";
import { containerNames, deployProgram } from "./program";
import type { LakehouseOutputs } from "../../components/lakehouse";

const h = new MockHarness({
  stack: "prod",
  config: {
    "lakehouse:platform": "linux/amd64",
    "lakehouse:bindAddress": "192.168.1.10",
    "lakehouse:datanodes": "3",
    "lakehouse:sparkWorkers": "2",
    "lakehouse:sparkWorkerCores": "3",
    "lakehouse:ports": JSON.stringify({ airflow: 9080, namenodeUi: false }),
    "lakehouse:memoryMb": JSON.stringify({ sparkWorker: 6144 }),
    "lakehouse:streaming": JSON.stringify({ nifi: { enabled: false } }),
    "lakehouse:retainVolumes": "false",
  },
});
let outputs: LakehouseOutputs;

beforeAll(async () => {
  outputs = await deployProgram(h);
});

it("follows the configured datanode and worker counts", () => {
  const names = containerNames(h);
  expect(names.filter((n) => n.startsWith("datanode-"))).toEqual(["datanode-1", "datanode-2", "datanode-3"]);
  expect(names.filter((n) => n.startsWith("spark-worker-"))).toEqual(["spark-worker-1", "spark-worker-2"]);
  expect(uploadsOf(h.container("namenode"))["/opt/hadoop/etc/hadoop/hdfs-site.xml"]).toContain(
    "<name>dfs.replication</name>\n    <value>3</value>",
  );
});

it("runs every container on amd64 with prod memory defaults and overrides", () => {
  for (const c of h.containers()) expect([c.name, c.inputs.platform]).toEqual([c.name, "linux/amd64"]);
  expect(h.container("spark-worker-2").inputs).toMatchObject({ memory: 6144, cpus: "3" });
  expect(h.container("namenode").inputs.memory).toBe(2048);
  expect(h.container("spark-worker-1").inputs.command).toEqual(expect.arrayContaining(["--cores", "3", "--memory", "4505m"]));
});

it("binds published ports to the configured address and leaves unpublished UIs private", () => {
  const ports = h.containers().flatMap((c) => ((c.inputs.ports as { external: number; ip: string }[]) ?? []).map((p) => [c.name, p.external, p.ip]));
  expect(ports.sort()).toEqual(
    [
      ["airflow-api-server", 9080, "192.168.1.10"],
      ["spark-master", 8088, "192.168.1.10"],
      ["spark-thrift", 10004, "192.168.1.10"],
      ["kafka", 9094, "192.168.1.10"],
      ["redpanda-console", 8085, "192.168.1.10"],
      ["postgres-sources", 5432, "192.168.1.10"],
      ["jupyter", 8888, "192.168.1.10"],
    ].sort(),
  );
});

it("exports URLs and the Power BI server on the configured address", () => {
  // prod's profile is "lean": streaming without observability; NiFi is switched off in the streaming slice.
  expect(outputs.urls).toEqual({
    airflow: "http://192.168.1.10:9080",
    sparkMasterUi: "http://192.168.1.10:8088",
    redpandaConsole: "http://192.168.1.10:8085",
    jupyter: "http://192.168.1.10:8888",
  });
  expect(outputs.kafkaBootstrap).toBe("192.168.1.10:9094");
  expect(containerNames(h).filter((n) => ["nifi", "grafana", "elasticsearch", "kafka"].includes(n))).toEqual(["kafka"]);
  expect(outputs.powerBi?.server).toBe("http://192.168.1.10:10004/cliservice");
});

it("caps each batch job at half the cluster's cores", () => {
  const conf = uploadsOf(h.container("airflow-scheduler"))["/opt/lakehouse/spark-conf/spark-defaults.conf"];
  expect(conf).toContain("spark.cores.max 3\n");
  expect(envOf(h.container("spark-worker-2")).SPARK_MASTER_URL).toBe("spark://spark-master:7077");
});

it("keeps every secret out of plaintext here too", () => {
  expect(h.plaintextSecretLeaks()).toEqual([]);
});

it("lets destroy delete every volume when lakehouse:retainVolumes is false", () => {
  const volumes = h.ofType("docker:index/volume:Volume");
  expect(volumes.length).toBeGreaterThan(5);
  expect(volumes.filter((v) => v.retainOnDelete).map((v) => v.name)).toEqual([]);
});
