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


SKETCHES = ("users_sketch", "sessions_sketch")
"""Columns of `minute_partials` merged by HyperLogLog union (the others are sums)."""


def minute_partials(events: DataFrame) -> DataFrame:
    """Mergeable per-minute rows by event type plus one `ALL` row per minute (funnel counts): sums and HyperLogLog
    sketches, so the rows of two batches combine into the rows of both (`window_state.merge`); `dim` is the event type
    or ALL."""
    exploded = events.withColumn("dim", F.explode(F.array(F.col("event_type"), F.lit(ALL))))

    def count_of(event_type: str) -> Column:
        return F.sum(F.when(F.col("event_type") == event_type, 1).otherwise(0)).cast("bigint")

    return exploded.groupBy(F.window("event_ts", "1 minute").alias("window"), "dim").agg(
        F.count(F.lit(1)).alias("events"),
        F.coalesce(F.sum("amount"), F.lit(0.0)).alias("amount_sum"),
        F.hll_sketch_agg("user_id").alias("users_sketch"),
        # Session ids repeat across users: a session is the pair.
        F.hll_sketch_agg(F.concat_ws("/", "user_id", "session_id")).alias("sessions_sketch"),
        count_of("product_view").alias("product_views"),
        count_of("add_to_cart").alias("add_to_carts"),
        count_of("purchase").alias("purchases"),
    )


def finish(partials: DataFrame) -> DataFrame:
    """Per-minute aggregates from (merged) partial rows: the sketches become approximate distinct counts."""
    return partials.withColumns({
        "users_approx": F.hll_sketch_estimate("users_sketch"),
        "sessions_approx": F.hll_sketch_estimate("sessions_sketch"),
    }).drop(*SKETCHES)  # fmt: skip


def minute_aggregates(events: DataFrame) -> DataFrame:
    """Per-minute aggregates of a static frame of events in one step (the job folds partials batch by batch)."""
    return finish(minute_partials(events))


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
