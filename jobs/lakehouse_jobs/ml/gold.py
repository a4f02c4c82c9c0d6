"""Reading the Gold tables the ML jobs learn from."""

from __future__ import annotations

from pyspark.sql import DataFrame, SparkSession

from lakehouse_jobs.common import layout, tables


def read(spark: SparkSession, name: str) -> DataFrame:
    """A published Gold table; a clear error when the Gold build has not run yet."""
    df = tables.read_table(spark, layout.gold_db(), name)
    if df is None:
        raise RuntimeError(f"Gold table {layout.gold_db()}.{name} does not exist: run the Gold build (mart ecom) first")
    return df
