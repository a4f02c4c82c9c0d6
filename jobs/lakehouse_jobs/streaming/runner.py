"""Entry-point plumbing shared by the two jobs: arguments -> settings -> session -> queries -> wait."""

from __future__ import annotations

import dataclasses
import logging
import os
import signal
from collections.abc import Callable, Sequence
from typing import Any

from pyspark.errors import StreamingQueryException
from pyspark.sql import SparkSession

from lakehouse_jobs.common import contracts, logs
from lakehouse_jobs.common.session import build_session
from lakehouse_jobs.common.settings import Settings
from lakehouse_jobs.streaming import metrics as stream_metrics
from lakehouse_jobs.streaming import options as opts
from lakehouse_jobs.streaming import packages, pipeline
from lakehouse_jobs.streaming.cassandra_sink import CassandraWriter

LOG = logging.getLogger("lakehouse_jobs.streaming")


def session_settings(settings: Settings) -> Settings:
    """Settings plus the Kafka connector and Cassandra sink jars (unless the caller set spark.jars) and UTC for every
    timestamp."""
    extra = dict(settings.extra_conf)
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
    """Run the job's query until it finishes (available-now) or the process is stopped (SIGTERM/SIGINT stop cleanly)."""
    cassandra = CassandraWriter(options, contracts.cassandra()["keyspace"])
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
