"""Ingestion metadata added to every Bronze row (pure)."""

from __future__ import annotations

from pyspark.sql import Column, DataFrame
from pyspark.sql import functions as F

from lakehouse_jobs.common.columns import BATCH_ID, INGEST_DATE, INGESTED_AT, SOURCE_TABLE


def with_ingestion_metadata(
    df: DataFrame, source_table: str, run_date: str, batch_id: str, now: Column | None = None
) -> DataFrame:
    return df.select(
        "*",
        (now if now is not None else F.current_timestamp()).alias(INGESTED_AT),
        F.lit(source_table).alias(SOURCE_TABLE),
        F.lit(batch_id).alias(BATCH_ID),
        F.lit(run_date).alias(INGEST_DATE),
    )
