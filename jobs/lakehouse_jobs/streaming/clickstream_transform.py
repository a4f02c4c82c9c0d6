"""Pure transformations of parsed clickstream events: identity, funnel step, product enrichment, aggregates."""

from __future__ import annotations

from pyspark.sql import Column, DataFrame
from pyspark.sql import functions as F  # noqa: N812 (the PySpark idiom)

FUNNEL_STEPS = {"page_view": 1, "product_view": 2, "add_to_cart": 3, "purchase": 4}
"""Funnel of the original notebook; other event types (click, login, ...) are kept with a null step."""

ALL = ""
"""The `dim` value of the all-types / whole-site aggregate row (event types and endpoints are never empty)."""
EVENT_COLUMNS = (
    "event_id", "event_ts", "event_date", "log_level", "user_id", "session_id", "event_type", "funnel_step",
    "product_id", "product_category", "amount", "outcome", "kafka_ts",
)  # fmt: skip


def event_id(value: Column) -> Column:
    """Identity of an event: a hash of its raw line, so a replay of the same line maps to the same key everywhere."""
    return F.substring(F.sha2(value, 256), 1, 32)


def funnel_step(event_type: Column) -> Column:
    expr = F.lit(None).cast("int")
    for name, step in FUNNEL_STEPS.items():
        expr = F.when(event_type == name, F.lit(step)).otherwise(expr)
    return expr


def enrich(parsed: DataFrame, products: DataFrame | None) -> DataFrame:
    """Valid parsed events (with `value`, `timestamp`) -> `EVENT_COLUMNS`.

    `products` (product_id, product_category) comes from the warehouse's product dimension; when the warehouse has
    none yet the category is null rather than the job failing.
    """
    events = parsed.select(
        event_id(F.col("value")).alias("event_id"),
        "event_ts",
        F.to_date("event_ts").alias("event_date"),
        "log_level",
        "user_id",
        "session_id",
        "event_type",
        funnel_step(F.col("event_type")).alias("funnel_step"),
        "product_id",
        "amount",
        "outcome",
        F.col("timestamp").alias("kafka_ts"),
    )
    if products is None:
        events = events.withColumn("product_category", F.lit(None).cast("string"))
    else:
        events = events.join(F.broadcast(products.dropDuplicates(["product_id"])), "product_id", "left")
    return events.select(*EVENT_COLUMNS)


def minute_aggregates(events: DataFrame) -> DataFrame:
    """Per-minute counts by event type plus one `ALL` row per minute with the funnel (conversion) counts.

    Works on a stream (with a watermark on event_ts) or a static frame; `dim` is the event type or ALL.
    """
    exploded = events.withColumn("dim", F.explode(F.array(F.col("event_type"), F.lit(ALL))))

    def count_of(event_type: str) -> Column:
        return F.sum(F.when(F.col("event_type") == event_type, 1).otherwise(0)).cast("bigint")

    return exploded.groupBy(F.window("event_ts", "1 minute").alias("window"), "dim").agg(
        F.count(F.lit(1)).alias("events"),
        F.coalesce(F.sum("amount"), F.lit(0.0)).alias("amount_sum"),
        F.approx_count_distinct("user_id").alias("users_approx"),
        # Session ids repeat across users: a session is the pair.
        F.approx_count_distinct(F.concat_ws("/", "user_id", "session_id")).alias("sessions_approx"),
        count_of("product_view").alias("product_views"),
        count_of("add_to_cart").alias("add_to_carts"),
        count_of("purchase").alias("purchases"),
    )


def _rate(numerator: str, denominator: str) -> Column:
    return F.when(F.col(denominator) > 0, F.col(numerator) / F.col(denominator))


def metrics_rows(aggregates: DataFrame) -> DataFrame:
    """Rows of the per-minute-by-type table (`dim` != ALL)."""
    return aggregates.where(F.col("dim") != ALL).select(
        F.to_date(F.col("window.start")).alias("day"),
        F.col("window.start").alias("window_start"),
        F.col("dim").alias("event_type"),
        "events",
        "amount_sum",
        "users_approx",
    )


def conversion_rows(aggregates: DataFrame) -> DataFrame:
    """Rows of the conversion-per-window table (`dim` == ALL): cart rate = carts/views, conversion = purchases/views."""
    return aggregates.where(F.col("dim") == ALL).select(
        F.to_date(F.col("window.start")).alias("day"),
        F.col("window.start").alias("window_start"),
        F.col("window.end").alias("window_end"),
        "events",
        "sessions_approx",
        "product_views",
        "add_to_carts",
        "purchases",
        _rate("add_to_carts", "product_views").alias("cart_rate"),
        _rate("purchases", "product_views").alias("conversion_rate"),
    )
