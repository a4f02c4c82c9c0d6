"""Clickstream streaming job: `python -m lakehouse_jobs.streaming.clickstream --help`. See jobs/STREAMING.md."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from functools import partial

from pyspark.sql import SparkSession

from lakehouse_jobs.common import contracts, logparse
from lakehouse_jobs.common.settings import Settings
from lakehouse_jobs.streaming import clickstream_transform as t
from lakehouse_jobs.streaming import products, runner
from lakehouse_jobs.streaming.options import StreamOptions
from lakehouse_jobs.streaming.pipeline import AggregateSink, JobSpec

NAME = "clickstream"
EVENT_TABLE_COLUMNS = (
    "session_id", "event_ts", "event_id", "user_id", "event_type", "funnel_step", "product_id", "product_category",
    "amount", "outcome", "log_level", "kafka_ts",
)  # fmt: skip


def topics() -> dict[str, str]:
    names = {k: v["name"] for k, v in contracts.kafka()["topics"].items()}
    return {
        "raw": names["clickstreamRaw"],
        "processed": names["clickstreamProcessed"],
        "metrics": names["clickstreamMetrics"],
        "dead_letter": names["clickstreamDeadLetter"],
    }


def build_spec(spark: SparkSession, settings: Settings, options: StreamOptions) -> JobSpec:
    tables = contracts.cassandra()["tables"]
    dimension = products.load(spark, settings)
    return JobSpec(
        name=NAME,
        topics=topics(),
        silver_path=contracts.storage()["paths"]["streamClickstream"],
        parse=partial(logparse.parse_clickstream, source_tz=options.source_timezone),
        enrich=partial(t.enrich, products=dimension),
        time_column="event_ts",
        event_table=tables["clickEventsBySession"],
        event_table_columns=EVENT_TABLE_COLUMNS,
        partials=t.minute_partials,
        sketches=t.SKETCHES,
        finish=t.finish,
        aggregate_sinks=(
            AggregateSink(tables["clickMetricsByMinute"], t.metrics_rows, ("event_type",)),
            AggregateSink(tables["clickConversionByMinute"], t.conversion_rows, ()),
        ),
    )


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point for `jobs/run.py` (how deployed drivers start) and `python -m`."""
    return runner.main(f"python -m lakehouse_jobs.streaming.{NAME}", build_spec, argv)


if __name__ == "__main__":
    sys.exit(main())
