"""dim_dates: one row per calendar day, covering whole years around every date found in the data (pure)."""

from __future__ import annotations

from collections.abc import Sequence

from pyspark.sql import Column, DataFrame, SparkSession
from pyspark.sql import functions as F


def date_range(frames: Sequence[tuple[DataFrame, Sequence[str]]]) -> DataFrame:
    """Min and max date over the given (frame, date-or-timestamp columns) pairs, as one row (min_date, max_date)."""
    parts = [df.select(F.to_date(F.col(c)).alias("d")) for df, columns in frames for c in columns]
    union = parts[0]
    for part in parts[1:]:
        union = union.unionByName(part)
    return union.agg(F.min("d").alias("min_date"), F.max("d").alias("max_date"))


def date_key(col: Column) -> Column:
    """The integer key yyyymmdd used by facts (`date_id` stays a DATE for Power BI's date tables)."""
    return F.date_format(col, "yyyyMMdd").cast("int")


def dim_dates(spark: SparkSession, bounds: DataFrame) -> DataFrame:
    """Every day from 1 January of the first year to 31 December of the last; today's year when there is no data."""
    start = F.coalesce(F.trunc(F.col("min_date"), "year"), F.trunc(F.current_date(), "year"))
    end = F.date_sub(
        F.add_months(F.coalesce(F.trunc(F.col("max_date"), "year"), F.trunc(F.current_date(), "year")), 12), 1
    )
    days = bounds.select(F.explode(F.sequence(start, end, F.expr("interval 1 day"))).alias("date_id"))
    d = F.col("date_id")
    return days.select(
        d,
        date_key(d).alias("date_key"),
        F.year(d).alias("year"),
        F.quarter(d).alias("quarter"),
        F.month(d).alias("month"),
        F.dayofmonth(d).alias("day"),
        F.date_format(d, "EEEE").alias("day_of_week"),
        ((F.dayofweek(d) + 5) % 7 + 1).alias("iso_day_of_week"),
        F.date_format(d, "MMMM").alias("month_name"),
        F.date_format(d, "yyyy-MM").alias("year_month"),
        F.dayofweek(d).isin(1, 7).alias("is_weekend"),
    )
