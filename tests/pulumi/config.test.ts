/** Stack configuration: defaults per environment, overrides, and every promised error message. */
import { ConfigError, parseConfig } from "../../stacks/schema";
import * as fs from "node:fs";
import * as path from "node:path";
import { SETTING_KEYS, decodeValue, readRawConfig } from "../../stacks";
import { airflowPythonPackages, images } from "../../stacks/images";

describe("parseConfig defaults", () => {
  it("gives dev one datanode and worker, arm64, loopback, every part on", () => {
    const c = parseConfig({}, "dev");
    expect(c).toMatchObject({
      environment: "dev",
      target: "docker",
      platform: "linux/arm64",
      bindAddress: "127.0.0.1",
      profile: "full",
      parts: { streaming: true, observability: true },
      datanodes: 1,
      sparkWorkers: 1,
      sparkWorkerCores: 2,
    });
    expect(c.ports.thrift).toBe(10004);
    expect(c.images).toEqual(images);
    expect(Object.isFrozen(c.memoryMb)).toBe(true);
  });

  it("takes prod defaults from the stack name and doubles memory", () => {
    const dev = parseConfig({}, "dev");
    const prod = parseConfig({}, "prod");
    expect(prod).toMatchObject({ environment: "prod", profile: "lean", datanodes: 3, sparkWorkers: 3, sparkWorkerCores: 4 });
    expect(prod.memoryMb.sparkWorker).toBe(2 * dev.memoryMb.sparkWorker);
    expect(prod.parts).toEqual({ streaming: true, observability: false, datascience: true });
  });

  it("composes the streaming and observability slices with their defaults", () => {
    const c = parseConfig({ streaming: { nifi: { enabled: false } } }, "dev");
    expect(c.streaming.nifi.enabled).toBe(false);
    expect(c.streaming.console.enabled).toBe(true);
    expect(c.observability.prometheus.retention).toBe("15d");
  });

  it("derives the Power BI host from the bind address unless set", () => {
    expect(parseConfig({}, "dev").powerBiHost).toBe("localhost");
    expect(parseConfig({ bindAddress: "0.0.0.0" }, "dev").powerBiHost).toBe("localhost");
    expect(parseConfig({ bindAddress: "10.0.0.5" }, "dev").powerBiHost).toBe("10.0.0.5");
    expect(parseConfig({ bindAddress: "0.0.0.0", powerBiHost: "bi.example.com" }, "dev").powerBiHost).toBe("bi.example.com");
    expect(parseConfig({ powerBiHost: "localhost" }, "dev").powerBiHost).toBe("localhost");
  });

  it("applies overrides key by key and drops unpublished ports", () => {
    const c = parseConfig(
      { bindAddress: "0.0.0.0", platform: "linux/amd64", ports: { prometheus: false, grafana: 3300 }, memoryMb: { kafka: 4096 }, datanodes: 5 },
      "feature-x",
    );
    expect(c.environment).toBe("dev");
    expect(c.bindAddress).toBe("0.0.0.0");
    expect(c.ports.prometheus).toBeUndefined();
    expect(c.ports.grafana).toBe(3300);
    expect(c.memoryMb.kafka).toBe(4096);
    expect(c.memoryMb.namenode).toBe(1024);
    expect(c.datanodes).toBe(5);
  });
});

