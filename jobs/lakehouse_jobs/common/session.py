"""Builds the SparkSession for a job from `Settings`. Only entry points and test fixtures call this."""

from __future__ import annotations

from pyspark.sql import SparkSession

from lakehouse_jobs.common.settings import Settings


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
    conf.update(settings.extra_conf)
    return conf


def build_session(settings: Settings, app_name: str) -> SparkSession:
    builder = SparkSession.builder.appName(app_name)
    for key, value in spark_conf(settings).items():
        builder = builder.config(key, value)
    return builder.enableHiveSupport().getOrCreate()
