"""Silver for logs: Bronze lines parsed by the parser the streaming jobs use (`common.logparse`), deduplicated
by line content across runs; unparsable lines go to quarantine with the parser's reason."""

from __future__ import annotations

from dataclasses import dataclass

from pyspark.sql import DataFrame, SparkSession
from pyspark.sql import functions as F
from pyspark.sql.types import StringType, StructField, StructType, TimestampType

from lakehouse_jobs.common import layout, logparse
from lakehouse_jobs.common.columns import BATCH_ID, INGEST_DATE, INGESTED_AT, RAW_LINE, SOURCE_FILE
from lakehouse_jobs.common.settings import Settings
from lakehouse_jobs.silver import io, merge, transform


@dataclass(frozen=True)
class LogKind:
    kind: str
    table_key: str  # key of contracts/storage.json silverTables
    id_column: str
    columns: tuple[str, ...]

    def parse(self, df: DataFrame) -> DataFrame:
        if self.kind == "clickstream":
            return logparse.parse_clickstream(df, RAW_LINE)
        return logparse.parse_accesslog(df, RAW_LINE)


KINDS = (
    LogKind("clickstream", "clickstream", "event_id", tuple(logparse.CLICKSTREAM_COLUMNS)),
    LogKind("accesslog", "accesslog", "request_id", tuple(logparse.ACCESSLOG_COLUMNS)),
)
LINEAGE = (SOURCE_FILE, INGESTED_AT, BATCH_ID, INGEST_DATE)
BRONZE_SCHEMA = StructType(
    [
        StructField(RAW_LINE, StringType()),
        StructField(SOURCE_FILE, StringType()),
        StructField(INGESTED_AT, TimestampType()),
        StructField(BATCH_ID, StringType()),
        StructField(INGEST_DATE, StringType()),
    ]
)


def parsed(bronze: DataFrame, kind: LogKind) -> DataFrame:
    """Parsed lines with a content id (sha-256 of the line: the same line ingested twice is one event)."""
    return kind.parse(bronze).withColumn(kind.id_column, F.sha2(F.col(RAW_LINE), 256))


def valid_rows(df: DataFrame, kind: LogKind) -> DataFrame:
    return df.where(F.col(logparse.ERROR_COLUMN).isNull()).select(kind.id_column, *kind.columns, *LINEAGE)


def build_kind(spark: SparkSession, settings: Settings, kind: LogKind, run_date: str) -> io.LoadCounts:
    name = layout.silver_table_name(kind.table_key)
    source_table = f"logs.{kind.kind}"
    bronze = io.read_partition(spark, layout.bronze_log_path(settings, kind.kind), run_date, BRONZE_SCHEMA)
    checked = parsed(bronze, kind)
    rejected = F.col(logparse.ERROR_COLUMN).isNotNull()
    quarantine = checked.where(rejected).select(
        F.concat(F.lit("parse:"), F.col(logparse.ERROR_COLUMN)).alias(transform.REJECTION),
        kind.id_column,
        RAW_LINE,
        *LINEAGE,
    )
    batch = merge.Batch(
        checked=checked,
        rejected=rejected,
        quarantine=transform.rejected_records(quarantine, [kind.id_column], source_table, run_date),
        valid=valid_rows(checked, kind),
        key=[kind.id_column],
    )
    root = layout.silver_root(settings, "logs", name)
    return merge.publish_batch(spark, settings, batch, name, root, source_table, run_date)


def run(spark: SparkSession, settings: Settings, run_date: str) -> list[io.LoadCounts]:
    return [build_kind(spark, settings, kind, run_date) for kind in KINDS]
