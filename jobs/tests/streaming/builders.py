"""Builders of raw Kafka-shaped rows (value + source coordinates) for the streaming tests."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from pyspark.sql import DataFrame, SparkSession

KAFKA_TS = dt.datetime(2026, 1, 1, 12, 0, 0)
SOURCE_DDL = "value string, topic string, partition int, offset long, timestamp timestamp"


def click_line(ts: str, session: int = 345, event: str = "product_view", product: str = "p1", amount: str = "N/A",
               user: int = 12, level: str = "INFO") -> str:  # fmt: skip
    return (f"{ts} [{level}] - USER_ID: {user}, SESSION_ID: {session}, EVENT_TYPE: {event}, PRODUCT_ID: {product}, "
            f"AMOUNT: {amount}, OUTCOME: N/A")  # fmt: skip


def access_line(ts: str, path: str = "/index.html", status: int = 200, size: str = "100", tail: str = "") -> str:
    return f'10.0.0.1 - - [{ts}] "GET {path} HTTP/1.0" {status} {size}{tail}'


def raw(spark: SparkSession, lines: Sequence[str], topic: str = "t.raw") -> DataFrame:
    """Rows as the Kafka source yields them, offsets 0..n-1 on partition 0."""
    return spark.createDataFrame([(v, topic, 0, i, KAFKA_TS) for i, v in enumerate(lines)], SOURCE_DDL)
