"""Access-log streaming job: `python -m lakehouse_jobs.streaming.accesslog --help`. See jobs/STREAMING.md."""

from __future__ import annotations

import sys
from collections.abc import Sequence

from pyspark.sql import SparkSession

from lakehouse_jobs.common import contracts, logparse
from lakehouse_jobs.common.settings import Settings
from lakehouse_jobs.streaming import accesslog_transform as t
from lakehouse_jobs.streaming import runner
from lakehouse_jobs.streaming.options import StreamOptions
from lakehouse_jobs.streaming.pipeline import AggregateSink, JobSpec

NAME = "accesslog"
EVENT_TABLE_COLUMNS = (
    "hour", "request_ts", "event_id", "host", "method", "path", "endpoint", "protocol", "status", "status_class",
    "bytes", "resource_type", "is_error", "log_format", "referrer", "user_agent", "ua_browser", "ua_os", "ua_is_bot",
    "kafka_ts",
)  # fmt: skip


def topics() -> dict[str, str]:
    names = {k: v["name"] for k, v in contracts.kafka()["topics"].items()}
    return {
        "raw": names["accesslogRaw"],
        "processed": names["accesslogProcessed"],
        "metrics": names["accesslogMetrics"],
        "dead_letter": names["accesslogDeadLetter"],
    }


def build_spec(spark: SparkSession, settings: Settings, options: StreamOptions) -> JobSpec:
    tables = contracts.cassandra()["tables"]
    return JobSpec(
        name=NAME,
        topics=topics(),
        silver_path=contracts.storage()["paths"]["streamAccesslog"],
        parse=logparse.parse_accesslog,
        enrich=t.enrich,
        time_column="request_ts",
        event_table=tables["accessRequestsByHour"],
        event_table_columns=EVENT_TABLE_COLUMNS,
        partials=t.minute_partials,
        sketches=t.SKETCHES,
        finish=t.finish,
        aggregate_sinks=(
            AggregateSink(tables["accessMetricsByMinute"], t.site_rows, ()),
            AggregateSink(tables["accessMetricsByEndpointMinute"], t.endpoint_rows, ("endpoint",)),
        ),
    )


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point for `jobs/run.py` (how deployed drivers start) and `python -m`."""
    return runner.main(f"python -m lakehouse_jobs.streaming.{NAME}", build_spec, argv)


if __name__ == "__main__":
    sys.exit(main())
