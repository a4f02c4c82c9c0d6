"""The Cassandra sink against a real Cassandra: batched upserts store exactly the last row per primary key, in far
fewer requests than rows, and never trip the server's batch size warning."""

from __future__ import annotations

import datetime as dt
from typing import Any

from lakehouse_jobs.common import contracts
from lakehouse_jobs.streaming import cassandra_sink
from lakehouse_jobs.streaming.accesslog import EVENT_TABLE_COLUMNS
from tests.streaming import engines

HOUR_MS = 3_600_000
T0_MS = 1_483_228_800_000  # 2017-01-01T00:00:00Z


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


def _requests_served(cql: Any) -> int:
    return sum(row.request_count for row in cql.execute("SELECT request_count FROM system_views.clients"))


def _batch_warnings(cassandra: engines.Engine) -> int:
    log = (cassandra.dir / "logs" / "cassandra.log").read_text(encoding="utf-8", errors="replace")
    return log.count("exceeding specified threshold")


def test_batched_upserts_keep_the_last_row_per_key_in_few_requests(
    cassandra: engines.Engine, clean_cassandra: Any
) -> None:
    keyspace = contracts.cassandra()["keyspace"]
    table = contracts.cassandra()["tables"]["accessRequestsByHour"]
    target = cassandra_sink._Target(hosts=(cassandra.host,), port=cassandra.port, keyspace=keyspace)
    rows = [_request_row(i) for i in range(1500)]
    # Re-sent rows (as after a retried micro-batch) with a changed value: the last one must win.
    rows += [(*row[:-1], row[-1] + 1) for row in rows[:300]]
    rows.append(_request_row(1500, user_agent="u" * 8000))  # larger than a batch may be: sent on its own
    expected = {(r[0], r[1], r[2]): r for r in rows}
    requests_before, warnings_before = _requests_served(clean_cassandra), _batch_warnings(cassandra)

    try:
        written = cassandra_sink.write_rows(target, table, EVENT_TABLE_COLUMNS, iter(rows))
        # Counted while the writer's connections are open: a closed connection leaves system_views.clients.
        requests = _requests_served(clean_cassandra) - requests_before
    finally:
        cassandra_sink.close_sessions()

    stored = clean_cassandra.execute(f"SELECT {', '.join(EVENT_TABLE_COLUMNS)} FROM {keyspace}.{table}")
    as_millis = [tuple(_millis(v) for v in row) for row in stored]
    assert written == len(rows)
    assert {(r[0], r[1], r[2]): r for r in as_millis} == expected
    assert len(as_millis) == len(expected)
    assert requests < len(expected) / 4, f"{requests} requests for {len(expected)} rows: rows were not batched"
    assert _batch_warnings(cassandra) == warnings_before


def _millis(value: Any) -> Any:
    """Timestamps read back (naive UTC datetimes) as the epoch milliseconds that were written."""
    if isinstance(value, dt.datetime):
        return int(value.replace(tzinfo=dt.UTC).timestamp() * 1000)
    return value
