"""The end of every Silver build (tables and logs alike): quarantine the rejected rows, merge the valid ones into the
published table atomically, and record the run's counts. Counting is done in two aggregations, not one job per count."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from pyspark import StorageLevel
from pyspark.sql import Column, DataFrame, SparkSession
from pyspark.sql import functions as F

from lakehouse_jobs.common import layout, tables
from lakehouse_jobs.common.columns import INGEST_DATE
from lakehouse_jobs.common.settings import Settings
from lakehouse_jobs.silver import io, transform


@dataclass(frozen=True)
class Batch:
    """A checked batch: `checked` holds every input row, `rejected` marks the quarantined ones."""

    checked: DataFrame
    rejected: Column
    quarantine: DataFrame  # built from `checked` where rejected
    valid: DataFrame  # built from `checked` where not rejected
    key: Sequence[str]


def _split_counts(df: DataFrame, flag: Column) -> tuple[int, int]:
    row = df.agg(F.count(F.lit(1)), F.count(F.when(flag, 1))).first()
    assert row is not None
    return int(row[0]), int(row[1])


def publish_batch(
    spark: SparkSession, settings: Settings, batch: Batch, name: str, root: str, source_table: str, run_date: str
) -> io.LoadCounts:
    checked = batch.checked.persist(StorageLevel.MEMORY_AND_DISK)
    try:
        rows_in, rows_quarantined = _split_counts(checked, batch.rejected)
        io.write_quarantine(spark, settings, batch.quarantine, run_date, source_table, rows_quarantined > 0)
        existing = tables.read_table(spark, layout.silver_db(), name)
        if rows_in == 0 and existing is not None:
            silver_rows, rows_out = existing.count(), 0
        else:
            merged = transform.latest_per_key(existing, batch.valid, batch.key)
            tables.publish(spark, merged, layout.silver_db(), name, root, run_date)
            published = spark.table(f"{layout.silver_db()}.{name}")
            silver_rows, rows_out = _split_counts(published, F.col(INGEST_DATE) == run_date)
    finally:
        checked.unpersist()
    return io.LoadCounts(
        run_date, source_table, rows_in, rows_out, rows_quarantined, rows_in - rows_out - rows_quarantined, silver_rows
    )
