"""Pure transformations of parsed access-log requests: endpoint normalisation, classes, user agent, aggregates."""

from __future__ import annotations

from pyspark.sql import Column, DataFrame
from pyspark.sql import functions as F  # noqa: N812 (the PySpark idiom)

from lakehouse_jobs.streaming.clickstream_transform import ALL, event_id

ID_PLACEHOLDER = "{id}"
EVENT_COLUMNS = (
    "event_id", "request_ts", "hour", "event_date", "host", "method", "path", "endpoint", "protocol", "status",
    "status_class", "bytes", "resource_type", "is_error", "is_client_error", "is_server_error", "log_format",
    "referrer", "user_agent", "ua_browser", "ua_os", "ua_is_bot", "kafka_ts",
)  # fmt: skip

# Path segments that identify a record rather than a route: numbers, UUIDs, long hex digests.
_UUID = r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}"
_ID_SEGMENT = r"(?<=/)([0-9]+|" + _UUID + r"|[0-9a-fA-F]{16,})(?=/|$)"
_RESOURCE_TYPES = (  # (type, regex on the lower-cased endpoint), first match wins
    ("image", r"\.(gif|jpe?g|png|ico|svg|bmp|xbm|webp)$"),
    ("media", r"\.(mpe?g|avi|mov|mp3|mp4|wav|au)$"),
    ("static", r"\.(css|js|woff2?|ttf)$"),
    ("document", r"\.(txt|pdf|doc|ps|zip|gz|tar)$"),
    ("dynamic", r"(^/cgi-bin/|\.(cgi|php|pl|aspx?|jsp)$)"),
    ("page", r"(/$|\.s?html?$|^/[^.]*$)"),
)
_BROWSERS = (("Edge", r"Edg(e|A|iOS)?/"), ("Opera", r"OPR/|Opera"), ("Chrome", r"Chrome/|CriOS/"),
             ("Firefox", r"Firefox/|FxiOS/"), ("Safari", r"Safari/"), ("curl", r"^curl/"),
             ("MSIE", r"MSIE |Trident/"))  # fmt: skip
_SYSTEMS = (("Android", r"Android"), ("iOS", r"iPhone|iPad|iPod"), ("Windows", r"Windows"),
            ("macOS", r"Mac OS X|Macintosh"), ("Linux", r"Linux|X11"))  # fmt: skip
_BOT = r"(?i)bot|crawl|spider|slurp|curl|wget|python-requests"


def normalise_endpoint(path: Column) -> Column:
    """Route of a request: no query string or fragment, ids replaced by `{id}`, no trailing slash except the root."""
    route = F.regexp_replace(path, r"[?#].*$", "")
    route = F.regexp_replace(route, _ID_SEGMENT, ID_PLACEHOLDER)
    route = F.regexp_replace(route, r"(?<=.)/+$", "")
    return F.when(route == "", F.lit("/")).otherwise(route)


def _first_match(col: Column, table: tuple[tuple[str, str], ...], default: str | None) -> Column:
    expr = F.lit(default).cast("string")
    for name, pattern in reversed(table):
        expr = F.when(col.rlike(pattern), F.lit(name)).otherwise(expr)
    return expr


def status_class(status: Column) -> Column:
    return F.concat((status / 100).cast("int").cast("string"), F.lit("xx"))


def enrich(parsed: DataFrame) -> DataFrame:
    """Valid parsed requests (with `value`, `timestamp`) -> `EVENT_COLUMNS`; user agent fields for combined lines."""
    endpoint = normalise_endpoint(F.col("path"))
    ua = F.col("user_agent")
    combined = (F.col("log_format") == "combined") & ua.isNotNull()
    return parsed.select(
        event_id(F.col("value")).alias("event_id"),
        "request_ts",
        F.date_trunc("hour", "request_ts").alias("hour"),
        F.to_date("request_ts").alias("event_date"),
        "host",
        "method",
        "path",
        endpoint.alias("endpoint"),
        "protocol",
        "status",
        status_class(F.col("status")).alias("status_class"),
        "bytes",
        _first_match(F.lower(endpoint), _RESOURCE_TYPES, "other").alias("resource_type"),
        (F.col("status") >= 400).alias("is_error"),
        F.col("status").between(400, 499).alias("is_client_error"),
        (F.col("status") >= 500).alias("is_server_error"),
        "log_format",
        "referrer",
        "user_agent",
        F.when(combined, _first_match(ua, _BROWSERS, "other")).alias("ua_browser"),
        F.when(combined, _first_match(ua, _SYSTEMS, "other")).alias("ua_os"),
        F.when(combined, ua.rlike(_BOT)).alias("ua_is_bot"),
        F.col("timestamp").alias("kafka_ts"),
    )


SKETCHES: tuple[str, ...] = ()
"""No distinct counts: every column of `minute_partials` is a sum."""


def minute_partials(events: DataFrame) -> DataFrame:
    """Per-minute request and error counts by endpoint plus one `ALL` row per minute for the whole site; all sums, so
    the rows of two batches combine into the rows of both (`window_state.merge`)."""
    exploded = events.withColumn("dim", F.explode(F.array(F.col("endpoint"), F.lit(ALL))))
    return exploded.groupBy(F.window("request_ts", "1 minute").alias("window"), "dim").agg(
        F.count(F.lit(1)).alias("requests"),
        F.sum(F.col("is_client_error").cast("bigint")).alias("client_errors"),
        F.sum(F.col("is_server_error").cast("bigint")).alias("server_errors"),
        F.sum("bytes").alias("bytes"),
    )


def finish(partials: DataFrame) -> DataFrame:
    return partials


def minute_aggregates(events: DataFrame) -> DataFrame:
    """Per-minute aggregates of a static frame of events in one step (the job folds partials batch by batch)."""
    return finish(minute_partials(events))


def _common(aggregates: DataFrame) -> list[Column | str]:
    return [
        F.to_date(F.col("window.start")).alias("day"),
        F.col("window.start").alias("window_start"),
        "requests",
        "client_errors",
        "server_errors",
        "bytes",
        ((F.col("client_errors") + F.col("server_errors")) / F.col("requests")).alias("error_rate"),
    ]


def site_rows(aggregates: DataFrame) -> DataFrame:
    """Rows of the per-minute table for the whole site."""
    return aggregates.where(F.col("dim") == ALL).select(*_common(aggregates))


def endpoint_rows(aggregates: DataFrame) -> DataFrame:
    """Rows of the per-endpoint-and-minute table."""
    return aggregates.where(F.col("dim") != ALL).select(F.col("dim").alias("endpoint"), *_common(aggregates))
