/** The `dev` stack (all defaults) under mocks: every container, the wiring between layers, secrets, outputs. */
import { MockHarness, PROJECT, envOf, uploadsOf, valueOf } from "./harness";
import { containerNames, deployProgram, labelsOf } from "./program";
import { images } from "../../stacks/images";
import { airflowConnectionEnv, runtime, sourceDbConnectionId, storage } from "../../contracts";
import { parseConfig } from "../../stacks/schema";
import type { LakehouseOutputs } from "../../components/lakehouse";

const h = new MockHarness({ stack: "dev" });
const config = parseConfig({}, "dev");
let outputs: LakehouseOutputs;

beforeAll(async () => {
  outputs = await deployProgram(h);
});

const BUILT = /^lakehouse\/(spark|airflow|hive-metastore|jupyter|kafka):[0-9a-f]{12}$/;
type MemoryKey = keyof typeof config.memoryMb;

/** Every container of the dev stack (all parts on): its memory setting and restart policy ("no": one-shot job). */
const EXPECTED: Record<string, [MemoryKey, "unless-stopped" | "on-failure" | "no"]> = {
  namenode: ["namenode", "unless-stopped"],
  "datanode-1": ["datanode", "unless-stopped"],
  "hdfs-init": ["initJob", "no"],
  "metastore-db": ["metastoreDb", "unless-stopped"],
  "hive-metastore": ["hiveMetastore", "unless-stopped"],
  "spark-thrift": ["sparkThrift", "unless-stopped"],
  "postgres-sources": ["sourceDb", "unless-stopped"],
  "logs-init": ["initJob", "no"],
  "spark-master": ["sparkMaster", "unless-stopped"],
  "spark-worker-1": ["sparkWorker", "unless-stopped"],
  "airflow-db": ["airflowDb", "unless-stopped"],
  "airflow-init": ["initJob", "no"],
  "airflow-api-server": ["airflowApi", "unless-stopped"],
  "airflow-scheduler": ["airflowScheduler", "unless-stopped"],
  "airflow-dag-processor": ["airflowDagProcessor", "unless-stopped"],
  "airflow-triggerer": ["airflowTriggerer", "unless-stopped"],
  kafka: ["kafka", "unless-stopped"],
  "kafka-topics": ["initJob", "no"],
  "redpanda-console": ["redpandaConsole", "unless-stopped"],
  nifi: ["nifi", "unless-stopped"],
  "nifi-flows": ["initJob", "no"],
  cassandra: ["cassandra", "unless-stopped"],
  "cassandra-schema": ["initJob", "no"],
  "streaming-clickstream": ["streamingJob", "on-failure"],
  "streaming-accesslog": ["streamingJob", "on-failure"],
  elasticsearch: ["elasticsearch", "unless-stopped"],
  "elasticsearch-setup": ["initJob", "no"],
  logstash: ["logstash", "unless-stopped"],
  filebeat: ["filebeat", "unless-stopped"],
  kibana: ["kibana", "unless-stopped"],
  "kibana-setup": ["initJob", "no"],
  prometheus: ["prometheus", "unless-stopped"],
  cadvisor: ["cadvisor", "unless-stopped"],
  grafana: ["grafana", "unless-stopped"],
  jupyter: ["jupyter", "unless-stopped"],
};

