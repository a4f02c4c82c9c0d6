"""Enrichment and per-minute aggregates of clickstream events (static frames: the same functions run on streams)."""

from __future__ import annotations

import datetime as dt

from pyspark.sql import SparkSession

from lakehouse_jobs.common.logparse import parse_clickstream
from lakehouse_jobs.streaming import clickstream_transform as t
from tests.streaming.builders import KAFKA_TS, click_line, raw


def test_events_get_a_content_id_funnel_step_and_category_from_the_dimension(spark: SparkSession) -> None:
    spark.conf.set("spark.sql.session.timeZone", "UTC")
    lines = [click_line("2017-03-12 14:05:33.5", event="add_to_cart", product="p1"),
             click_line("2017-03-12 14:06:00", event="login", product="N/A")]  # fmt: skip
    products = spark.createDataFrame([("p1", "toys"), ("p1", "toys"), ("p9", "books")], "product_id string, c string")
    events = t.enrich(parse_clickstream(raw(spark, lines)), products.withColumnRenamed("c", "product_category"))
    rows = [r.asDict() for r in events.orderBy("event_ts").collect()]
    assert [(r["event_type"], r["funnel_step"], r["product_id"], r["product_category"]) for r in rows] == [
        ("add_to_cart", 3, "p1", "toys"),
        ("login", None, None, None),
    ]
    assert rows[0]["event_date"] == dt.date(2017, 3, 12)
    assert rows[0]["kafka_ts"] == KAFKA_TS
    assert len(rows[0]["event_id"]) == 32
    assert tuple(events.columns) == t.EVENT_COLUMNS


def test_event_id_is_the_same_for_the_same_line_and_differs_otherwise(spark: SparkSession) -> None:
    lines = [click_line("2017-03-12 14:05:33"), click_line("2017-03-12 14:05:33"), click_line("2017-03-12 14:05:34")]
    ids = [r["event_id"] for r in t.enrich(parse_clickstream(raw(spark, lines)), None).collect()]
    assert ids[0] == ids[1] != ids[2]


def test_without_a_product_dimension_categories_are_null(spark: SparkSession) -> None:
    events = t.enrich(parse_clickstream(raw(spark, [click_line("2017-03-12 14:05:33")])), None)
    assert [r["product_category"] for r in events.collect()] == [None]


def test_minute_aggregates_count_by_type_and_funnel(spark: SparkSession) -> None:
    spark.conf.set("spark.sql.session.timeZone", "UTC")
    lines = [
        click_line("2017-03-12 14:05:01", session=1, event="product_view"),
        click_line("2017-03-12 14:05:02", session=1, event="product_view"),
        click_line("2017-03-12 14:05:03", session=1, event="add_to_cart"),
        click_line("2017-03-12 14:05:59", session=2, event="purchase", amount="10.5"),
        click_line("2017-03-12 14:06:00", session=2, event="purchase", amount="2"),
    ]
    aggregates = t.minute_aggregates(t.enrich(parse_clickstream(raw(spark, lines)), None))
    by_type = t.metrics_rows(aggregates).orderBy("window_start", "event_type")
    assert [(str(r["window_start"]), r["event_type"], r["events"], r["amount_sum"]) for r in by_type.collect()] == [
        ("2017-03-12 14:05:00", "add_to_cart", 1, 0.0),
        ("2017-03-12 14:05:00", "product_view", 2, 0.0),
        ("2017-03-12 14:05:00", "purchase", 1, 10.5),
        ("2017-03-12 14:06:00", "purchase", 1, 2.0),
    ]
    conversion = t.conversion_rows(aggregates).orderBy("window_start").collect()
    assert [(r["events"], r["sessions_approx"], r["product_views"], r["add_to_carts"], r["purchases"],
             r["cart_rate"], r["conversion_rate"]) for r in conversion] == [
        (4, 2, 2, 1, 1, 0.5, 0.5),
        (1, 1, 0, 0, 1, None, None),
    ]  # fmt: skip
    assert str(conversion[0]["day"]) == "2017-03-12"