describe("parseConfig errors name the key, the value and what is allowed", () => {
  const problem = (raw: Record<string, unknown>): string => {
    try {
      parseConfig(raw, "dev");
    } catch (e) {
      expect(e).toBeInstanceOf(ConfigError);
      return (e as ConfigError).problems.join("\n");
    }
    throw new Error("expected a ConfigError");
  };

  it.each([
    [{ target: "nomad" }, `lakehouse:target = "nomad": expected "docker" or "kubernetes"`],
    [{ streaming: { kafka: { replicationFactor: 2 } } }, `lakehouse:streaming.kafka.replicationFactor = 2: expected at most 1, the Kafka brokers the program runs`],
    [{ streaming: { topics: { clickstreamRaw: { replicationFactor: 3 } } } }, `lakehouse:streaming.topics.clickstreamRaw.replicationFactor = 3: expected at most 1, the Kafka brokers the program runs`],
    [{ target: "kubernetes", kubernetes: { registry: "Bad Registry" } }, `lakehouse:kubernetes.registry = "Bad Registry": expected a registry host with an optional path, e.g. registry.example.com/lakehouse`],
    [{ target: "kubernetes", kubernetes: { powerBi: { expose: "nodePort" } } }, `lakehouse:kubernetes.powerBi.expose = "nodePort": Invalid enum value. Expected 'loadBalancer' | 'ingress', received 'nodePort'`],
    [{ platform: "linux/s390x" }, `lakehouse:platform = "linux/s390x": expected "linux/arm64" or "linux/amd64"`],
    [{ bindAddress: "localhost" }, `lakehouse:bindAddress = "localhost": expected an IPv4 address such as 127.0.0.1`],
    [{ powerBiHost: "http://x" }, `lakehouse:powerBiHost = "http://x": expected a host name or IPv4 address such as bi.example.com (no scheme, port or path)`],
    [
      { powerBiHost: "bi.example.com" },
      `lakehouse:powerBiHost = "bi.example.com": the Thrift Server is published on 127.0.0.1 only (lakehouse:bindAddress), which other machines cannot reach; set lakehouse:bindAddress too`,
    ],
    [{ datanodes: 0 }, `lakehouse:datanodes = 0: expected an integer from 1 to 64`],
    [{ sparkWorkers: "many" }, `lakehouse:sparkWorkers = "many": expected an integer from 1 to 64`],
    [{ sparkWorkerCores: 1.5 }, `lakehouse:sparkWorkerCores = 1.5: expected an integer from 1 to 64`],
    [{ ports: { airflow: 80 } }, `lakehouse:ports.airflow = 80: expected a port from 1024 to 65535, or false to keep it unpublished`],
    [{ ports: { grafana: 8080 } }, `lakehouse:ports = 8080: used by airflow and grafana; each published UI needs its own host port`],
    [{ ports: { ftp: 2121 } }, `lakehouse:ports.ftp = 2121: expected unknown key; allowed keys: "airflow", "sparkMasterUi"`],
    [{ memoryMb: { kafka: 64 } }, `lakehouse:memoryMb.kafka = 64: expected at least 512 MiB for kafka (its floor), at most 65536`],
    [{ memoryMb: { elasticsearch: 512 } }, `lakehouse:memoryMb.elasticsearch = 512: expected at least 1024 MiB for elasticsearch (its floor), at most 65536`],
    [{ memoryMb: { sparkWorker: 1536 } }, `lakehouse:memoryMb.sparkWorker = 1536: expected at least 1792 MiB for sparkWorker (its floor), at most 65536`],
    [{ memoryMb: { filebeat: 100.5 } }, `lakehouse:memoryMb.filebeat = 100.5: expected an integer number of MiB`],
    [
      { memoryMb: { sparkWorker: 2048 }, streaming: { jobs: { executorMemoryMb: 2048 } } },
      `lakehouse:streaming.jobs.executorMemoryMb = 2048: expected at most 1228 MiB, what one Spark worker offers executors with lakehouse:memoryMb.sparkWorker = 2048 (raise memoryMb.sparkWorker or lower executorMemoryMb)`,
    ],
    [
      { memoryMb: { streamingJob: 1024 } },
      `lakehouse:streaming.jobs.driverMemoryMb = 768: expected at most 512 MiB, the streaming job container limit lakehouse:memoryMb.streamingJob = 1024 minus 512 MiB driver overhead`,
    ],
    [{ images: { kafka: "apache/kafka:latest" } }, `lakehouse:images.kafka = "apache/kafka:latest": expected a pinned image reference (repo:tag or repo@sha256:...), never latest`],
    [{ profile: "tiny" }, `lakehouse:profile = "tiny": expected one of "full", "lean", "batch"`],
    [{ environment: "staging" }, `lakehouse:environment = "staging": expected one of "dev", "prod"`],
    [{ workers: 3 }, `lakehouse: unknown setting(s) "workers"; allowed: "environment", "target"`],
    [{ streaming: { jobs: { coresMax: 0 } } }, `lakehouse:streaming.jobs.coresMax = 0: Number must be greater than or equal to 1`],
    [{ streaming: { bogus: 1 } }, `lakehouse:streaming: unknown key(s) "bogus"`],
    [{ observability: { prometheus: { retention: "forever" } } }, `lakehouse:observability.prometheus.retention = "forever": expected a duration such as 15d, 48h or 2w`],
  ])("%o", (raw, message) => expect(problem(raw)).toContain(message));

  it("names settings outside the lakehouse namespace instead of ignoring them", () => {
    const problems = (keys: string[]) => {
      try {
        parseConfig({}, "dev", keys);
      } catch (e) {
        return (e as ConfigError).problems;
      }
      return [];
    };
    expect(problems(["ecommerce-insights-lakehouse:datanodes", "lakehose:sparkWorkers"])).toEqual([
      `ecommerce-insights-lakehouse:datanodes: not read by this program; its settings are lakehouse:<key> (did you mean lakehouse:datanodes?)`,
      `lakehose:sparkWorkers: not read by this program; its settings are lakehouse:<key> (did you mean lakehouse:sparkWorkers?)`,
    ]);
    expect(problems(["ecommerce-insights-lakehouse:foo"])).toEqual([
      `ecommerce-insights-lakehouse:foo: not read by this program; its settings are lakehouse:<key>, one of "environment", "target", "platform", "profile", "bindAddress", "powerBiHost", "ports", "datanodes", "sparkWorkers", "sparkWorkerCores", "sparkExecutors", "memoryMb", "retainVolumes", "images", "streaming", "observability", "kubernetes"`,
    ]);
    // Providers' own namespaces are theirs.
    expect(problems(["docker:host", "random:x", "kubernetes:context", "pulumi:tags"])).toEqual([]);
  });

  it("keeps every default memory limit at or above its floor", () => {
    for (const env of ["dev", "prod"]) expect(() => parseConfig({}, env)).not.toThrow();
  });

  it("reports every problem at once", () => {
    expect(problem({ datanodes: 0, platform: "x" }).split("\n")).toHaveLength(2);
  });

  it("has a readable top-level message", () => {
    expect(() => parseConfig({ datanodes: 0 }, "dev")).toThrow("Invalid stack configuration:\n  - lakehouse:datanodes = 0");
  });
});

