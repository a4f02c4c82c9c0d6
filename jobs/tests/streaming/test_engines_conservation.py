"""Real Kafka + Cassandra + local Spark: every raw record ends up processed or dead-lettered, never both or neither;
events later than the watermark stay in the event-level sinks and are left out of the aggregates."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

from pyspark.sql import SparkSession

from tests.streaming import checks, engines, jobrun, logfiles


def _metric_totals(cql: Any, table: str, dims: tuple[str, ...], value: str) -> Counter[tuple[Any, ...]]:
    """`value` summed over the rows of `table` grouped by `dims`."""
    totals: Counter[tuple[Any, ...]] = Counter()
    for row in engines.table_rows(cql, table):
        totals[tuple(dict(row)[d] for d in dims)] += dict(row)[value]
    return totals


def test_clickstream_conserves_events_dead_letters_malformed_and_keeps_late_events_out_of_aggregates(
    tmp_path: Path, new_kafka: Callable[[], engines.Engine], cassandra: engines.Engine, clean_cassandra: Any,
    kafka_spark: SparkSession,
) -> None:  # fmt: skip
    kafka, run = new_kafka(), jobrun.Run(tmp_path / "run")
    on_time = logfiles.clicks(240, step_s=2.0)  # 8 minutes of event time
    first = logfiles.with_malformed(on_time, logfiles.MALFORMED_CLICKS)
    engines.replay(kafka, "clickstream", logfiles.write(tmp_path / "part1.log", first))
    jobrun.run_to_end("clickstream", run, kafka, cassandra, "--watermark", "2 minutes")

    # Part 2: events 7 minutes older than the newest seen (beyond the 2-minute watermark), then on-time ones.
    late = logfiles.clicks(5, start=logfiles.T0, step_s=0.1, first_session=900)
    more = logfiles.clicks(30, start=logfiles.T0 + dt.timedelta(minutes=8), first_session=1000)
    engines.replay(kafka, "clickstream", logfiles.write(tmp_path / "part2.log", [*late, *more]))
    jobrun.run_to_end("clickstream", run, kafka, cassandra, "--watermark", "2 minutes")

    sinks = checks.sinks(kafka_spark, kafka, clean_cassandra, run, "clickstream")
    checks.assert_conserved(sinks, "clickstream", logfiles.reasons(logfiles.MALFORMED_CLICKS))
    assert len(sinks["raw"]) == len(first) + len(late) + len(more)
    events = [dict(r) for r in sinks["cassandra"]["clickEventsBySession"]]
    late_sessions = {r["session_id"] for r in events if r["session_id"] >= 900 and r["session_id"] < 1000}
    assert late_sessions == {900}  # the late events are stored like any other
    on_time_counts = Counter(
        (r["event_ts"].replace(second=0, microsecond=0), r["event_type"]) for r in events if r["session_id"] != 900
    )
    by_type = _metric_totals(clean_cassandra, "clickMetricsByMinute", ("window_start", "event_type"), "events")
    assert by_type == on_time_counts
    conversion = _metric_totals(clean_cassandra, "clickConversionByMinute", ("window_start",), "events")
    assert sum(conversion.values()) == len(events) - len(late)


def test_accesslog_conserves_requests_and_dead_letters_malformed_lines(
    tmp_path: Path, new_kafka: Callable[[], engines.Engine], cassandra: engines.Engine, clean_cassandra: Any,
    kafka_spark: SparkSession,
) -> None:  # fmt: skip
    kafka, run = new_kafka(), jobrun.Run(tmp_path / "run")
    lines = logfiles.with_malformed(logfiles.accesses(200), logfiles.MALFORMED_ACCESS)
    engines.replay(kafka, "accesslog", logfiles.write(tmp_path / "access.log", lines))
    jobrun.run_to_end("accesslog", run, kafka, cassandra)

    sinks = checks.sinks(kafka_spark, kafka, clean_cassandra, run, "accesslog")
    checks.assert_conserved(sinks, "accesslog", logfiles.reasons(logfiles.MALFORMED_ACCESS))
    assert len(sinks["raw"]) == len(lines)
    site = _metric_totals(clean_cassandra, "accessMetricsByMinute", ("window_start",), "requests")
    assert sum(site.values()) == 200
    endpoints = _metric_totals(clean_cassandra, "accessMetricsByEndpointMinute", ("endpoint",), "requests")
    assert endpoints == Counter({("/",): 50, ("/orders/{id}",): 50, ("/images/a.gif",): 50, ("/cgi-bin/x",): 50})
