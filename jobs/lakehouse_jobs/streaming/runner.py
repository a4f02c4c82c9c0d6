"""Entry-point plumbing shared by the two jobs: arguments -> settings -> session -> queries -> wait."""

from __future__ import annotations

import dataclasses
import json
import logging
import signal
import sys
from collections.abc import Callable, Sequence
from typing import Any

from pyspark.sql import SparkSession
from pyspark.sql.streaming import StreamingQueryListener

from lakehouse_jobs.common import contracts
from lakehouse_jobs.common.session import build_session
from lakehouse_jobs.common.settings import Settings
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


def session_settings(settings: Settings) -> Settings:
    """Settings plus the Kafka connector jars (unless the caller set spark.jars) and UTC for every timestamp."""
    extra = dict(settings.extra_conf)
    # Not setdefault: its argument would look up the local jars even when the caller set spark.jars (deployed images
    # bake the connector and have no ~/.m2).
    if "spark.jars" not in extra:
        extra["spark.jars"] = ",".join(packages.kafka_jars())
    return dataclasses.replace(settings, extra_conf=extra)


def run(spark: SparkSession, settings: Settings, options: opts.StreamOptions, spec: pipeline.JobSpec) -> None:
    """Run both queries until they finish (available-now) or the process is stopped (SIGTERM/SIGINT stop cleanly)."""
    cassandra = CassandraWriter(options, contracts.cassandra()["keyspace"])
    spark.streams.addListener(LateEventsListener())
    queries = pipeline.start(spark, settings, options, spec, cassandra)

    def stop(signum: int, _frame: object) -> None:
        LOG.info("signal %d: stopping %s", signum, spec.name)
        for query in queries:
            query.stop()

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    try:
        # Short waits, so the signal handlers above get to run (a blocking Java call would defer them forever).
        while active := [q for q in queries if q.isActive]:
            failed = [q for q in queries if not q.isActive and q.exception() is not None]
            if failed:  # one query failing fails the job: stop the other, then raise below
                for query in active:
                    query.stop()
                break
            active[0].awaitTermination(1)
        for query in queries:
            if query.exception() is not None:
                raise RuntimeError(f"{query.name} failed: {query.exception()}")
    finally:
        cassandra.close()


def main(prog: str, build_spec: Callable[[SparkSession, Settings, opts.StreamOptions], pipeline.JobSpec],
         argv: Sequence[str] | None = None) -> int:  # fmt: skip
    logging.basicConfig(level=logging.INFO, stream=sys.stderr, format="%(asctime)s %(levelname)s %(name)s %(message)s")
    logging.getLogger("py4j").setLevel(logging.WARNING)
    settings, options = opts.parse(prog, argv)
    settings = session_settings(settings)
    spark = build_session(settings, prog)
    spark.sparkContext.setLogLevel("WARN")
    run(spark, settings, options, build_spec(spark, settings, options))
    spark.stop()
    return 0
