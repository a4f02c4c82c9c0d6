/**
 * Every config file the program renders, read by the software that reads it in the deployment: the `dev` stack is
 * evaluated under Pulumi mocks, each container's uploads are written out byte for byte, and handed to Hadoop's
 * Configuration, log4j2, Spark's SparkConf and promtool. Which file has which reader: tests/conformance/catalog.ts
 * (and the README). Run by scripts/tests.d/47-conformance.sh.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { services } from "../../contracts";
import { MockHarness, uploadsOf } from "../pulumi/harness";
import { deployProgram } from "../pulumi/program";
import { load } from "js-yaml";
import { CATALOG, entriesFor, readmeRow } from "./catalog";
import { type HadoopView, bashSyntax, promtool, readHadoopConf, readLog4j2, readSpark } from "./readers";

jest.setTimeout(180_000);

const h = new MockHarness({ stack: "dev" });
const root = fs.mkdtempSync(path.join(os.tmpdir(), "lakehouse-conformance-"));
/** container -> upload path -> file on disk holding exactly the uploaded bytes */
const written: Record<string, Record<string, string>> = {};

beforeAll(async () => {
  await deployProgram(h);
  for (const c of h.containers()) {
    written[c.name] = {};
    for (const [file, content] of Object.entries(uploadsOf(c))) {
      const local = path.join(root, c.name, file);
      fs.mkdirSync(path.dirname(local), { recursive: true });
      fs.writeFileSync(local, content, "latin1");
      written[c.name][file] = local;
    }
  }
});
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

/** [container, upload path, local file] of every upload whose path matches. */
function uploads(match: RegExp): [string, string, string][] {
  return Object.entries(written).flatMap(([c, files]) =>
    Object.entries(files)
      .filter(([p]) => match.test(p))
      .map(([p, local]) => [c, p, local] as [string, string, string]),
  );
}

const HADOOP_XML = /\/(core|hdfs|hive)-site\.xml$/;

describe("Hadoop XML files, read by org.apache.hadoop.conf.Configuration", () => {
  const containersWithHadoopConf = () => [...new Set(uploads(HADOOP_XML).map(([c]) => c))].sort();
  let views: Record<string, HadoopView>;
  /** Negative controls, read in the same JVM as the rendered files. */
  const CONTROLS = {
    "control-bare-host": `<configuration><property><name>fs.defaultFS</name><value>namenode</value></property></configuration>`,
    "control-hive-key": `<configuration><property><name>metastore.thrift.prot</name><value>9083</value></property></configuration>`,
  };
  beforeAll(() => {
    const groups = containersWithHadoopConf().map((c) => [c, uploads(HADOOP_XML).filter(([u]) => u === c).map(([, , f]) => f)]);
    const controls = Object.entries(CONTROLS).map(([name, xml]) => {
      fs.writeFileSync(path.join(root, `${name}.xml`), xml);
      return [name, [path.join(root, `${name}.xml`)]];
    });
    views = readHadoopConf(Object.fromEntries([...groups, ...controls]));
  });
  const view = (container: string) => views[container];
  const expectedRpc = { host: services.namenode.name, port: services.namenode.ports.rpc };

  it("are rendered for the HDFS daemons, the init job, the metastore and NiFi", () => {
    expect(containersWithHadoopConf()).toEqual(["datanode-1", "hdfs-init", "hive-metastore", "namenode", "nifi"]);
  });

  it("put the namenode's RPC server where its healthcheck looks and where every other service connects", () => {
    const healthcheck = (h.container("namenode").inputs.healthcheck as { tests: string[] }).tests.join(" ");
    const checkedPort = Number(/\/dev\/tcp\/[^/]+\/(\d+)/.exec(healthcheck)?.[1]);
    const rpc = Object.fromEntries(containersWithHadoopConf().map((c) => [c, view(c).namenodeRpc]));
    expect(rpc.namenode).toEqual({ host: services.namenode.name, port: checkedPort });
    for (const c of Object.keys(rpc)) expect([c, rpc[c]]).toEqual([c, expectedRpc]);
  });

  it("hold only keys Hadoop (or, in hive-site.xml, Hive) knows, and fs.defaultFS reads back as rendered", () => {
    for (const c of containersWithHadoopConf()) {
      const v = view(c);
      expect([c, v.unknownKeys]).toEqual([c, []]);
      expect(v.properties["fs.defaultFS"]).toBe(`hdfs://${expectedRpc.host}:${expectedRpc.port}`);
    }
    const hdfs = view("namenode").properties;
    expect(hdfs["dfs.replication"]).toBe("1");
    expect(hdfs["dfs.namenode.name.dir"]).toBe("file:///hadoop/dfs/name");
  });

  it("give the Hive metastore (as its MetastoreConf reads them) the contract's Thrift port, a warehouse on the same HDFS and its database", () => {
    const v = view("hive-metastore");
    expect(v.metastore?.thriftPort).toBe(services.hiveMetastore.ports.thrift);
    expect(v.metastore?.warehouse.startsWith(`${v.defaultUri}/`)).toBe(true);
    expect(v.metastore?.connectUrl).toBe(`jdbc:postgresql://${services.metastoreDb.name}:${services.metastoreDb.ports.postgres}/metastore`);
  });

  it("negative control: a metastore key Hive does not know is reported", () => {
    expect(views["control-hive-key"].unknownKeys).toEqual(["metastore.thrift.prot"]);
  });

  it("negative control: a bare host as fs.defaultFS gives Hadoop's default port, which the comparison above would catch", () => {
    expect(views["control-bare-host"].namenodeRpc).toEqual({ host: "namenode", port: 8020 });
  });
});