describe("dev stack containers", () => {
  it("deploys exactly the services of every layer (the full profile)", () => {
    expect(containerNames(h)).toEqual(Object.keys(EXPECTED).sort());
  });

  it.each(Object.keys(EXPECTED))("%s: pinned image, arm64, private network, limits, restart policy, health", (name) => {
    const [memoryKey, restart] = EXPECTED[name];
    const c = h.container(name).inputs;
    const image = String(c.image);
    expect(Object.values(images).includes(image as never) || BUILT.test(image)).toBe(true);
    expect(c.platform).toBe("linux/arm64");
    expect(c.networksAdvanced).toEqual([{ name: "lakehouse-dev-net", aliases: [name] }]);
    expect(c.name).toBe(`lakehouse-dev-${name}`);
    expect(c.memory).toBe(config.memoryMb[memoryKey]);
    expect(c.memorySwap).toBe(config.memoryMb[memoryKey]);
    if (restart === "no") {
      expect(c).toMatchObject({ restart: "no", mustRun: false, attach: true, wait: false });
    } else {
      expect(c).toMatchObject({ restart, mustRun: true, wait: true });
      expect((c.healthcheck as { tests: string[] }).tests.length).toBeGreaterThan(1);
      expect(c.waitTimeout as number).toBeGreaterThanOrEqual(180);
    }
    expect(labelsOf(h.container(name))["lakehouse.project"]).toBe(PROJECT);
  });

  it("pulls every external image once for arm64 and builds five images for arm64", () => {
    const pulls = h.ofType("docker:index/remoteImage:RemoteImage").map((r) => r.inputs.name as string);
    const used = new Set(h.containers().map((c) => String(c.inputs.image)).filter((i) => !BUILT.test(i)));
    expect([...pulls].sort()).toEqual([...used].sort());
    for (const ref of pulls) expect(Object.values(images)).toContain(ref);
    for (const built of [images.spark, images.airflow, images.hive, images.kafka]) expect(pulls).not.toContain(built);
    for (const r of h.ofType("docker:index/remoteImage:RemoteImage")) expect(r.inputs.platform).toBe("linux/arm64");
    const builds = h.ofType("docker:index/image:Image").map((r) => (r.inputs.build as { platform: string; args: Record<string, string> }));
    expect(builds.map((b) => b.platform)).toEqual(["linux/arm64", "linux/arm64", "linux/arm64", "linux/arm64", "linux/arm64"]);
    // JupyterLab is the Spark image's `jupyter` stage, on the same base.
    expect(builds.map((b) => b.args.SPARK_IMAGE ?? b.args.AIRFLOW_IMAGE ?? b.args.HIVE_IMAGE ?? b.args.KAFKA_IMAGE).sort()).toEqual(
      [images.airflow, images.hive, images.kafka, images.spark, images.spark].sort(),
    );
  });

  it("publishes only the configured UIs, on 127.0.0.1", () => {
    const published = h
      .containers()
      .flatMap((c) => ((c.inputs.ports as { external: number; internal: number; ip: string }[]) ?? []).map((p) => [c.name, p.internal, p.external, p.ip]));
    expect(published.sort()).toEqual(
      [
        ["airflow-api-server", 8080, 8080, "127.0.0.1"],
        ["namenode", 9870, 9870, "127.0.0.1"],
        ["spark-master", 8080, 8088, "127.0.0.1"],
        ["spark-thrift", 10004, 10004, "127.0.0.1"],
        ["kafka", 9094, 9094, "127.0.0.1"],
        ["redpanda-console", 8080, 8085, "127.0.0.1"],
        ["nifi", 8443, 8443, "127.0.0.1"],
        ["kibana", 5601, 5601, "127.0.0.1"],
        ["grafana", 3000, 3000, "127.0.0.1"],
        ["prometheus", 9090, 9090, "127.0.0.1"],
        ["postgres-sources", 5432, 5432, "127.0.0.1"],
        ["jupyter", 8888, 8888, "127.0.0.1"],
      ].sort(),
    );
  });

  it("gives each stateful service of storage and batch its own named volume, and shares one log volume", () => {
    const volumes = h.ofType("docker:index/volume:Volume").map((v) => v.inputs.name as string);
    expect(volumes).toEqual(
      expect.arrayContaining(["airflow-db-data", "datanode-1-data", "metastore-db-data", "namenode-name", "postgres-sources-data", "logs"].map((v) => `lakehouse-dev-${v}`)),
    );
    expect(volumes.filter((v) => v === "lakehouse-dev-logs")).toHaveLength(1);
    const mountsLogs = h.containers().filter((c) => (c.inputs.volumes as { volumeName?: string }[]).some((v) => v.volumeName === "lakehouse-dev-logs"));
    expect(mountsLogs.map((c) => c.name).sort()).toEqual(
      ["airflow-scheduler", "filebeat", "logs-init", "spark-master", "spark-worker-1", "streaming-accesslog", "streaming-clickstream"].sort(),
    );
  });
});

describe("dev stack data safety", () => {
  it("keeps the volumes holding data (HDFS, PostgreSQL, Kafka, Cassandra, Elasticsearch) on destroy, and only those", () => {
    const volumes = h.ofType("docker:index/volume:Volume");
    expect(volumes.filter((v) => v.retainOnDelete).map((v) => v.name).sort()).toEqual(
      [
        "airflow-db-data",
        "cassandra-data",
        "datanode-1-data",
        "elasticsearch-data",
        "kafka-data",
        "metastore-db-data",
        "namenode-name",
        "postgres-sources-data",
      ].sort(),
    );
  });
});

