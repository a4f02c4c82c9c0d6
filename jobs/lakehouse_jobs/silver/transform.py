"""Pure Bronze -> Silver transformations: typing, cleaning, rule checks, cross-run deduplication."""

from __future__ import annotations

from collections.abc import Sequence

from pyspark.sql import DataFrame, Window
from pyspark.sql import functions as F
from pyspark.sql.types import StringType, StructField, StructType, TimestampType

from lakehouse_jobs.common.columns import BATCH_ID, INGEST_DATE, INGESTED_AT, RUN_DATE
from lakehouse_jobs.common.schemas import TableSpec, spark_type, typed_schema, watermark_column
from lakehouse_jobs.silver import clean
from lakehouse_jobs.silver import rules as rules_mod
from lakehouse_jobs.silver.rules import REJECTION
from lakehouse_jobs.silver.tables import SilverTable

LINEAGE = (INGESTED_AT, BATCH_ID, INGEST_DATE)
_RAW = "_raw_"


def bronze_schema(spec: TableSpec) -> StructType:
    """The shape of a Bronze table: typed source columns plus ingestion metadata (used for empty batches)."""
    extra = [
        StructField(INGESTED_AT, TimestampType()),
        StructField(BATCH_ID, StringType()),
        StructField(INGEST_DATE, StringType()),
    ]
    return StructType([*typed_schema(spec).fields, *extra])


def require_columns(df: DataFrame, spec: TableSpec) -> None:
    missing = [c for c in [*spec.column_names, watermark_column(), *LINEAGE] if c not in df.columns]
    if missing:
        raise ValueError(f"Bronze {spec.source}.{spec.name} lacks columns {missing} required by contracts/sources.json")


def validate(bronze: DataFrame, spec: TableSpec, table: SilverTable) -> DataFrame:
    """Typed, cleaned rows of the contract columns with `_rejected_by` naming the first broken rule (or null)."""
    require_columns(bronze, spec)
    raw = bronze.select(*[F.col(c).alias(_RAW + c) for c in spec.column_names], watermark_column(), *LINEAGE)
    typed_cols = []
    checks: list[rules_mod.Rule] = []
    for column in spec.columns:
        value = F.col(_RAW + column.name).try_cast(spark_type(column.type))
        if column.type == "text":
            value = table.cleaners.get(column.name, clean.blank_to_null)(value)
        else:
            checks.append(rules_mod.cast_failed(_RAW + column.name, value, column.name))
        typed_cols.append(value.alias(column.name))
    typed = raw.select(
        *typed_cols,
        F.col(watermark_column()).cast("timestamp").alias(watermark_column()),
        *LINEAGE,
        *[_RAW + c for c in spec.column_names],
    )
    required = sorted({*spec.key, *[c.name for c in spec.columns if not c.nullable]}, key=spec.column_names.index)
    rules = [*checks, *rules_mod.not_null(required), *table.rules()]
    return rules_mod.apply(typed, rules).drop(*[_RAW + c for c in spec.column_names])


def latest_per_key(existing: DataFrame | None, batch: DataFrame, key: Sequence[str]) -> DataFrame:
    """One row per business key: the newest `updated_at` (if any); on a tie the incoming batch wins, then content."""
    priority = "_priority"
    incoming = batch.withColumn(priority, F.lit(1))
    union = incoming if existing is None else incoming.unionByName(existing.withColumn(priority, F.lit(0)))
    content = F.xxhash64(*[F.col(c) for c in batch.columns])
    newest = [F.col(watermark_column()).desc_nulls_last()] if watermark_column() in batch.columns else []
    order = [*newest, F.col(priority).desc(), content.desc()]
    ranked = union.withColumn("_rank", F.row_number().over(Window.partitionBy(*key).orderBy(*order)))
    return ranked.where(F.col("_rank") == 1).drop("_rank", priority)


def quarantine_records(rejected: DataFrame, spec: TableSpec, run_date: str) -> DataFrame:
    """Rejected rows as (rule, key, JSON record, table, run date): nothing accepted is lost."""
    return rejected_records(rejected, spec.dedup_key, f"{spec.source}.{spec.name}", run_date)


def rejected_records(rejected: DataFrame, key_cols: Sequence[str], source_table: str, run_date: str) -> DataFrame:
    record_cols = [c for c in rejected.columns if c != REJECTION]
    return rejected.select(
        F.col(REJECTION).alias("rule"),
        F.concat_ws("|", *[F.coalesce(F.col(c).cast("string"), F.lit("")) for c in key_cols]).alias("record_key"),
        F.to_json(F.struct(*record_cols)).alias("record"),
        F.lit(source_table).alias("source_table"),
        F.lit(run_date).alias(RUN_DATE),
    )
