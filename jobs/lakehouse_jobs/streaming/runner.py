"""Entry-point plumbing shared by the two jobs: arguments -> settings -> session -> queries -> wait."""

from __future__ import annotations

import dataclasses
import json
import logging
import os
import signal
from collections.abc import Callable, Sequence
from typing import Any

from pyspark.errors import StreamingQueryException
from pyspark.sql import SparkSession
from pyspark.sql.streaming import StreamingQueryListener

from lakehouse_jobs.common import contracts, logs
from lakehouse_jobs.common.session import build_session
from lakehouse_jobs.common.settings import Settings
from lakehouse_jobs.streaming import metrics as stream_metrics
from lakehouse_jobs.streaming import options as opts
from lakehouse_jobs.streaming import packages, pipeline
from lakehouse_jobs.streaming.cassandra_sink import CassandraWriter

LOG = logging.getLogger("lakehouse_jobs.streaming")


class LateEventsListener(StreamingQueryListener):
    """Logs, per aggregate batch, the events the watermark excluded from the aggregates (they stay in event sinks)."""

    def onQueryStarted(self, event: Any) -> None:  # noqa: N802 (PySpark API)
        pass

    def onQueryProgress(self, event: Any) -> None:  # noqa: N802
        progress = event.progress
        dropped = sum(op.numRowsDroppedByWatermark for op in progress.stateOperators)
        if dropped:
            record = {"event": "late_events", "query": progress.name, "batch": progress.batchId, "count": dropped}
            LOG.warning(json.dumps(record))

    def onQueryIdle(self, event: Any) -> None:  # noqa: N802
        pass

    def onQueryTerminated(self, event: Any) -> None:  # noqa: N802
        pass


STATE_CONF = {
    # RocksDB keeps the aggregation state off the JVM heap and, with changelog checkpointing, commits a batch by
    # uploading the changed keys only (the default provider snapshots whole state maps per partition).
    "spark.sql.streaming.stateStore.providerClass":
        "org.apache.spark.sql.execution.streaming.state.RocksDBStateStoreProvider",
    "spark.sql.streaming.stateStore.rocksdb.changelogCheckpointing.enabled": "true",
}  # fmt: skip
"""Streaming state settings of both jobs; a `--conf` of the caller wins. A checkpoint keeps the provider it was
created with (Spark records it in the checkpoint), so existing checkpoints go on with the old one."""


def session_settings(settings: Settings) -> Settings:
    """Settings plus the Kafka connector and Cassandra sink jars (unless the caller set spark.jars), the state
    settings (`STATE_CONF`) and UTC for every timestamp."""
    extra = {**STATE_CONF, **settings.extra_conf}
    # Not setdefault: its argument would look up the local jars even when the caller set spark.jars (deployed images
    # bake the connector and have no ~/.m2).
    if "spark.jars" not in extra:
        extra["spark.jars"] = ",".join([*packages.kafka_jars(), *packages.cassandra_sink_jars()])
    return dataclasses.replace(settings, extra_conf=extra)


def _supervise(queries: list[Any]) -> tuple[str, Any] | None:
    """Wait until every query stops; one failing stops the others. Returns (name, error) of a failure, else None."""
    # Short waits, so the signal handlers get to run (a blocking Java call would defer them forever).
    while active := [q for q in queries if q.isActive]:
        if any(not q.isActive and q.exception() is not None for q in queries):
            for query in active:
                query.stop()
            break
        try:
            active[0].awaitTermination(1)
        except StreamingQueryException:
            pass  # a failed query raises here; it is read back through exception() below
    return next(((q.name, q.exception()) for q in queries if q.exception() is not None), None)


def run(spark: SparkSession, settings: Settings, options: opts.StreamOptions, spec: pipeline.JobSpec) -> None:
    """Run both queries until they finish (available-now) or the process is stopped (SIGTERM/SIGINT stop cleanly)."""
    cassandra = CassandraWriter(options, contracts.cassandra()["keyspace"])
    spark.streams.addListener(LateEventsListener())
    queries: list[Any] = []
    stopping = False

    def stop(signum: int, _frame: object) -> None:
        nonlocal stopping
        stopping = True
        LOG.info("signal %d: stopping %s", signum, spec.name)
        for query in queries:
            query.stop()

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    try:
        queries[:] = pipeline.start(spark, settings, options, spec, cassandra)
        failure = _supervise(queries)
        if failure is not None:
            name, error = failure
            raise RuntimeError(f"{name} failed: {error}")
    finally:
        cassandra.close()


def main(prog: str, build_spec: Callable[[SparkSession, Settings, opts.StreamOptions], pipeline.JobSpec],
         argv: Sequence[str] | None = None) -> int:  # fmt: skip
    logs.configure_from(os.environ, prog, producer="streaming")
    settings, options = opts.parse(prog, argv)
    settings = session_settings(settings)
    spark = build_session(settings, prog)
    spark.sparkContext.setLogLevel("WARN")
    spec = build_spec(spark, settings, options)
    stream_metrics.install(spark, spec.name, os.environ)
    run(spark, settings, options, spec)
    spark.stop()
    return 0
