"""Exact outputs of the shared log parser for valid lines and for each kind of malformed line."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

import pytest
from pyspark.sql import DataFrame, SparkSession

from lakehouse_jobs.common import logparse

CLICK_OK = (
    "2017-03-12 14:05:33.123456 [INFO] - USER_ID: 12, SESSION_ID: 345, EVENT_TYPE: add_to_cart, "
    "PRODUCT_ID: 4244733e06e7ecb4970a6e2683c13e61, AMOUNT: N/A, OUTCOME: N/A"
)


def click(
    ts: str = "2017-03-12 14:05:33",
    level: str = "INFO",
    user: str = "12",
    session: str = "345",
    event: str = "purchase",
    product: str = "abc-1",
    amount: str = "19.90",
    outcome: str = "purchase",
) -> str:
    return (f"{ts} [{level}] - USER_ID: {user}, SESSION_ID: {session}, EVENT_TYPE: {event}, "
            f"PRODUCT_ID: {product}, AMOUNT: {amount}, OUTCOME: {outcome}")  # fmt: skip


def access(
    host: str = "199.72.81.55",
    ts: str = "01/Jul/2017:00:00:01 -0400",
    request: str = "GET /history/apollo/ HTTP/1.0",
    status: str = "200",
    size: str = "6245",
) -> str:
    return f'{host} - - [{ts}] "{request}" {status} {size}'  # fmt: skip


def lines(spark: SparkSession, *values: str | None) -> DataFrame:
    return spark.createDataFrame([(v,) for v in values], "value string")


def rows(df: DataFrame, columns: tuple[str, ...]) -> list[tuple[object, ...]]:
    return [tuple(r) for r in df.select(*columns, logparse.ERROR_COLUMN).collect()]


def utc(year: int, month: int, day: int, hour: int = 0, minute: int = 0, second: int = 0, micro: int = 0) -> datetime:
    """A naive datetime as collect() returns it under session zone UTC."""
    return datetime(year, month, day, hour, minute, second, micro)


@pytest.fixture(autouse=True)
def _utc_session(spark: SparkSession) -> None:
    spark.conf.set("spark.sql.session.timeZone", "UTC")


def test_valid_clickstream_lines_are_typed_and_na_becomes_null(spark: SparkSession) -> None:
    df = lines(spark, CLICK_OK, click(level="WARNING", amount="7", ts="2018-01-01 00:00:00.5"), click(level="ERROR"))
    assert rows(logparse.parse_clickstream(df), logparse.CLICKSTREAM_COLUMNS) == [
        (utc(2017, 3, 12, 14, 5, 33, 123456), "INFO", 12, 345, "add_to_cart", "4244733e06e7ecb4970a6e2683c13e61",
         None, None, None),
        (utc(2018, 1, 1, 0, 0, 0, 500000), "WARN", 12, 345, "purchase", "abc-1", 7.0, "purchase", None),
        (utc(2017, 3, 12, 14, 5, 33), "ERROR", 12, 345, "purchase", "abc-1", 19.9, "purchase", None),
    ]  # fmt: skip


def test_clickstream_time_is_read_in_the_source_zone_whatever_the_session_zone(spark: SparkSession) -> None:
    spark.conf.set("spark.sql.session.timeZone", "Asia/Ho_Chi_Minh")
    parsed = logparse.parse_clickstream(lines(spark, click()), source_tz="Europe/Paris")
    epoch = parsed.selectExpr("unix_micros(event_ts) AS us").first()
    assert epoch is not None
    assert epoch["us"] == int(datetime.fromisoformat("2017-03-12T13:05:33+00:00").timestamp()) * 1_000_000


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ("", logparse.EMPTY),
        ("   \r", logparse.EMPTY),
        (None, logparse.EMPTY),
        ("not a log line", logparse.MALFORMED),
        (click(level="NOTICE"), logparse.MALFORMED),
        (click(ts="2017-03-12T14:05:33"), logparse.MALFORMED),
        (click(product="a,b"), logparse.MALFORMED),
        (CLICK_OK + ", EXTRA: 1", logparse.MALFORMED),
        (click(ts="2017-02-29 10:00:00"), logparse.BAD_TIMESTAMP),
        (click(ts="2017-13-01 10:00:00"), logparse.BAD_TIMESTAMP),
        (click(user="N/A"), logparse.BAD_ID),
        (click(session="-5"), logparse.BAD_ID),
        (click(user="1234567890123456789"), logparse.BAD_ID),
        (click(amount="-1.00"), logparse.BAD_AMOUNT),
        (click(amount="abc"), logparse.BAD_AMOUNT),
        (click(amount="1e5"), logparse.BAD_AMOUNT),
    ],
)
def test_malformed_clickstream_lines_get_a_reason_and_no_values(spark: SparkSession, line: str | None,
                                                                reason: str) -> None:  # fmt: skip
    assert rows(logparse.parse_clickstream(lines(spark, line)), logparse.CLICKSTREAM_COLUMNS) == [
        (None,) * len(logparse.CLICKSTREAM_COLUMNS) + (reason,)
    ]


def test_valid_access_log_lines_accept_any_offset_host_and_combined_format(spark: SparkSession) -> None:
    df = lines(
        spark,
        access(),
        access(host="unicomp6.unicomp.net", ts="01/Jul/2017:00:00:06 +0530", size="-", status="304"),
        access(host="2001:db8::1", request="GET /index.html"),
        '::1 - bob [01/Jul/2017:10:00:00 +0000] "post /a\\"b HTTP/2" 500 12 "http://x/" "Mozilla/5.0 \\"q\\""',
        '10.0.0.1 - - [01/Jul/2017:10:00:00 +0000] "GET /a, b HTTP/1.1" 200 1 "-" "curl/8.0"',
    )
    assert rows(logparse.parse_accesslog(df), logparse.ACCESSLOG_COLUMNS) == [
        ("199.72.81.55", None, utc(2017, 7, 1, 4, 0, 1), "GET", "/history/apollo/", "HTTP/1.0", 200, 6245, None, None,
         "common", None),
        ("unicomp6.unicomp.net", None, utc(2017, 6, 30, 18, 30, 6), "GET", "/history/apollo/", "HTTP/1.0", 304, 0,
         None, None, "common", None),
        ("2001:db8::1", None, utc(2017, 7, 1, 4, 0, 1), "GET", "/index.html", None, 200, 6245, None, None, "common",
         None),
        ("::1", "bob", utc(2017, 7, 1, 10), "POST", '/a"b', "HTTP/2", 500, 12, "http://x/", 'Mozilla/5.0 "q"',
         "combined", None),
        ("10.0.0.1", None, utc(2017, 7, 1, 10), "GET", "/a, b", "HTTP/1.1", 200, 1, None, "curl/8.0", "combined", None),
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ("", logparse.EMPTY),
        ("garbage", logparse.MALFORMED),
        (access().replace('"', ""), logparse.MALFORMED),
        (access() + " trailing", logparse.MALFORMED),
        (access(status="20"), logparse.MALFORMED),
        (access(size="12k"), logparse.MALFORMED),
        (access(ts="31/Jun/2017:00:00:01 -0400"), logparse.BAD_TIMESTAMP),
        (access(ts="01/Jul/2017:00:00:01"), logparse.BAD_TIMESTAMP),
        (access(host="bad_host!"), logparse.BAD_HOST),
        (access(request="GET"), logparse.BAD_REQUEST),
        (access(request=""), logparse.BAD_REQUEST),
        (access(request="GET  HTTP/1.0"), logparse.BAD_REQUEST),
        (access(request="BREW /pot HTTP/1.1"), logparse.BAD_METHOD),
        (access(status="700"), logparse.BAD_STATUS),
        (access(status="099"), logparse.BAD_STATUS),
    ],
)
def test_malformed_access_log_lines_get_a_reason_and_no_values(spark: SparkSession, line: str, reason: str) -> None:
    out = rows(logparse.parse_accesslog(lines(spark, line)), logparse.ACCESSLOG_COLUMNS)
    assert out == [(None,) * len(logparse.ACCESSLOG_COLUMNS) + (reason,)]


def test_input_columns_are_kept_for_dead_lettering(spark: SparkSession) -> None:
    df = spark.createDataFrame([("garbage", 3, 42)], "value string, partition int, offset long")
    assert logparse.parse_accesslog(df).columns[:3] == ["value", "partition", "offset"]


@pytest.mark.parametrize(
    ("parse", "typed"),
    [
        (logparse.parse_accesslog, logparse.ACCESSLOG_COLUMNS),
        (logparse.parse_clickstream, logparse.CLICKSTREAM_COLUMNS),
    ],
)
def test_output_is_input_plus_typed_columns_plus_reason_and_nothing_else(
    spark: SparkSession, parse: Callable[[DataFrame], DataFrame], typed: tuple[str, ...]
) -> None:
    df = spark.createDataFrame([("garbage", 3)], "value string, partition int")
    assert parse(df).columns == ["value", "partition", *typed, logparse.ERROR_COLUMN]


@pytest.mark.parametrize(
    ("parse", "line", "group"),
    [(logparse.parse_accesslog, access(), "(?<host>"), (logparse.parse_clickstream, CLICK_OK, "(?<user>")],
)
def test_the_line_regex_runs_once_per_row_for_all_its_groups(
    spark: SparkSession, parse: Callable[[DataFrame], DataFrame], line: str, group: str
) -> None:
    """One regexp_replace renders every group of the line regex; before, each group was a regexp_extract of its own
    and `rlike` ran the same regex again for the match (13 passes per access-log line)."""
    plan = parse(lines(spark, line))._jdf.queryExecution().executedPlan().toString()
    assert plan.count(group) == 1
    assert "regexp_extract(" not in plan
    # The CR trim, the line and the request regexes, unescaping request, referrer and user agent: each once.
    assert plan.count("regexp_replace(") <= 6


def test_unknown_source_zone_is_rejected_by_name() -> None:
    with pytest.raises(ValueError, match="Mars/Olympus"):
        logparse.validate_timezone("Mars/Olympus")


def test_cli_prints_counts_per_reason(tmp_path: Path) -> None:
    log = tmp_path / "clicks.log"
    log.write_text("\n".join([CLICK_OK, click(), "junk", click(amount="x")]) + "\n", encoding="utf-8")
    out = subprocess.run(
        [sys.executable, "-m", "lakehouse_jobs.common.logparse", "--kind", "clickstream", str(log)],
        check=True, capture_output=True, text=True,
    )  # fmt: skip
    assert json.loads(out.stdout) == {
        "total": 4, "valid": 2, "invalid": 2, "reasons": {logparse.BAD_AMOUNT: 1, logparse.MALFORMED: 1},
    }  # fmt: skip


def test_cli_names_a_missing_file(tmp_path: Path) -> None:
    missing = tmp_path / "nope.log"
    out = subprocess.run(
        [sys.executable, "-m", "lakehouse_jobs.common.logparse", "--kind", "accesslog", str(missing)],
        capture_output=True, text=True,
    )  # fmt: skip
    assert out.returncode == 2
    assert str(missing) in out.stderr