describe("dev stack wiring", () => {
  it("gives the namenode the same fs.defaultFS (host and RPC port) as every HDFS client", () => {
    const coreSite = (c: string) => uploadsOf(h.container(c))["/opt/hadoop/etc/hadoop/core-site.xml"];
    expect(coreSite("namenode")).toContain("<value>hdfs://namenode:9000</value>");
    expect(coreSite("namenode")).toBe(coreSite("datanode-1"));
    expect(coreSite("namenode")).toBe(coreSite("hdfs-init"));
  });

  it("points the metastore at its database and the warehouse on HDFS", () => {
    const files = uploadsOf(h.container("hive-metastore"));
    expect(files["/opt/hive/conf/hive-site.xml"]).toContain("<value>jdbc:postgresql://metastore-db:5432/metastore</value>");
    expect(files["/opt/hive/conf/hive-site.xml"]).toContain("<value>hdfs://namenode:9000/lakehouse</value>");
    expect(files["/opt/hive/conf/core-site.xml"]).toContain("<value>hdfs://namenode:9000</value>");
  });

  it("serves HiveServer2 over HTTP on 10004/cliservice in the foreground, against the metastore", () => {
    const c = h.container("spark-thrift");
    expect(c.inputs.command).toEqual(
      expect.arrayContaining(["hive.server2.transport.mode=http", "hive.server2.thrift.http.port=10004", "hive.server2.thrift.http.path=cliservice"]),
    );
    expect(envOf(c).SPARK_NO_DAEMONIZE).toBe("true");
    const conf = uploadsOf(c)["/opt/spark/conf/spark-defaults.conf"];
    expect(conf).toContain("spark.hadoop.hive.metastore.uris thrift://hive-metastore:9083\n");
    expect(conf).toContain("spark.sql.warehouse.dir hdfs://namenode:9000/lakehouse\n");
  });

  it("creates the warehouse layout from contracts/storage.json", () => {
    const script = uploadsOf(h.container("hdfs-init"))["/opt/lakehouse/init.sh"];
    for (const rel of [...Object.values(storage.layers), ...Object.values(storage.paths)]) expect(script).toContain(` /lakehouse/${rel} `);
    expect(script).not.toContain("777 /lakehouse");
  });

  it("wires the streaming drivers and observability to the other layers' outputs", () => {
    const driver = JSON.stringify(h.container("streaming-clickstream").inputs);
    expect(driver).toContain("spark://spark-master:7077");
    expect(driver).toContain("thrift://hive-metastore:9083");
    expect(driver).toContain("hdfs://namenode:9000/lakehouse");
    expect(driver).toContain(`/opt/lakehouse/jobs/${runtime.artifacts.jobsZip}`);
    const prometheus = JSON.stringify(uploadsOf(h.container("prometheus")));
    expect(prometheus).toContain("spark-master:8080");
    expect(prometheus).toContain("spark-worker-1:8081");
    expect(uploadsOf(h.container("spark-worker-1"))["/opt/spark/conf/metrics.properties"]).toContain("PrometheusServlet");
    expect(envOf(h.container("spark-master")).SPARK_DAEMON_JAVA_OPTS).toContain("-Dlakehouse.log.file=/var/log/lakehouse/spark/spark-master.log");
  });

  it("connects workers to the master and Airflow tasks to the cluster, storage and sources", () => {
    expect(envOf(h.container("spark-worker-1")).SPARK_MASTER_URL).toBe("spark://spark-master:7077");
    const env = envOf(h.container("airflow-scheduler"));
    expect(JSON.parse(env[airflowConnectionEnv(runtime.airflow.connections.spark)])).toEqual({ conn_type: "spark", host: "spark://spark-master", port: 7077, extra: { "deploy-mode": "client" } });
    expect(JSON.parse(env[airflowConnectionEnv(sourceDbConnectionId("ecom"))])).toMatchObject({ conn_type: "postgres", host: "postgres-sources", port: 5432, schema: "ecom", login: "lakehouse" });
    expect(JSON.parse(env[airflowConnectionEnv(sourceDbConnectionId("marketing"))])).toMatchObject({ host: "postgres-sources", schema: "marketing" });
    expect(env).toMatchObject({
      [runtime.env.sparkMaster]: "spark://spark-master:7077",
      [runtime.env.warehouse]: "hdfs://namenode:9000/lakehouse",
      [runtime.env.metastoreUri]: "thrift://hive-metastore:9083",
      AIRFLOW__CORE__EXECUTOR: "LocalExecutor",
      AIRFLOW__CORE__EXECUTION_API_SERVER_URL: "http://airflow-api-server:8080/execution/",
    });
    expect(env.AIRFLOW__DATABASE__SQL_ALCHEMY_CONN).toMatch(/^postgresql\+psycopg2:\/\/airflow:MOCKSECRET-[^@]+@airflow-db:5432\/airflow$/);
    const conf = uploadsOf(h.container("airflow-scheduler"))["/opt/lakehouse/spark-conf/spark-defaults.conf"];
    expect(conf).toContain("spark.master spark://spark-master:7077\n");
    expect(conf).toContain("spark.driver.host airflow-scheduler\n");
  });

  it("starts dependants of one-shot jobs only after the job succeeded", () => {
    expect(labelsOf(h.container("hive-metastore"))["lakehouse.after.hdfs-init"]).toBe("0");
    expect(labelsOf(h.container("airflow-scheduler"))["lakehouse.after.airflow-init"]).toBe("0");
    expect(labelsOf(h.container("spark-master"))["lakehouse.after.logs-init"]).toBe("0");
    expect(labelsOf(h.container("airflow-scheduler"))["lakehouse.after.logs-init"]).toBe("0");
  });

  it("deploys DAGs to the scheduler and dag-processor and the jobs artifact only to the scheduler", () => {
    const paths = (name: string) => Object.keys(uploadsOf(h.container(name)));
    const [zip, launcher] = [`/opt/lakehouse/jobs/${runtime.artifacts.jobsZip}`, `/opt/lakehouse/jobs/${runtime.artifacts.jobsLauncher}`];
    expect(paths("airflow-scheduler")).toEqual(expect.arrayContaining([zip, launcher]));
    expect(envOf(h.container("airflow-scheduler"))).toMatchObject({ [runtime.env.jobsPyFiles]: zip, [runtime.env.jobsApplication]: launcher });
    expect(paths("airflow-dag-processor").some((p) => p.includes("/dags/tests/"))).toBe(false);
    expect(paths("airflow-dag-processor")).toEqual(expect.arrayContaining(["/opt/airflow/dags/ingest_to_bronze.py", "/opt/airflow/dags/lakehouse_dags/operator.py"]));
    expect(paths("airflow-dag-processor").some((p) => p.startsWith("/opt/lakehouse/jobs"))).toBe(false);
    expect(paths("airflow-api-server")).toEqual(["/opt/airflow/auth/passwords.json"]);
  });

  it("creates both source databases from sql/*.sql on first start", () => {
    const files = uploadsOf(h.container("postgres-sources"));
    expect(Object.keys(files).sort()).toEqual(["/docker-entrypoint-initdb.d/10-lakehouse-sources.sh", "/opt/lakehouse/sql/ecom.sql", "/opt/lakehouse/sql/marketing.sql"]);
    expect(files["/docker-entrypoint-initdb.d/10-lakehouse-sources.sh"]).toContain("--dbname marketing -f /opt/lakehouse/sql/marketing.sql");
  });
});

