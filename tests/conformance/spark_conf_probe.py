"""Reads rendered spark-defaults.conf files with Spark itself and prints, per file, what Spark makes of them.

Each file is loaded by `org.apache.spark.util.Utils.getPropertiesFromFile` (what spark-submit and the Thrift
Server's launcher use for spark-defaults.conf), set on a real `SparkConf`, and every key is looked up in Spark's own
config registry (`ConfigEntry.findEntry`, after loading every config object of the Spark jars: core, SQL, static SQL,
Hive). `spark.hadoop.<key>` is passed to Hadoop, so `<key>` is looked up in Hadoop's core-default.xml and Hive's
HiveConf instead. A `metrics:FILE` argument is a metrics.properties, read by Spark's `MetricsConfig` as the
daemons read `$SPARK_HOME/conf/metrics.properties`: its properties per instance (master, worker, driver, ...).
Output: one JSON object {file: {"properties": {...}, "unknownKeys": [...]} | {"instances": {...}}} on stdout.

Usage: python spark_conf_probe.py FILE... [metrics:FILE...]
"""

import json
import re
import sys
import zipfile
from pathlib import Path

import pyspark
from pyspark import SparkConf
from pyspark.java_gateway import launch_gateway

# Scala objects that register Spark's config entries when they are initialised.
REGISTRY_CLASS = re.compile(
    r"^(org/apache/spark/(?:[a-z]+/)*internal/config/[A-Za-z]+|org/apache/spark/sql/internal/(?:Static)?SQLConf"
    r"|org/apache/spark/sql/hive/HiveUtils)\$\.class$"
)
HADOOP_PREFIX = "spark.hadoop."
# Documented application properties (docs/configuration.md) that Spark reads by name, outside the registry.
DOCUMENTED_UNREGISTERED = {"spark.master"}
METRICS = "metrics:"
METRICS_INSTANCES = ("master", "worker", "applications", "driver", "executor")


def registry_objects(jars_dir: Path) -> list[str]:
    names = []
    for jar in sorted(jars_dir.glob("spark-*.jar")):
        with zipfile.ZipFile(jar) as z:
            names += [n[: -len(".class")].replace("/", ".") for n in z.namelist() if REGISTRY_CLASS.match(n)]
    return names


def metrics_instances(jvm, file: str) -> dict[str, dict[str, str]]:
    conf = jvm.org.apache.spark.SparkConf(False).set("spark.metrics.conf", str(Path(file).resolve()))
    metrics = jvm.org.apache.spark.metrics.MetricsConfig(conf)
    metrics.initialize()
    return {
        instance: {
            k: metrics.getInstance(instance).getProperty(k) for k in metrics.getInstance(instance).stringPropertyNames()
        }
        for instance in METRICS_INSTANCES
    }


def main(files: list[str]) -> None:
    gateway = launch_gateway(SparkConf())
    jvm = gateway.jvm
    for name in registry_objects(Path(pyspark.__file__).parent / "jars"):
        jvm.java.lang.Class.forName(name)
    find_entry = jvm.org.apache.spark.internal.config.ConfigEntry.findEntry
    hadoop_defaults = jvm.org.apache.hadoop.conf.Configuration(True)
    hive_var = jvm.org.apache.hadoop.hive.conf.HiveConf.getConfVars
    if find_entry("spark.sql.catalogImplementation") is None or hadoop_defaults.getRaw("fs.defaultFS") is None:
        raise SystemExit("Spark's or Hadoop's config registry did not load")

    def known(key: str) -> bool:
        if key.startswith(HADOOP_PREFIX):
            inner = key[len(HADOOP_PREFIX) :]
            return hadoop_defaults.getRaw(inner) is not None or hive_var(inner) is not None
        return find_entry(key) is not None or key in DOCUMENTED_UNREGISTERED

    out = {}
    for arg in (f for f in files if f.startswith(METRICS)):
        out[arg] = {"instances": metrics_instances(jvm, arg[len(METRICS) :])}
    for file in (f for f in files if not f.startswith(METRICS)):
        props = jvm.org.apache.spark.util.Utils.getPropertiesFromFile(str(Path(file).resolve()))
        conf = jvm.org.apache.spark.SparkConf(False)
        for key in jvm.scala.jdk.javaapi.CollectionConverters.asJava(props).keySet():
            conf.set(key, props.apply(key))
        read = {t._1(): t._2() for t in conf.getAll()}
        out[file] = {"properties": read, "unknownKeys": sorted(k for k in read if not known(k))}
    gateway.shutdown()
    print(json.dumps(out, sort_keys=True))


if __name__ == "__main__":
    main(sys.argv[1:])
