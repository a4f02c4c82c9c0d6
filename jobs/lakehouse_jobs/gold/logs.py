"""Gold log facts (pure): one row per distinct clickstream event and per distinct HTTP request."""

from __future__ import annotations

from pyspark.sql import DataFrame
from pyspark.sql import functions as F

from lakehouse_jobs.gold.dates import date_key


def fact_clickstream_events(events: DataFrame) -> DataFrame:
    """Grain: one event (event_id = hash of the raw line); partitioned by month (yyyy-MM)."""
    ts = F.col("event_ts")
    return events.select(
        "event_id",
        "event_ts",
        F.to_date(ts).alias("date_id"),
        date_key(ts).alias("date_key"),
        "user_id",
        "session_id",
        "event_type",
        "product_id",
        "amount",
        "outcome",
        "log_level",
        F.date_format(ts, "yyyy-MM").alias("event_month"),
    )


def fact_access_log(requests: DataFrame) -> DataFrame:
    """Grain: one request line (request_id = hash of the raw line); partitioned by month (yyyy-MM)."""
    ts = F.col("request_ts")
    return requests.select(
        "request_id",
        "request_ts",
        F.to_date(ts).alias("date_id"),
        date_key(ts).alias("date_key"),
        "host",
        "method",
        "path",
        "protocol",
        "status",
        "bytes",
        "referrer",
        "user_agent",
        F.date_format(ts, "yyyy-MM").alias("request_month"),
    )
