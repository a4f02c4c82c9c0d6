"""Silver and Gold as Delta Lake tables registered in the metastore.

A publish is one Delta commit: readers keep seeing the previous version until it lands, a failed write commits
nothing, and the table's history keeps earlier versions for time travel (`VERSION AS OF n`) until VACUUM removes
their files (see lakehouse_jobs.maintenance).
"""

from __future__ import annotations

from collections.abc import Sequence

from pyspark.sql import DataFrame, SparkSession

from lakehouse_jobs.common import fs

DELTA_LOG = "_delta_log"
# Folders of the Parquet version swap that Delta replaced (run-<millis>-<date>); removed on a table's first commit.
_LEGACY_VERSION_PREFIX = "run-"


def table_exists(spark: SparkSession, db: str, table: str) -> bool:
    return bool(spark.catalog.tableExists(table, db))


def is_delta(spark: SparkSession, root: str) -> bool:
    return fs.exists(spark, f"{root}/{DELTA_LOG}")


def current_version(spark: SparkSession, name: str) -> int:
    """The latest committed version of the Delta table `db.table`."""
    row = spark.sql(f"DESCRIBE HISTORY {name} LIMIT 1").first()
    assert row is not None
    return int(row["version"])


def _retire_parquet_versions(spark: SparkSession, db: str, table: str, root: str) -> None:
    """A table still published by the Parquet version swap becomes a Delta table on its next publish: the old
    registration and version folders go (the data is rebuilt from Silver, or from Bronze for Silver)."""
    if is_delta(spark, root):
        return
    spark.sql(f"DROP TABLE IF EXISTS {db}.{table}")
    for name in fs.list_dirs(spark, root):
        if name.startswith(_LEGACY_VERSION_PREFIX):
            fs.delete(spark, f"{root}/{name}")


def publish(
    spark: SparkSession,
    df: DataFrame,
    db: str,
    table: str,
    root: str,
    run_date: str,
    partition_by: Sequence[str] = (),
) -> int:
    """Replace the rows of the Delta table `db.table` (stored at `root`) with `df` in one commit; returns its version.

    `df` may read the table itself: Delta reads a snapshot, and the replaced files stay until VACUUM."""
    spark.sql(f"CREATE DATABASE IF NOT EXISTS {db}")
    _retire_parquet_versions(spark, db, table, root)
    writer = (
        df.write.format("delta")
        .mode("overwrite")
        .option("overwriteSchema", "true")
        # The session's dynamic mode (for the Parquet technical tables) would keep partitions absent from `df`.
        .option("partitionOverwriteMode", "static")
        .option("userMetadata", f"run_date={run_date}")
        .option("path", root)
    )
    if partition_by:
        writer = writer.partitionBy(*partition_by)
    writer.saveAsTable(f"{db}.{table}")
    return current_version(spark, f"{db}.{table}")


def upsert(spark: SparkSession, df: DataFrame, name: str, key: Sequence[str], replace_when: str = "true") -> None:
    """MERGE `df` (one row per key) into the Delta table `name` in one commit: a row whose key exists replaces it
    when `replace_when` holds (SQL over `s`, the new row, and `t`, the stored one); a new key is inserted. Keys
    compare null-safely, as a dedup window does."""
    view = f"_upsert_{abs(hash(name))}"
    df.createOrReplaceTempView(view)
    on = " AND ".join(f"t.`{k}` <=> s.`{k}`" for k in key)
    try:
        spark.sql(
            f"MERGE INTO {name} t USING {view} s ON {on} "
            f"WHEN MATCHED AND ({replace_when}) THEN UPDATE SET * WHEN NOT MATCHED THEN INSERT *"
        )
    finally:
        spark.catalog.dropTempView(view)


def read_table(spark: SparkSession, db: str, table: str) -> DataFrame | None:
    """The published table, or None before its first publish."""
    if not table_exists(spark, db, table):
        return None
    return spark.table(f"{db}.{table}")
