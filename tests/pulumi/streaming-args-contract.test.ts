/**
 * The driver command the program renders is accepted by the jobs' own argument parser
 * (lakehouse_jobs.streaming.options), and needs no local-mode jars: a cross-language contract test.
 */
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { streamingJobSpec } from "../../components/streaming/jobs";
import { commandOf, deployed, installMocks } from "./svc-helpers";
import { metrics, runtime } from "../../contracts";
import { scrapeJobs } from "../../components/observability/metrics";

const PYTHON = path.resolve(__dirname, "../../.venv/bin/python");
const PARSE = `
import json, sys
from lakehouse_jobs.streaming import options, runner
module, args = sys.argv[1], sys.argv[2:]
settings, opts = options.parse(module, args)
conf = runner.session_settings(settings).extra_conf
print(json.dumps({"master": settings.master, "warehouse": settings.warehouse_root, "kafka": opts.kafka_bootstrap,
  "cassandra": list(opts.cassandra_hosts), "user": opts.cassandra_user, "has_password": bool(opts.cassandra_password),
  "checkpoint": opts.checkpoint_root, "trigger": opts.trigger, "max_offsets": opts.max_offsets_per_trigger,
  "spark_jars": conf.get("spark.jars")}))
`;
const METRICS_ENDPOINT = `
import json, os
from lakehouse_jobs.streaming import metrics
print(json.dumps(metrics.endpoint(os.environ)))
`;

beforeAll(installMocks);

const driverSpec = (job: "clickstream" | "accesslog") =>
  streamingJobSpec({
    job,
    image: "lakehouse/spark:abc",
    settings: { memoryMb: 1536, driverMemoryMb: 768, executorMemoryMb: 1024, coresMax: 1, triggerSeconds: 10, maxOffsetsPerTrigger: 500, packages: [] },
    sparkMasterUrl: "spark://spark-master:7077",
    wiring: { hdfsUri: "hdfs://namenode:9000", warehouseRoot: "hdfs://namenode:9000/lakehouse", metastoreUri: "thrift://hive-metastore:9083" },
    kafkaBootstrap: "kafka:9092",
    cassandraHostPort: "cassandra:9042",
    cassandraUsername: "lakehouse",
    cassandraPassword: "pw",
    jobs: { mountDir: "/opt/lakehouse/jobs", files: [] },
    dependsOn: [deployed("kafka-topics")],
  });

it.each(["clickstream", "accesslog"] as const)("lakehouse_jobs.streaming accepts the %s driver arguments", async (job) => {
  const spec = driverSpec(job);
  const cmd = await commandOf(spec);
  const jobArgs = cmd.slice(cmd.indexOf(`/opt/lakehouse/jobs/${runtime.artifacts.jobsLauncher}`) + 1);
  // An empty HOME: the deployed container has no ~/.m2 with the local mode's Kafka jars.
  const home = fs.mkdtempSync(path.join(os.tmpdir(), "svc-home-"));
  try {
    const out = execFileSync(PYTHON, ["-c", PARSE, ...jobArgs], {
      env: { PATH: process.env.PATH ?? "", HOME: home, [runtime.env.cassandraPassword]: "from-env" },
      encoding: "utf8",
    });
    expect(JSON.parse(out)).toEqual({
      master: "spark://spark-master:7077",
      warehouse: "hdfs://namenode:9000/lakehouse",
      kafka: "kafka:9092",
      cassandra: ["cassandra:9042"],
      user: "lakehouse",
      has_password: true,
      checkpoint: `hdfs://namenode:9000/lakehouse/_checkpoints/${job}`,
      trigger: "processing-time:10s",
      max_offsets: 500,
      spark_jars: "",
    });
  } finally {
    fs.rmSync(home, { recursive: true, force: true });
  }
});

it("the driver serves its metrics where the program's Prometheus scrapes them", async () => {
  const spec = driverSpec("clickstream");
  const env = Object.fromEntries(Object.entries(spec.env ?? {}).filter(([, v]) => typeof v === "string")) as Record<string, string>;
  const out = execFileSync(PYTHON, ["-c", METRICS_ENDPOINT], { env: { PATH: process.env.PATH ?? "", ...env }, encoding: "utf8" });
  const [host, port] = JSON.parse(out) as [string, number];
  expect(host).toBe("0.0.0.0"); // reachable from Prometheus' container
  const job = scrapeJobs({ sparkMaster: "m", sparkWorkers: [], streamingDrivers: ["streaming-clickstream"], cadvisor: "c" }).find((j) => j.name === metrics.scrapeJobs.streaming);
  expect(job).toEqual({ name: metrics.scrapeJobs.streaming, path: "/metrics", targets: [`streaming-clickstream:${port}`] });
});
