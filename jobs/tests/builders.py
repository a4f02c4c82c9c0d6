"""Small builders of test inputs: rows by column name, in the shapes the layers read."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from pyspark.sql import DataFrame, SparkSession

from lakehouse_jobs.common.columns import BATCH_ID, INGEST_DATE, INGESTED_AT
from lakehouse_jobs.common.schemas import table_spec
from lakehouse_jobs.silver.transform import bronze_schema

T0 = dt.datetime(2018, 1, 1, 0, 0, 0)


def ts(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text)


def bronze(
    spark: SparkSession, source: str, table: str, rows: Sequence[dict[str, Any]], ingest_date: str = "2026-01-01"
) -> DataFrame:
    """A Bronze batch of `source.table`: unspecified columns are null, updated_at defaults to T0."""
    schema = bronze_schema(table_spec(source, table))
    defaults = {"updated_at": T0, INGESTED_AT: T0, BATCH_ID: "b1", INGEST_DATE: ingest_date}
    full = [tuple({**defaults, **row}.get(f.name) for f in schema.fields) for row in rows]
    return spark.createDataFrame(full, schema)


def frame(spark: SparkSession, ddl: str, rows: Sequence[tuple[Any, ...]]) -> DataFrame:
    return spark.createDataFrame(list(rows), ddl)
