"""Endpoint normalisation, classes, user-agent parsing and per-minute aggregates of access-log requests."""

from __future__ import annotations

import pytest
from pyspark.sql import SparkSession
from pyspark.sql import functions as F  # noqa: N812

from lakehouse_jobs.common.logparse import parse_accesslog
from lakehouse_jobs.streaming import accesslog_transform as t
from tests.streaming.builders import access_line, raw


@pytest.mark.parametrize(
    ("path", "endpoint"),
    [
        ("/", "/"),
        ("/shuttle/countdown/", "/shuttle/countdown"),
        ("/orders/123/items/45?x=1", "/orders/{id}/items/{id}"),
        ("/u/0f8fad5b-d9cb-469f-a165-70867728950e", "/u/{id}"),
        ("/p/4244733e06e7ecb4970a6e2683c13e61/", "/p/{id}"),
        ("/shuttle/missions/sts-71/sts-71-patch-small.gif", "/shuttle/missions/sts-71/sts-71-patch-small.gif"),
        ("/a#frag", "/a"),
        ("/cafe", "/cafe"),
    ],
)
def test_endpoints_are_normalised(spark: SparkSession, path: str, endpoint: str) -> None:
    df = spark.createDataFrame([(path,)], "path string")
    assert df.select(t.normalise_endpoint(F.col("path"))).first()[0] == endpoint  # type: ignore[index]


def test_requests_are_classified_and_user_agents_parsed_only_for_combined_lines(spark: SparkSession) -> None:
    spark.conf.set("spark.sql.session.timeZone", "UTC")
    chrome = ' "-" "Mozilla/5.0 (Windows NT 10.0) AppleWebKit/537.36 Chrome/120.0 Safari/537.36"'
    lines = [
        access_line("01/Jul/2017:00:00:01 -0400", "/images/logo.GIF", 200),
        access_line("01/Jul/2017:00:00:02 -0400", "/cgi-bin/imagemap/countdown?99,176", 404, "-"),
        access_line("01/Jul/2017:00:00:03 -0400", "/history/", 503, tail=chrome),
        access_line("01/Jul/2017:00:00:04 -0400", "/a.html", 200, tail=' "-" "Googlebot/2.1"'),
    ]
    events = t.enrich(parse_accesslog(raw(spark, lines))).orderBy("request_ts")
    got = [
        (r["endpoint"], r["status_class"], r["resource_type"], r["is_error"], r["is_client_error"],
         r["is_server_error"], r["bytes"], r["ua_browser"], r["ua_os"], r["ua_is_bot"], str(r["hour"]))
        for r in events.collect()
    ]  # fmt: skip
    assert got == [
        ("/images/logo.GIF", "2xx", "image", False, False, False, 100, None, None, None, "2017-07-01 04:00:00"),
        (
            "/cgi-bin/imagemap/countdown",
            "4xx",
            "dynamic",
            True,
            True,
            False,
            0,
            None,
            None,
            None,
            "2017-07-01 04:00:00",
        ),
        ("/history", "5xx", "page", True, False, True, 100, "Chrome", "Windows", False, "2017-07-01 04:00:00"),
        ("/a.html", "2xx", "page", False, False, False, 100, "other", "other", True, "2017-07-01 04:00:00"),
    ]
    assert tuple(events.columns) == t.EVENT_COLUMNS


def test_minute_aggregates_give_request_and_error_rates_per_endpoint_and_site(spark: SparkSession) -> None:
    spark.conf.set("spark.sql.session.timeZone", "UTC")
    lines = [
        access_line("01/Jul/2017:10:00:01 +0000", "/a/1", 200, "10"),
        access_line("01/Jul/2017:10:00:30 +0000", "/a/2", 500, "20"),
        access_line("01/Jul/2017:10:00:59 +0000", "/b", 404, "-"),
        access_line("01/Jul/2017:10:01:00 +0000", "/b", 200, "5"),
    ]
    aggregates = t.minute_aggregates(t.enrich(parse_accesslog(raw(spark, lines))))
    site = t.site_rows(aggregates).orderBy("window_start").collect()
    assert [(str(r["window_start"]), r["requests"], r["client_errors"], r["server_errors"], r["bytes"], r["error_rate"])
            for r in site] == [
        ("2017-07-01 10:00:00", 3, 1, 1, 30, 2 / 3),
        ("2017-07-01 10:01:00", 1, 0, 0, 5, 0.0),
    ]  # fmt: skip
    endpoints = t.endpoint_rows(aggregates).orderBy("window_start", "endpoint").collect()
    assert [(r["endpoint"], str(r["window_start"]), r["requests"], r["error_rate"]) for r in endpoints] == [
        ("/a/{id}", "2017-07-01 10:00:00", 2, 0.5),
        ("/b", "2017-07-01 10:00:00", 1, 1.0),
        ("/b", "2017-07-01 10:01:00", 1, 0.0),
    ]
