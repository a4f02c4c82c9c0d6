"""The two streaming queries every job runs: an event query (parse, dead-letter, enrich, event-level sinks) and an
aggregate query (watermarked per-minute windows, upserted). Job modules only describe themselves with a `JobSpec`."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass

from pyspark.sql import DataFrame, SparkSession
from pyspark.sql import functions as F  # noqa: N812 (the PySpark idiom)
from pyspark.sql.streaming import DataStreamWriter, StreamingQuery

from lakehouse_jobs.common import logparse
from lakehouse_jobs.common.settings import Settings
from lakehouse_jobs.streaming import kafka_io, silver_sink
from lakehouse_jobs.streaming import metrics as stream_metrics
from lakehouse_jobs.streaming.cassandra_sink import CassandraWriter
from lakehouse_jobs.streaming.options import StreamOptions

LOG = logging.getLogger(__name__)


@dataclass(frozen=True)
class AggregateSink:
    """One Cassandra table fed from the aggregate rows; `dims` are the key columns after the window start."""

    table: str
    rows: Callable[[DataFrame], DataFrame]
    dims: tuple[str, ...]


@dataclass(frozen=True)
class JobSpec:
    """What distinguishes the clickstream job from the access-log job."""

    name: str
    topics: dict[str, str]  # raw, processed, metrics, dead_letter
    silver_path: str  # relative to the warehouse root
    parse: Callable[[DataFrame], DataFrame]
    enrich: Callable[[DataFrame], DataFrame]
    time_column: str
    event_table: str
    event_table_columns: tuple[str, ...]
    aggregate: Callable[[DataFrame], DataFrame]
    aggregate_sinks: tuple[AggregateSink, ...]


class StepTimer:
    """Wall time of the steps of one micro-batch, for its log line (where a slow batch spends its time)."""

    def __init__(self) -> None:
        self._start = self._last = time.monotonic()
        self._steps: list[str] = []

    def lap(self, step: str) -> None:
        now = time.monotonic()
        self._steps.append(f"{step} {now - self._last:.1f} s")
        self._last = now

    def summary(self) -> str:
        return f"{time.monotonic() - self._start:.1f} s ({', '.join(self._steps)})"


def write_events_batch(
    spec: JobSpec, options: StreamOptions, silver_root: str, cassandra: CassandraWriter, batch: DataFrame, batch_id: int
) -> None:
    """Every sink of one micro-batch; each write is idempotent, so Spark re-running the batch after a crash is safe."""
    timer = StepTimer()
    parsed = spec.parse(batch).persist()
    invalid = parsed.where(F.col(logparse.ERROR_COLUMN).isNotNull())
    kafka_io.write(kafka_io.dead_letters(invalid), options, spec.topics["dead_letter"])
    stream_metrics.count_dead_letters(spec.name, invalid.count())  # reads the cached parse, not Kafka again
    timer.lap("parse + dead letters")
    events = spec.enrich(parsed.where(F.col(logparse.ERROR_COLUMN).isNull())).persist()
    kafka_io.write(kafka_io.json_records(events, F.col("event_id")), options, spec.topics["processed"])
    timer.lap("enrich + processed topic")
    silver_sink.write_batch(events, silver_root, batch_id)
    timer.lap("silver")
    written = cassandra.upsert(spec.event_table, events.select(*spec.event_table_columns))
    timer.lap("cassandra")
    LOG.info("%s batch %d: %d events written in %s", spec.name, batch_id, written, timer.summary())
    events.unpersist()
    parsed.unpersist()


def metric_key(sink: AggregateSink) -> F.Column:
    """Deterministic key of a metric record: table|window start|dims; the latest record per key is the current value."""
    parts = [F.lit(sink.table), F.date_format("window_start", "yyyy-MM-dd'T'HH:mm:ss'Z'"), *map(F.col, sink.dims)]
    return F.concat_ws("|", *parts)


def write_aggregates_batch(
    spec: JobSpec, options: StreamOptions, cassandra: CassandraWriter, batch: DataFrame, batch_id: int
) -> None:
    """Upsert the windows updated by this batch (update mode emits full current counts, so rewriting is safe)."""
    timer = StepTimer()
    batch = batch.persist()
    windows = batch.count()  # materialises the cache: the stateful aggregation runs here, timed on its own
    timer.lap("aggregate")
    written = 0
    for sink in spec.aggregate_sinks:
        rows = sink.rows(batch).persist()
        kafka_io.write(
            kafka_io.json_records(rows.withColumn("table", F.lit(sink.table)), metric_key(sink)),
            options,
            spec.topics["metrics"],
        )
        timer.lap(f"{sink.table} topic")
        written += cassandra.upsert(sink.table, rows)
        timer.lap(f"{sink.table} cassandra")
        rows.unpersist()
    batch.unpersist()
    LOG.info("%s aggregates batch %d: %d windows, %d rows written in %s", spec.name, batch_id, windows, written,
             timer.summary())  # fmt: skip


def _start(writer: DataStreamWriter, options: StreamOptions, checkpoint: str, name: str) -> StreamingQuery:
    writer = writer.option("checkpointLocation", checkpoint).queryName(name)
    if options.available_now:
        writer = writer.trigger(availableNow=True)
    else:
        writer = writer.trigger(processingTime=options.interval)
    return writer.start()


def start(
    spark: SparkSession, settings: Settings, options: StreamOptions, spec: JobSpec, cassandra: CassandraWriter
) -> list[StreamingQuery]:
    """Start the event and aggregate queries, each with its own checkpoint under `checkpoint_root/<job>/`."""
    root = f"{options.checkpoint_root.rstrip('/')}/{spec.name}"
    silver_root = settings.path(spec.silver_path)

    def events_batch(batch: DataFrame, batch_id: int) -> None:
        write_events_batch(spec, options, silver_root, cassandra, batch, batch_id)

    def aggregates_batch(batch: DataFrame, batch_id: int) -> None:
        write_aggregates_batch(spec, options, cassandra, batch, batch_id)

    raw = kafka_io.read_stream(spark, options, spec.topics["raw"])
    events_query = _start(raw.writeStream.foreachBatch(events_batch), options, f"{root}/events", f"{spec.name}-events")
    valid = spec.parse(kafka_io.read_stream(spark, options, spec.topics["raw"]))
    valid = spec.enrich(valid.where(F.col(logparse.ERROR_COLUMN).isNull()))
    windows = spec.aggregate(valid.withWatermark(spec.time_column, options.watermark))
    aggregates_writer = windows.writeStream.outputMode("update").foreachBatch(aggregates_batch)
    aggregates_query = _start(aggregates_writer, options, f"{root}/aggregates", f"{spec.name}-aggregates")
    return [events_query, aggregates_query]