describe("dev stack secrets", () => {
  it("generates every password and never puts one in plaintext in any input or output", () => {
    expect(h.secretValues.length).toBeGreaterThanOrEqual(8);
    expect(h.plaintextSecretLeaks()).toEqual([]);
  });

  it("exports connection strings and the admin password as secrets", async () => {
    const { isSecret } = await import("@pulumi/pulumi");
    await expect(isSecret(outputs.postgres.ecom)).resolves.toBe(true);
    await expect(isSecret(outputs.airflowAdmin.password)).resolves.toBe(true);
    // The output is for clients on the host (loading source data): the published loopback port, not the network alias.
    expect(await valueOf(outputs.postgres.ecom)).toMatch(/^postgresql:\/\/lakehouse:MOCKSECRET-.*@localhost:5432\/ecom$/);
  });

  it("publishes the source databases on the bind address only, so source data can be loaded from the host", () => {
    expect(h.container("postgres-sources").inputs.ports).toEqual([{ internal: 5432, external: 5432, ip: "127.0.0.1", protocol: "tcp" }]);
  });
});

describe("dev stack outputs", () => {
  it("exports Power BI details and the .pbids content", () => {
    expect(outputs.powerBi).toEqual({ server: "http://localhost:10004/cliservice", protocol: "HTTP", mode: "DirectQuery", database: "gold" });
    expect(JSON.parse(outputs.pbids!)).toEqual({
      version: "0.1",
      connections: [{ details: { protocol: "spark", address: { server: "http://localhost:10004/cliservice" } }, options: { protocol: "HTTP" }, mode: "DirectQuery" }],
    });
  });

  it("exports the UI URLs of the deployed parts", async () => {
    expect(outputs.urls).toEqual({
      airflow: "http://localhost:8080",
      sparkMasterUi: "http://localhost:8088",
      namenodeUi: "http://localhost:9870",
      nifi: "https://localhost:8443/nifi",
      redpandaConsole: "http://localhost:8085",
      grafana: "http://localhost:3000",
      kibana: "http://localhost:5601",
      prometheus: "http://localhost:9090",
      jupyter: "http://localhost:8888",
    });
    expect(outputs.kafkaBootstrap).toBe("localhost:9094");
    expect(await valueOf(outputs.sparkMasterUrl)).toBe("spark://spark-master:7077");
    expect(await valueOf(outputs.metastoreUri)).toBe("thrift://hive-metastore:9083");
  });
});
