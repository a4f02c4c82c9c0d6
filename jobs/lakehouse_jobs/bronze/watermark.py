"""Per-table ingestion state: for every (source, table, ingest date) the watermark bounds that date ingested.

State for date D is written only after D's Bronze partition is written and read back. A run for date D always starts
from the highest watermark recorded for an *earlier* date, so rerunning D (e.g. an Airflow retry after a failure
between the data write and the state write) re-reads the same range and overwrites the same partition: no duplicates.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict, dataclass

from pyspark.sql import SparkSession
from pyspark.sql import functions as F

from lakehouse_jobs.common import fs, layout
from lakehouse_jobs.common.columns import INGEST_DATE
from lakehouse_jobs.common.settings import Settings


@dataclass(frozen=True)
class WatermarkState:
    source: str
    table: str
    ingest_date: str
    rows: int
    watermark_from: str | None
    watermark_to: str
    full: bool


def previous_high(recorded: Iterable[tuple[str, str]], run_date: str) -> str | None:
    """The lower bound for `run_date`: the highest `watermark_to` among states of earlier ingest dates."""
    earlier = [high for ingest_date, high in recorded if ingest_date < run_date]
    return max(earlier) if earlier else None


def recorded(spark: SparkSession, settings: Settings, source: str, table: str) -> list[tuple[str, str]]:
    path = layout.watermark_state_path(settings)
    # No bytes, no state: the deployment's hdfs-init creates every contract folder, this one empty.
    if fs.size_bytes(spark, path) == 0:
        return []
    rows = (
        spark.read.parquet(path)
        .where((F.col("source") == source) & (F.col("table") == table))
        .select(F.col(INGEST_DATE).cast("string"), "watermark_to")
        .collect()
    )
    return [(str(r[0]), str(r[1])) for r in rows]


def record(spark: SparkSession, settings: Settings, state: WatermarkState) -> None:
    row = asdict(state)
    df = spark.createDataFrame(
        [row],
        "source string, table string, ingest_date string, rows long, watermark_from string, watermark_to string, "
        "full boolean",
    )
    df.write.mode("overwrite").partitionBy("source", "table", INGEST_DATE).parquet(
        layout.watermark_state_path(settings)
    )
