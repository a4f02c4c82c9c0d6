/**
 * Runs the real readers of the rendered config files: Hadoop's Configuration and log4j2 (Java probes beside this
 * file, run with Java's source launcher), Spark's SparkConf and config registry (Python probe, .venv's pyspark) and
 * promtool. Each takes files on disk and returns what the reader made of them.
 */
import { execFileSync, spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { images } from "../../stacks/images";

const REPO = path.resolve(__dirname, "..", "..");
const JAVA_DIR = path.join(__dirname, "java");
const PYTHON = path.join(REPO, ".venv", "bin", "python");

/** The Hadoop version the hadoop image runs; the setup step fetches the client jars of exactly this version. */
export const HADOOP_VERSION = images.hadoop.slice(images.hadoop.lastIndexOf(":") + 1);

function hadoopClasspath(): string {
  const lib = path.join(REPO, ".cache", "conformance", `hadoop-${HADOOP_VERSION}`);
  if (!fs.existsSync(path.join(lib, ".fetched"))) {
    throw new Error(`Hadoop ${HADOOP_VERSION} jars missing in ${lib}: run bash scripts/setup.d/35-conformance-readers.sh`);
  }
  return `${lib}/*`;
}

/** The jars of .venv's pyspark: Spark's log4j2, its JSON layout template and spark-core, as the Spark image has them. */
export function sparkJarsClasspath(): string {
  const lib = path.join(REPO, ".venv", "lib");
  const py = fs.existsSync(lib) ? fs.readdirSync(lib).find((d) => d.startsWith("python3")) : undefined;
  const jars = py && path.join(lib, py, "site-packages", "pyspark", "jars");
  if (!jars || !fs.existsSync(jars)) throw new Error("pyspark jars missing in .venv: run bash scripts/setup.sh");
  return `${jars}/*`;
}

function java(classpath: string, source: string, args: readonly string[]): string {
  return execFileSync("java", ["-cp", classpath, path.join(JAVA_DIR, source), ...args], {
    encoding: "utf8",
    stdio: ["ignore", "pipe", "pipe"],
    maxBuffer: 16 * 1024 * 1024,
  });
}

export interface HadoopView {
  /** Every property as Hadoop's Configuration reads it. */
  readonly properties: Record<string, string>;
  /** Keys neither core-default.xml nor hdfs-default.xml knows (Hive's own keys are left to Hive). */
  readonly unknownKeys: string[];
  /** `FileSystem.getDefaultUri(conf)`. */
  readonly defaultUri?: string;
  /** `DFSUtilClient.getNNAddress(conf)`: where a client, a datanode or the namenode itself puts the RPC server. */
  readonly namenodeRpc?: { readonly host: string; readonly port: number };
}

/** Each named group of Hadoop XML files loaded together by `org.apache.hadoop.conf.Configuration` (one JVM for all). */
export function readHadoopConf(groups: Readonly<Record<string, readonly string[]>>): Record<string, HadoopView> {
  const args = Object.entries(groups).map(([name, files]) => `${name}=${files.join(",")}`);
  return JSON.parse(java(hadoopClasspath(), "HadoopConfProbe.java", args)) as Record<string, HadoopView>;
}

export interface Log4j2View {
  readonly defaultConfiguration: boolean;
  readonly rootLevel: string;
  readonly rootAppenders: string[];
  readonly appenders: Record<string, { type: string; layout: string; fileName?: string; filePattern?: string; target?: string }>;
  /** First line the configuration wrote to its file after one INFO event. */
  readonly firstFileLine: string;
  /** WARN/ERROR status messages log4j2 reported while configuring. */
  readonly problems: string[];
}

/** A log4j2 configuration loaded by log4j2 with `-Dlakehouse.log.file=logFile`, and one event logged through it. */
export function readLog4j2(config: string, logFile: string): Log4j2View {
  return JSON.parse(java(sparkJarsClasspath(), "Log4j2Probe.java", [config, logFile]).trim().split("\n").pop()!) as Log4j2View;
}

export interface SparkConfView {
  readonly properties: Record<string, string>;
  /** Keys Spark's registry (or, for spark.hadoop.*, Hadoop's and Hive's) does not know. */
  readonly unknownKeys: string[];
}

export interface SparkMetricsView {
  /** Properties per metrics instance (master, worker, applications, driver, executor), as `MetricsConfig` resolves them. */
  readonly instances: Record<string, Record<string, string>>;
}

/**
 * spark-defaults.conf files read by Spark (`Utils.getPropertiesFromFile` into a `SparkConf`) and metrics.properties
 * files read by Spark's `MetricsConfig`, in one JVM; keyed by file.
 */
export function readSpark(
  defaults: readonly string[],
  metrics: readonly string[] = [],
): { defaults: Record<string, SparkConfView>; metrics: Record<string, SparkMetricsView> } {
  const out = execFileSync(PYTHON, [path.join(__dirname, "spark_conf_probe.py"), ...defaults, ...metrics.map((m) => `metrics:${m}`)], {
    encoding: "utf8",
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...process.env, SPARK_LOCAL_IP: "127.0.0.1" },
  });
  const all = JSON.parse(out.trim().split("\n").pop()!) as Record<string, SparkConfView & SparkMetricsView>;
  return {
    defaults: Object.fromEntries(defaults.map((f) => [f, all[f]])),
    metrics: Object.fromEntries(metrics.map((f) => [f, all[`metrics:${f}`]])),
  };
}

/** `bash -n FILE`: bash parses the script without running it. */
export function bashSyntax(file: string): { ok: boolean; output: string } {
  const r = spawnSync("bash", ["-n", file], { encoding: "utf8" });
  return { ok: r.status === 0, output: r.stderr };
}

/** `promtool check <what> FILE`: exit status and output. */
export function promtool(what: "config" | "rules", file: string): { ok: boolean; output: string } {
  const r = spawnSync("promtool", ["check", what, file], { encoding: "utf8" });
  if (r.error) throw new Error(`promtool not runnable (${r.error.message}): run bash scripts/setup.d/35-conformance-readers.sh`);
  return { ok: r.status === 0, output: `${r.stdout}${r.stderr}` };
}
