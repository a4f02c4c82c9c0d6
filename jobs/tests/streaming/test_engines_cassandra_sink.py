"""The JVM Cassandra sink against a real Cassandra, fed a DataFrame as the jobs feed it: batched upserts store exactly
the last row per primary key, in far fewer requests than rows, never trip the server's batch size warning, and a
rejected write fails the call (so the micro-batch)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from py4j.protocol import Py4JJavaError
from pyspark.sql import DataFrame, SparkSession
from pyspark.sql import functions as F  # noqa: N812

from lakehouse_jobs.common import contracts
from lakehouse_jobs.streaming.accesslog import EVENT_TABLE_COLUMNS
from lakehouse_jobs.streaming.cassandra_sink import CassandraWriter
from lakehouse_jobs.streaming.options import StreamOptions
from tests.streaming import engines

HOUR_MS = 3_600_000
T0_MS = 1_483_228_800_000  # 2017-01-01T00:00:00Z
TIMESTAMPS = ("hour", "request_ts", "kafka_ts")
DDL = (
    "hour long, request_ts long, event_id string, host string, method string, path string, endpoint string, "
    "protocol string, status int, status_class string, bytes long, resource_type string, is_error boolean, "
    "log_format string, referrer string, user_agent string, ua_browser string, ua_os string, ua_is_bot boolean, "
    "kafka_ts long"
)


def _request_row(i: int, user_agent: str = "Mozilla/5.0 (X11; Linux x86_64) Firefox/120.0") -> tuple[Any, ...]:
    """An access_requests_by_hour row in EVENT_TABLE_COLUMNS order; three hours' partitions, one request a second."""
    ts = T0_MS + (i % 3) * HOUR_MS + i * 1000
    values = {
        "hour": ts - ts % HOUR_MS, "request_ts": ts, "event_id": f"e{i:05d}", "host": f"10.0.0.{i % 250}",
        "method": "GET", "path": f"/products/{i}", "endpoint": "/products/{id}", "protocol": "HTTP/1.1",
        "status": 200, "status_class": "2xx", "bytes": 1000 + i, "resource_type": "page", "is_error": False,
        "log_format": "combined", "referrer": "https://example.com/", "user_agent": user_agent,
        "ua_browser": "Firefox", "ua_os": "Linux", "ua_is_bot": False, "kafka_ts": ts + 5,
    }  # fmt: skip
    return tuple(values[c] for c in EVENT_TABLE_COLUMNS)


def _frame(spark: SparkSession, rows: list[tuple[Any, ...]]) -> DataFrame:
    """The rows as the jobs hand them over: Spark timestamps (from the epoch milliseconds), one partition, in order."""
    df = spark.createDataFrame(rows, DDL).coalesce(1)
    return df.select(*[F.timestamp_millis(c).alias(c) if c in TIMESTAMPS else F.col(c) for c in df.columns])


def _writer(cassandra: engines.Engine) -> CassandraWriter:
    options = StreamOptions(kafka_bootstrap="unused:9092", cassandra_hosts=(cassandra.address,), checkpoint_root="/",
                            trigger="available-now")  # fmt: skip
    return CassandraWriter(options, contracts.cassandra()["keyspace"])


def _requests_served(cql: Any) -> int:
    return sum(row.request_count for row in cql.execute("SELECT request_count FROM system_views.clients"))


def _batch_warnings(cassandra: engines.Engine) -> int:
    log = (cassandra.dir / "logs" / "cassandra.log").read_text(encoding="utf-8", errors="replace")
    return log.count("exceeding specified threshold")


def test_batched_upserts_keep_the_last_row_per_key_in_few_requests(
    kafka_spark: SparkSession, cassandra: engines.Engine, clean_cassandra: Any
) -> None:
    keyspace = contracts.cassandra()["keyspace"]
    table = contracts.cassandra()["tables"]["accessRequestsByHour"]
    rows = [_request_row(i) for i in range(1500)]
    # Re-sent rows (as after a retried micro-batch) with a changed value: the last one must win.
    rows += [(*row[:-1], row[-1] + 1) for row in rows[:300]]
    rows.append(_request_row(1500, user_agent="u" * 8000))  # larger than a batch may be: sent on its own
    expected = {(r[0], r[1], r[2]): r for r in rows}
    requests_before, warnings_before = _requests_served(clean_cassandra), _batch_warnings(cassandra)
    writer = _writer(cassandra)

    try:
        written = writer.upsert(table, _frame(kafka_spark, rows))
        # Counted while the writer's connections are open: a closed connection leaves system_views.clients.
        requests = _requests_served(clean_cassandra) - requests_before
    finally:
        writer.close()

    stored = clean_cassandra.execute(f"SELECT {', '.join(EVENT_TABLE_COLUMNS)} FROM {keyspace}.{table}")
    as_millis = [tuple(_millis(v) for v in row) for row in stored]
    assert written == len(rows)
    assert {(r[0], r[1], r[2]): r for r in as_millis} == expected
    assert len(as_millis) == len(expected)
    assert requests < len(expected) / 4, f"{requests} requests for {len(expected)} rows: rows were not batched"
    assert _batch_warnings(cassandra) == warnings_before


def test_a_rejected_write_fails_the_call_naming_the_table(
    kafka_spark: SparkSession, cassandra: engines.Engine, clean_cassandra: Any
) -> None:
    table = contracts.cassandra()["tables"]["accessRequestsByHour"]
    rows = [_request_row(i) for i in range(10)]
    rows.append((None, *_request_row(10)[1:]))  # a null partition key: the server refuses the row
    writer = _writer(cassandra)
    try:
        with pytest.raises(Py4JJavaError, match=f"write\\(s\\) to {contracts.cassandra()['keyspace']}.{table} failed"):
            writer.upsert(table, _frame(kafka_spark, rows))
    finally:
        writer.close()


def _millis(value: Any) -> Any:
    """Timestamps read back (naive UTC datetimes) as the epoch milliseconds that were written."""
    if isinstance(value, dt.datetime):
        return int(value.replace(tzinfo=dt.UTC).timestamp() * 1000)
    return value
