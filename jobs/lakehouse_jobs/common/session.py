"""Builds the SparkSession for a job from `Settings`. Only entry points and test fixtures call this."""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping

from pyspark.sql import SparkSession

from lakehouse_jobs.common.settings import Settings

# Heap of a local-master JVM, whose executors run inside the driver. Spark's 1g default ran out of heap caching the
# parsed access log of `local up --scale 1` (4.5M lines); deployments size spark.driver.memory themselves.
LOCAL_DRIVER_MEMORY = "2g"


def spark_conf(settings: Settings) -> dict[str, str]:
    """The Spark configuration implied by the settings (pure, so it can be tested and shown)."""
    conf = {
        "spark.master": settings.master,
        "spark.sql.shuffle.partitions": str(settings.shuffle_partitions),
        "spark.sql.warehouse.dir": settings.path("_hive_warehouse"),
        "spark.sql.session.timeZone": "UTC",
        "spark.sql.sources.partitionOverwriteMode": "dynamic",
        "spark.sql.catalogImplementation": "hive",
        "spark.ui.showConsoleProgress": "false",
    }
    if settings.embedded_metastore:
        metastore_dir = settings.path("_metastore_db").removeprefix("file:")
        conf["spark.hadoop.javax.jdo.option.ConnectionURL"] = f"jdbc:derby:;databaseName={metastore_dir};create=true"
    else:
        conf["spark.hadoop.hive.metastore.uris"] = settings.metastore_uri
    if settings.master.startswith("local"):
        conf["spark.driver.memory"] = LOCAL_DRIVER_MEMORY
    conf.update(settings.extra_conf)  # --conf wins over every default above
    return conf


def worker_python_env(settings: Settings, environ: Mapping[str, str]) -> dict[str, str]:
    """Environment to add so local Python workers run this interpreter (the jobs' virtualenv) rather than the first
    `python3` on PATH, which lacks the jobs' dependencies (the Cassandra driver runs in the workers). PySpark reads
    PYSPARK_PYTHON when the context starts (`spark.pyspark.python` only affects spark-submit). An explicit
    PYSPARK_PYTHON wins; deployed images set one, and a remote executor could not use the driver's path anyway."""
    if settings.master.startswith("local") and not environ.get("PYSPARK_PYTHON"):
        return {"PYSPARK_PYTHON": sys.executable}
    return {}


def build_session(settings: Settings, app_name: str) -> SparkSession:
    os.environ.update(worker_python_env(settings, os.environ))
    builder = SparkSession.builder.appName(app_name)
    for key, value in spark_conf(settings).items():
        builder = builder.config(key, value)
    return builder.enableHiveSupport().getOrCreate()
