/**
 * The images the program builds (pure build specs): the lakehouse Spark image (cluster, Thrift Server, streaming
 * jobs), the Airflow image (tasks submit Spark jobs), the Hive Metastore image (with the PostgreSQL driver) and the
 * Kafka broker image (with the Prometheus JMX exporter agent).
 * Every version and checksum comes from `stacks/images.ts` through build args.
 */
import * as path from "node:path";
import { airflowPythonPackages, cassandraSinkJars, jupyterPythonPackages, mavenJars, sparkPythonPackages } from "../stacks/images";
import type { ImageBuildSpec } from "./platform/service";

type Images = Readonly<Record<"spark" | "python" | "airflow" | "hive", string>>;

/** Build context of a Dockerfile folder under components/, relative to the repository root (same in every checkout). */
const context = (...parts: string[]) => path.posix.join("components", ...parts);

const jar = (prefix: string, j: { url: string; sha256: string }) => ({ [`${prefix}_URL`]: j.url, [`${prefix}_SHA256`]: j.sha256 });

/** Tag of an image reference ("apache/airflow:3.1.3-python3.11" -> "3.1.3"). */
export function versionOf(ref: string): string {
  const tag = ref.slice(ref.lastIndexOf(":") + 1);
  return tag.split("-")[0];
}

export function sparkImageBuild(images: Images): ImageBuildSpec {
  return {
    name: "spark",
    context: context("batch", "files", "spark"),
    dockerfile: "Dockerfile",
    // Named, so that no builder builds the JupyterLab stage after it: Docker's legacy builder builds every stage up
    // to the target, and without one the last stage of the file.
    target: "lakehouse",
    args: {
      SPARK_IMAGE: images.spark,
      PYTHON_IMAGE: images.python,
      ...jar("POSTGRES_JDBC", mavenJars.postgresJdbc),
      ...jar("SPARK_SQL_KAFKA", mavenJars.sparkSqlKafka),
      ...jar("SPARK_TOKEN_PROVIDER_KAFKA", mavenJars.sparkTokenProviderKafka),
      ...jar("KAFKA_CLIENTS", mavenJars.kafkaClients),
      ...jar("COMMONS_POOL2", mavenJars.commonsPool2),
      ...Object.assign({}, ...cassandraSinkJars.map((key, i) => jar(`CASSANDRA_SINK_JAR${i + 1}`, mavenJars[key]))),
      NUMPY_VERSION: sparkPythonPackages.numpy,
    },
  };
}

/**
 * The deployed JupyterLab: the lakehouse Spark image's `jupyter` stage (same Dockerfile, context and base pins, plus
 * JupyterLab), so notebooks run the cluster's Spark and Python.
 */
export function jupyterImageBuild(images: Images): ImageBuildSpec {
  const spark = sparkImageBuild(images);
  return {
    ...spark,
    name: "jupyter",
    target: "jupyter",
    args: { ...spark.args, JUPYTERLAB_VERSION: jupyterPythonPackages.jupyterlab, MATPLOTLIB_VERSION: jupyterPythonPackages.matplotlib },
  };
}

export function airflowImageBuild(images: Images): ImageBuildSpec {
  return {
    name: "airflow",
    context: context("batch", "files", "airflow"),
    dockerfile: "Dockerfile",
    args: {
      AIRFLOW_IMAGE: images.airflow,
      AIRFLOW_VERSION: versionOf(images.airflow),
      PYSPARK_VERSION: versionOf(images.spark),
      SPARK_PROVIDER_VERSION: airflowPythonPackages["apache-airflow-providers-apache-spark"],
      KUBERNETES_PROVIDER_VERSION: airflowPythonPackages["apache-airflow-providers-cncf-kubernetes"],
      // The ML jobs' drivers run in the scheduler (client mode), and pyspark.ml imports numpy there.
      NUMPY_VERSION: sparkPythonPackages.numpy,
      ...jar("POSTGRES_JDBC", mavenJars.postgresJdbc),
    },
  };
}

export function hiveImageBuild(images: Images): ImageBuildSpec {
  return {
    name: "hive-metastore",
    context: context("storage", "files", "hive"),
    dockerfile: "Dockerfile",
    args: { HIVE_IMAGE: images.hive, ...jar("POSTGRES_JDBC", mavenJars.postgresJdbc) },
  };
}

/** The Kafka broker: the upstream image plus the Prometheus JMX exporter agent (components/observability/kafkaJmx.ts). */
export function kafkaImageBuild(images: Readonly<Record<"kafka", string>>): ImageBuildSpec {
  return {
    name: "kafka",
    context: context("streaming", "files", "kafka"),
    dockerfile: "Dockerfile",
    args: { KAFKA_IMAGE: images.kafka, ...jar("JMX_EXPORTER", mavenJars.jmxPrometheusJavaagent) },
  };
}
