"""The one streaming query every job runs: each micro-batch is parsed once, then feeds the dead letters, the event-level
sinks and the watermarked per-minute aggregates (`window_state`), upserted. Job modules only describe themselves
with a `JobSpec`."""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass

from pyspark.sql import DataFrame, SparkSession
from pyspark.sql import functions as F  # noqa: N812 (the PySpark idiom)
from pyspark.sql.streaming import DataStreamWriter, StreamingQuery

from lakehouse_jobs.common import logparse
from lakehouse_jobs.common.settings import Settings
from lakehouse_jobs.streaming import kafka_io, silver_sink, window_state
from lakehouse_jobs.streaming import metrics as stream_metrics
from lakehouse_jobs.streaming.cassandra_sink import CassandraWriter
from lakehouse_jobs.streaming.options import StreamOptions

LOG = logging.getLogger(__name__)
LATE_LOG = logging.getLogger("lakehouse_jobs.streaming")
QUERY_DIR = "query"
"""Checkpoint of the job's query: `<checkpoint root>/<job>/query`."""
STATE_DIR = "aggregates"
"""Open aggregate windows per batch: `<checkpoint root>/<job>/aggregates/<batch id>-<watermark>/` (`window_state`)."""


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
    partials: Callable[[DataFrame], DataFrame]  # events -> mergeable rows per (window, dim)
    sketches: tuple[str, ...]  # the partial columns merged by HyperLogLog union (the others are summed)
    finish: Callable[[DataFrame], DataFrame]  # merged partial rows -> aggregate rows
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


def write_batch(
    spec: JobSpec, options: StreamOptions, silver_root: str, cassandra: CassandraWriter, state: window_state.FileStore,
    batch: DataFrame, batch_id: int,
) -> None:  # fmt: skip
    """Every sink of one micro-batch, from one parse; each write is idempotent (the aggregates' state included), so
    Spark re-running the batch after a crash is safe."""
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
    windows = write_aggregates(spec, options, cassandra, state, events, batch_id, timer)
    LOG.info("%s batch %d: %d events written in %s, %d windows updated", spec.name, batch_id, written, timer.summary(),
             windows)  # fmt: skip
    events.unpersist()
    parsed.unpersist()


def metric_key(sink: AggregateSink) -> F.Column:
    """Deterministic key of a metric record: table|window start|dims; the latest record per key is the current value."""
    parts = [F.lit(sink.table), F.date_format("window_start", "yyyy-MM-dd'T'HH:mm:ss'Z'"), *map(F.col, sink.dims)]
    return F.concat_ws("|", *parts)


def write_aggregates(
    spec: JobSpec, options: StreamOptions, cassandra: CassandraWriter, state: window_state.FileStore,
    events: DataFrame, batch_id: int, timer: StepTimer,
) -> int:  # fmt: skip
    """Fold the batch's events into the open windows, then upsert the windows it updated (full current values, so
    rewriting is safe) into Cassandra and the metrics topic. Returns the number of updated windows."""
    result = window_state.update(state, batch_id, events, spec.time_column, options.watermark, spec.partials,
                                 spec.sketches)  # fmt: skip
    timer.lap("aggregate")
    if result.late_events:
        record = {"event": "late_events", "query": spec.name, "batch": batch_id, "count": result.late_events}
        LATE_LOG.warning(json.dumps(record))
    stream_metrics.record_state(spec.name, result.open_windows, result.watermark_us)
    updated = spec.finish(result.updated).persist()
    windows = updated.count()
    for sink in spec.aggregate_sinks:
        rows = sink.rows(updated)
        kafka_io.write(
            kafka_io.json_records(rows.withColumn("table", F.lit(sink.table)), metric_key(sink)),
            options,
            spec.topics["metrics"],
        )
        timer.lap(f"{sink.table} topic")
        cassandra.upsert(sink.table, rows)
        timer.lap(f"{sink.table} cassandra")
    updated.unpersist()
    result.release()
    return windows


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
    """Start the job's query, checkpointed in `checkpoint_root/<job>/query` (aggregate state beside it)."""
    root = f"{options.checkpoint_root.rstrip('/')}/{spec.name}"
    silver_root = settings.path(spec.silver_path)
    state = window_state.FileStore(spark, f"{root}/{STATE_DIR}")

    def batch(frame: DataFrame, batch_id: int) -> None:
        write_batch(spec, options, silver_root, cassandra, state, frame, batch_id)

    raw = kafka_io.read_stream(spark, options, spec.topics["raw"])
    return [_start(raw.writeStream.foreachBatch(batch), options, f"{root}/{QUERY_DIR}", spec.name)]
