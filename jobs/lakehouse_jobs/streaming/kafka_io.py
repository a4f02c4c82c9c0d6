"""Kafka reading (stream) and writing (batch, inside foreachBatch), plus the dead-letter record format."""

from __future__ import annotations

from pyspark.sql import Column, DataFrame, SparkSession
from pyspark.sql import functions as F  # noqa: N812 (the PySpark idiom)

from lakehouse_jobs.common import logparse
from lakehouse_jobs.streaming.options import StreamOptions

SOURCE_COLUMNS = ("value", "topic", "partition", "offset", "timestamp")


def read_stream(spark: SparkSession, options: StreamOptions, topic: str) -> DataFrame:
    """The raw topic as `SOURCE_COLUMNS`, value decoded as UTF-8 (invalid bytes become U+FFFD and fail parsing)."""
    reader = (
        spark.readStream.format("kafka")
        .option("kafka.bootstrap.servers", options.kafka_bootstrap)
        .option("subscribe", topic)
        .option("startingOffsets", options.starting_offsets)
        # Never skip data silently: a missing offset range (retention, topic re-created) stops the query.
        .option("failOnDataLoss", "true")
    )
    if options.max_offsets_per_trigger:
        reader = reader.option("maxOffsetsPerTrigger", str(options.max_offsets_per_trigger))
    return reader.load().select(F.col("value").cast("string").alias("value"), *SOURCE_COLUMNS[1:])


def dead_letters(parsed_invalid: DataFrame) -> DataFrame:
    """Dead-letter records (key, value): reason, original payload and its source coordinates, as JSON.

    The key `topic/partition/offset` is unique per raw record, so a re-processed batch re-sends the same keys.
    """
    source = F.struct(F.col("topic"), F.col("partition"), F.col("offset"), F.col("timestamp").alias("kafka_ts")).alias(
        "source"
    )
    payload = F.struct(F.col(logparse.ERROR_COLUMN).alias("reason"), F.col("value").alias("payload"), source)
    return parsed_invalid.select(
        F.concat_ws("/", "topic", "partition", "offset").alias("key"), F.to_json(payload).alias("value")
    )


def json_records(df: DataFrame, key: Column) -> DataFrame:
    """(key, value) records with every column of `df` in a JSON value (nulls written explicitly)."""
    return df.select(
        key.cast("string").alias("key"),
        F.to_json(F.struct(*df.columns), {"ignoreNullFields": "false"}).alias("value"),
    )


def write(records: DataFrame, options: StreamOptions, topic: str) -> None:
    """Write (key, value) records to `topic` with an idempotent producer that waits for all in-sync replicas."""
    (
        records.write.format("kafka")
        .option("kafka.bootstrap.servers", options.kafka_bootstrap)
        .option("kafka.acks", "all")
        .option("kafka.enable.idempotence", "true")
        .option("topic", topic)
        .save()
    )