describe("log4j2 configurations, loaded by log4j2 with Spark's jars", () => {
  const LOG4J2 = /log4j2[^/]*\.properties$/;

  it("are rendered for the Spark daemons and the streaming drivers", () => {
    expect(uploads(LOG4J2).map(([c]) => c).sort()).toEqual(["spark-master", "spark-worker-1", "streaming-accesslog", "streaming-clickstream"]);
  });

  it("load without a status problem and write JSON lines to the -Dlakehouse.log.file path and stderr", () => {
    const distinct = new Map(uploads(LOG4J2).map(([c, , f]) => [fs.readFileSync(f, "utf8"), `${c}`]));
    for (const [text, container] of distinct) {
      const config = written[container][Object.keys(written[container]).find((p) => LOG4J2.test(p))!];
      expect(fs.readFileSync(config, "utf8")).toBe(text);
      const logFile = path.join(root, "logs", container, "driver.log");
      const v = readLog4j2(config, logFile);
      expect([container, v.problems, v.defaultConfiguration]).toEqual([container, [], false]);
      expect(v.rootAppenders.sort()).toEqual(["console", "file"]);
      expect(v.appenders.file).toMatchObject({ type: "RollingFileAppender", layout: "JsonTemplateLayout", fileName: logFile });
      expect(v.appenders.console).toMatchObject({ type: "ConsoleAppender", layout: "JsonTemplateLayout", target: "SYSTEM_ERR" });
      expect(JSON.parse(v.firstFileLine)).toMatchObject({ level: "INFO", msg: "conformance probe event", logger: "conformance" });
    }
  });

  it("negative control: a misspelt appender type is reported", () => {
    const [, , good] = uploads(LOG4J2)[0];
    const bad = path.join(root, "control-log4j2.properties");
    fs.writeFileSync(bad, fs.readFileSync(good, "utf8").replace("appender.file.type = RollingFile", "appender.file.type = RollingFiel"));
    expect(readLog4j2(bad, path.join(root, "logs", "control.log")).problems.length).toBeGreaterThan(0);
  });
});

describe("Prometheus configuration, checked by promtool", () => {
  it("prometheus.yml (and any rule file) passes promtool check", () => {
    const configs = uploads(/\/prometheus\.yml$/);
    expect(configs.map(([c]) => c)).toEqual(["prometheus"]);
    for (const [, , file] of configs) expect(promtool("config", file)).toMatchObject({ ok: true });
    for (const [, , file] of uploads(/\/etc\/prometheus\/.*rules?.*\.ya?ml$/)) expect(promtool("rules", file)).toMatchObject({ ok: true });
  });

  it("negative control: an interval without a unit fails the check", () => {
    const [, , file] = uploads(/\/prometheus\.yml$/)[0];
    const bad = path.join(root, "control-prometheus.yml");
    fs.writeFileSync(bad, fs.readFileSync(file, "utf8").replace(/scrape_interval: (\d+)s/, "scrape_interval: $1"));
    expect(promtool("config", bad).ok).toBe(false);
  });
});

