"""Publishing Hive tables (Parquet) atomically: write a new version directory, register it, then swap names.

A failed write leaves the published table untouched; the swap is two metastore renames (no data moves, the tables are
external), and an interrupted swap is repaired by the next publish. Old versions are deleted, keeping the previous one
so that queries already planned against it can finish.
"""

from __future__ import annotations

import time
from collections.abc import Sequence

from pyspark.sql import DataFrame, SparkSession

from lakehouse_jobs.common import fs

_STAGING = "__staging"
_PREVIOUS = "__previous"
KEEP_VERSIONS = 2


def table_exists(spark: SparkSession, db: str, table: str) -> bool:
    return bool(spark.catalog.tableExists(table, db))


def version_id(run_date: str) -> str:
    """A version directory name unique per publish; names sort by publish time, so the newest is last."""
    return f"run-{time.time_ns() // 1_000_000:013d}-{run_date.replace('-', '')}"


def latest_version(spark: SparkSession, root: str) -> str | None:
    """Location of the newest published version under a table root (for readers without the metastore), or None."""
    versions = [v for v in fs.list_dirs(spark, root) if v.startswith("run-")] if fs.exists(spark, root) else []
    return f"{root}/{max(versions)}" if versions else None


def _repair_interrupted_swap(spark: SparkSession, db: str, table: str) -> None:
    if not table_exists(spark, db, table) and table_exists(spark, db, table + _PREVIOUS):
        spark.sql(f"ALTER TABLE {db}.{table}{_PREVIOUS} RENAME TO {db}.{table}")
    spark.sql(f"DROP TABLE IF EXISTS {db}.{table}{_PREVIOUS}")


def _register(
    spark: SparkSession, db: str, name: str, df: DataFrame, location: str, partition_by: Sequence[str]
) -> None:
    columns = ", ".join(f"`{f.name}` {f.dataType.simpleString()}" for f in df.schema.fields)
    partitioned = f"PARTITIONED BY ({', '.join(partition_by)})" if partition_by else ""
    spark.sql(f"DROP TABLE IF EXISTS {db}.{name}")
    spark.sql(f"CREATE TABLE {db}.{name} ({columns}) USING parquet {partitioned} LOCATION '{location}'")
    if partition_by:
        spark.sql(f"ALTER TABLE {db}.{name} RECOVER PARTITIONS")


def publish(
    spark: SparkSession,
    df: DataFrame,
    db: str,
    table: str,
    root: str,
    run_date: str,
    partition_by: Sequence[str] = (),
) -> str:
    """Write `df` as the new version of `db.table` under `root`; returns the version location."""
    spark.sql(f"CREATE DATABASE IF NOT EXISTS {db}")
    _repair_interrupted_swap(spark, db, table)
    location = f"{root}/{version_id(run_date)}"
    writer = df.write.mode("errorifexists").format("parquet")
    if partition_by:
        writer = writer.partitionBy(*partition_by)
    writer.save(location)
    _register(spark, db, table + _STAGING, df, location, partition_by)
    if table_exists(spark, db, table):
        spark.sql(f"ALTER TABLE {db}.{table} RENAME TO {db}.{table}{_PREVIOUS}")
    spark.sql(f"ALTER TABLE {db}.{table}{_STAGING} RENAME TO {db}.{table}")
    spark.sql(f"DROP TABLE IF EXISTS {db}.{table}{_PREVIOUS}")
    spark.catalog.refreshTable(f"{db}.{table}")
    _delete_old_versions(spark, root)
    return location


def _delete_old_versions(spark: SparkSession, root: str) -> None:
    versions = [v for v in fs.list_dirs(spark, root) if v.startswith("run-")]
    for stale in versions[:-KEEP_VERSIONS]:
        fs.delete(spark, f"{root}/{stale}")


def read_table(spark: SparkSession, db: str, table: str) -> DataFrame | None:
    """The published table, or None before its first publish."""
    if not table_exists(spark, db, table):
        return None
    return spark.table(f"{db}.{table}")