describe("raw config decoding", () => {
  it.each([
    ["3", 3],
    ["true", true],
    ["linux/arm64", "linux/arm64"],
    ['{"airflow":9000}', { airflow: 9000 }],
  ])("%s", (text, value) => expect(decodeValue(text)).toEqual(value));

  it("keeps only the lakehouse namespace and strips it", () => {
    expect(readRawConfig({ "lakehouse:datanodes": "2", "docker:host": "x" })).toEqual({ datanodes: 2 });
  });
});

describe("Pulumi.yaml documents the schema", () => {
  const text = fs.readFileSync(path.join(__dirname, "..", "..", "Pulumi.yaml"), "utf8");
  it("mentions exactly the settings the program reads", () => {
    const mentioned = [...new Set([...text.matchAll(/lakehouse:([A-Za-z]+)/g)].map((m) => m[1]))].sort();
    expect(mentioned).toEqual([...SETTING_KEYS].sort());
  });
  it("declares defaults equal to the schema's dev defaults", () => {
    const defaults = [...text.matchAll(/ {2}lakehouse:(\w+):\n(?: {4}.*\n)*? {4}default: (.*)\n/g)].map((m) => [m[1], m[2]]);
    const dev = parseConfig({}, "dev") as unknown as Record<string, unknown>;
    expect(defaults.length).toBe(4);
    for (const [key, value] of defaults) expect([key, String(dev[key])]).toEqual([key, value]);
  });
});

describe("stacks/images.ts stays in step with the code it deploys", () => {
  const repo = path.join(__dirname, "..", "..");
  it("pins the Airflow version and the Spark and Kubernetes providers the DAGs are tested with (dags/requirements.txt)", () => {
    const reqs = fs.readFileSync(path.join(repo, "dags", "requirements.txt"), "utf8");
    const pin = (pkg: string) => reqs.match(new RegExp(`^${pkg}==(\\S+)$`, "m"))?.[1];
    expect(images.airflow).toBe(`apache/airflow:${pin("apache-airflow")}-python3.11`);
    for (const pkg of Object.keys(airflowPythonPackages) as (keyof typeof airflowPythonPackages)[]) expect([pkg, airflowPythonPackages[pkg]]).toEqual([pkg, pin(pkg)]);
    expect(Object.keys(airflowPythonPackages).sort()).toEqual(["apache-airflow-providers-apache-spark", "apache-airflow-providers-cncf-kubernetes"]);
  });
  it("runs the Spark version the jobs package pins (jobs/pyproject.toml)", () => {
    const pyproject = fs.readFileSync(path.join(repo, "jobs", "pyproject.toml"), "utf8");
    expect(images.spark.startsWith(`spark:${pyproject.match(/"pyspark==([\d.]+)"/)?.[1]}-`)).toBe(true);
  });
  it("runs the Kafka version the embedded mode runs (scripts/engines/kafka/pom.xml)", () => {
    const pom = fs.readFileSync(path.join(repo, "scripts", "engines", "kafka", "pom.xml"), "utf8");
    const version = pom.match(/<kafka\.version>([\d.]+)<\/kafka\.version>/)?.[1];
    expect(version).toMatch(/^\d+\.\d+\.\d+$/);
    expect(images.kafka).toBe(`apache/kafka:${version}`);
  });
  it("uses one Python minor version for the Spark image and the Airflow image", () => {
    const minor = (ref: string) => ref.match(/python:?(3\.\d+)/)?.[1];
    expect(minor(images.python)).toBe("3.11");
    expect(minor(images.airflow)).toBe(minor(images.python));
  });
});