describe("Spark configuration files, read by Spark", () => {
  const prometheusJobs = () =>
    Object.fromEntries(
      (load(fs.readFileSync(uploads(/\/prometheus\.yml$/)[0][2], "utf8")) as { scrape_configs: { job_name: string; metrics_path: string }[] }).scrape_configs.map(
        (j) => [j.job_name, j.metrics_path],
      ),
    );

  it("spark-defaults.conf holds only keys Spark (or, for spark.hadoop.*, Hadoop and Hive) knows, read back as rendered", () => {
    const files = uploads(/\/spark-defaults\.conf$/);
    expect(files.map(([c]) => c).sort()).toEqual(["airflow-scheduler", "jupyter", "spark-thrift"]);
    const control = path.join(root, "control-spark-defaults.conf");
    fs.writeFileSync(control, "spark.driver.memroy 1g\nspark.hadoop.fs.defautFS hdfs://x:1\n");
    const views = readSpark([...files.map(([, , f]) => f), control]).defaults;
    for (const [c, , f] of files) {
      const rendered = Object.fromEntries(
        fs
          .readFileSync(f, "utf8")
          .split("\n")
          .filter((l) => l && !l.startsWith("#"))
          .map((l) => [l.slice(0, l.indexOf(" ")), l.slice(l.indexOf(" ") + 1)]),
      );
      expect([c, views[f].unknownKeys]).toEqual([c, []]);
      expect(views[f].properties).toEqual(rendered);
      expect(views[f].properties["spark.hadoop.fs.defaultFS"]).toBe(`hdfs://${services.namenode.name}:${services.namenode.ports.rpc}`);
    }
    // Negative control: misspelt keys are reported.
    expect(views[control].unknownKeys).toEqual(["spark.driver.memroy", "spark.hadoop.fs.defautFS"]);
  });

  it("metrics.properties gives each Spark daemon the PrometheusServlet path Prometheus scrapes", () => {
    const files = uploads(/\/spark\/conf\/metrics\.properties$/);
    expect(files.map(([c]) => c).sort()).toEqual(["spark-master", "spark-worker-1"]);
    const views = readSpark([], files.map(([, , f]) => f)).metrics;
    const jobs = prometheusJobs();
    for (const [c, , f] of files) {
      const path = (instance: string) => views[f].instances[instance]["sink.prometheusServlet.path"];
      expect([c, views[f].instances.master["sink.prometheusServlet.class"]]).toEqual([c, "org.apache.spark.metrics.sink.PrometheusServlet"]);
      expect([c, path("master"), path("applications"), path("worker")]).toEqual([
        c,
        jobs["spark-master"],
        jobs["spark-applications"],
        jobs["spark-workers"],
      ]);
    }
  });
});

describe("shell scripts, parsed by bash", () => {
  it("every uploaded *.sh parses (bash -n), and a broken one does not", () => {
    const scripts = uploads(/\.sh$/);
    expect(scripts.length).toBeGreaterThan(5);
    for (const [c, p, f] of scripts) expect([c, p, bashSyntax(f)]).toEqual([c, p, { ok: true, output: "" }]);
    const bad = path.join(root, "control.sh");
    fs.writeFileSync(bad, "if true; then\n  echo unterminated\n");
    expect(bashSyntax(bad).ok).toBe(false);
  });
});

describe("files without a reader here: schema tests", () => {
  it("Kibana saved objects: one JSON saved object (type, id, attributes) per line", () => {
    const [[, , file]] = uploads(/\/saved-objects\.ndjson$/);
    const lines = fs.readFileSync(file, "utf8").split("\n").filter(Boolean);
    expect(lines.length).toBeGreaterThan(0);
    for (const line of lines) expect(Object.keys(JSON.parse(line)).sort()).toEqual(["attributes", "id", "references", "type"]);
  });

  it("Airflow passwords.json: one object of user name to non-empty password, holding the admin user", () => {
    const [[c, , file]] = uploads(/\/auth\/passwords\.json$/);
    expect(c).toBe("airflow-api-server");
    const doc = JSON.parse(fs.readFileSync(file, "utf8")) as Record<string, unknown>;
    expect(Object.keys(doc)).toEqual(["admin"]);
    expect(typeof doc.admin === "string" && doc.admin.length >= 16).toBe(true);
  });
});

describe("the catalog of rendered files (tests/conformance/catalog.ts) and the README", () => {
  it("classifies every uploaded file under exactly one reader or schema test", () => {
    const unclassified = Object.entries(written).flatMap(([c, files]) =>
      Object.keys(files)
        .filter((p) => entriesFor(p).length !== 1)
        .map((p) => `${c}:${p} (${entriesFor(p).length} rows)`),
    );
    expect(unclassified).toEqual([]);
  });

  it("lists every catalog row in the README, and every row covers a rendered file", () => {
    const readme = fs.readFileSync(path.join(__dirname, "..", "..", "README.md"), "utf8");
    const all = Object.values(written).flatMap((files) => Object.keys(files));
    for (const entry of CATALOG) {
      expect(readme).toContain(readmeRow(entry));
      expect([entry.label, all.some((p) => entry.files.test(p))]).toEqual([entry.label, true]);
    }
  });
});
