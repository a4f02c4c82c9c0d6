"""Thin IO of the Silver layer: reading a Bronze partition, writing quarantine and load-report partitions."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass

from pyspark.sql import DataFrame, SparkSession
from pyspark.sql import functions as F
from pyspark.sql.types import StructType

from lakehouse_jobs.common import fs, layout
from lakehouse_jobs.common.columns import INGEST_DATE, RUN_DATE
from lakehouse_jobs.common.settings import Settings


@dataclass(frozen=True)
class LoadCounts:
    """Rows of one run through one Silver table: rows_in = rows_out + rows_quarantined + duplicates_collapsed."""

    run_date: str
    source_table: str
    rows_in: int
    rows_out: int
    rows_quarantined: int
    duplicates_collapsed: int
    silver_rows: int

    @property
    def balanced(self) -> bool:
        return self.rows_in == self.rows_out + self.rows_quarantined + self.duplicates_collapsed


def read_partition(spark: SparkSession, path: str, run_date: str, empty_schema: StructType) -> DataFrame:
    """The Bronze partition `ingest_date=run_date` (an empty frame of `empty_schema` when there is none)."""
    if not fs.exists(spark, f"{path}/{INGEST_DATE}={run_date}"):
        return spark.createDataFrame([], empty_schema)
    df = spark.read.option("basePath", path).parquet(f"{path}/{INGEST_DATE}={run_date}")
    return df.withColumn(INGEST_DATE, F.col(INGEST_DATE).cast("string"))


def _create_if_missing(spark: SparkSession, name: str, location: str, df: DataFrame, partitions: list[str]) -> None:
    db = layout.silver_db()
    spark.sql(f"CREATE DATABASE IF NOT EXISTS {db}")
    if not spark.catalog.tableExists(name, db):
        columns = ", ".join(f"`{f.name}` {f.dataType.simpleString()}" for f in df.schema.fields)
        spark.sql(
            f"CREATE TABLE {db}.{name} ({columns}) USING parquet PARTITIONED BY ({', '.join(partitions)}) "
            f"LOCATION '{location}'"
        )


def write_partitioned(
    spark: SparkSession,
    df: DataFrame,
    key: str,
    location: str,
    run_date: str,
    source_tables: Sequence[str],
    any_rows: bool = True,
) -> None:
    """Replace the (run_date, source_table) partitions of a technical Silver table; reruns replace, never add.
    Partitions are dropped and added by name (no full RECOVER scan); nothing is written when there are no rows."""
    partitions = [RUN_DATE, "source_table"]
    name = f"{layout.silver_db()}.{layout.silver_table_name(key)}"
    ordered = df.select(*[c for c in df.columns if c not in partitions], *partitions)
    _create_if_missing(spark, layout.silver_table_name(key), location, ordered, partitions)
    specs = [f"{RUN_DATE}='{run_date}', source_table='{t}'" for t in source_tables]
    for spec, table in zip(specs, source_tables, strict=True):
        spark.sql(f"ALTER TABLE {name} DROP IF EXISTS PARTITION ({spec})")
        fs.delete(spark, f"{location}/{RUN_DATE}={run_date}/source_table={table}")
    if any_rows:
        ordered.write.mode("overwrite").partitionBy(*partitions).parquet(location)
        spark.sql(f"ALTER TABLE {name} ADD IF NOT EXISTS " + " ".join(f"PARTITION ({spec})" for spec in specs))
    spark.catalog.refreshTable(name)


def write_quarantine(
    spark: SparkSession, settings: Settings, records: DataFrame, run_date: str, source_table: str, any_rows: bool
) -> None:
    """Replace this run's quarantine partition of the table (skipping the write when nothing was rejected)."""
    path = layout.quarantine_path(settings)
    write_partitioned(spark, records, "quarantine", path, run_date, [source_table], any_rows)


def write_reports(spark: SparkSession, settings: Settings, counts: Sequence[LoadCounts]) -> None:
    """Record the counts of one Silver build (all its tables in one write)."""
    if not counts:
        return
    df = spark.createDataFrame([asdict(c) for c in counts])
    path = layout.report_path(settings)
    write_partitioned(spark, df, "loadReport", path, counts[0].run_date, [c.source_table for c in counts])


def read_reports(spark: SparkSession, settings: Settings, run_date: str) -> list[LoadCounts]:
    path = layout.report_path(settings)
    # No bytes, no reports: the deployment's hdfs-init creates every contract folder, this one empty.
    if fs.size_bytes(spark, path) == 0:
        return []
    rows = spark.read.parquet(path).where(F.col(RUN_DATE).cast("string") == run_date).collect()
    return sorted(
        (LoadCounts(**{**r.asDict(), RUN_DATE: str(r[RUN_DATE])}) for r in rows), key=lambda c: c.source_table
    )
