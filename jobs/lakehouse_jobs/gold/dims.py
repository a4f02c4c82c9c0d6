"""Gold dimensions (pure): exactly one row per key, whatever the Silver fan-out (reference §9.4 items 6, 7, 10)."""

from __future__ import annotations

from pyspark.sql import DataFrame, Window
from pyspark.sql import functions as F


def _mode(df: DataFrame, key: str, column: str) -> DataFrame:
    """The most frequent non-null value of `column` per `key` (ties: alphabetical), as (key, column)."""
    counted = df.where(F.col(column).isNotNull()).groupBy(key, column).count()
    rank = F.row_number().over(Window.partitionBy(key).orderBy(F.col("count").desc(), F.col(column)))
    return counted.withColumn("_r", rank).where("_r = 1").select(key, column)


def dim_geolocation(geolocation: DataFrame) -> DataFrame:
    """One row per zip prefix: mean coordinates, most frequent city and state, and how many points were merged."""
    zip_col = "geolocation_zip_code_prefix"
    points = geolocation.groupBy(zip_col).agg(
        F.round(F.avg("geolocation_lat"), 6).alias("geolocation_lat"),
        F.round(F.avg("geolocation_lng"), 6).alias("geolocation_lng"),
        F.count(F.lit(1)).alias("points"),
    )
    return (
        points.join(_mode(geolocation, zip_col, "geolocation_city"), zip_col, "left")
        .join(_mode(geolocation, zip_col, "geolocation_state"), zip_col, "left")
        .select(zip_col, "geolocation_city", "geolocation_state", "geolocation_lat", "geolocation_lng", "points")
    )


def _with_coordinates(df: DataFrame, zip_col: str, geo: DataFrame) -> DataFrame:
    coords = geo.select(F.col("geolocation_zip_code_prefix").alias(zip_col), "geolocation_lat", "geolocation_lng")
    return df.join(coords, zip_col, "left")


def dim_customers(customers: DataFrame, geo: DataFrame) -> DataFrame:
    base = customers.select(
        "customer_id", "customer_unique_id", "customer_zip_code_prefix", "customer_city", "customer_state"
    )
    return _with_coordinates(base, "customer_zip_code_prefix", geo)


def dim_sellers(sellers: DataFrame, geo: DataFrame) -> DataFrame:
    base = sellers.select("seller_id", "seller_zip_code_prefix", "seller_city", "seller_state")
    return _with_coordinates(base, "seller_zip_code_prefix", geo)


def dim_product_category(translations: DataFrame, products: DataFrame) -> DataFrame:
    """Every category used by a product or translated; untranslated ones keep their Portuguese name in English."""
    used = products.select("product_category_name").where(F.col("product_category_name").isNotNull()).distinct()
    names = translations.select("product_category_name").unionByName(used).distinct()
    return names.join(translations, "product_category_name", "left").select(
        "product_category_name",
        F.coalesce("product_category_name_english", "product_category_name").alias("product_category_name_english"),
        F.col("product_category_name_english").isNotNull().alias("has_translation"),
    )


def dim_products(products: DataFrame, categories: DataFrame) -> DataFrame:
    """Products with their English category; the source's misspelt `_lenght` columns are renamed here."""
    return products.join(
        categories.select("product_category_name", "product_category_name_english"), "product_category_name", "left"
    ).select(
        "product_id",
        "product_category_name",
        "product_category_name_english",
        F.col("product_name_lenght").alias("product_name_length"),
        F.col("product_description_lenght").alias("product_description_length"),
        "product_photos_qty",
        "product_weight_g",
        "product_length_cm",
        "product_height_cm",
        "product_width_cm",
    )


def dim_orders(orders: DataFrame) -> DataFrame:
    """One row per order: its status and lifecycle timestamps (the amounts live in the facts)."""
    return orders.select(
        "order_id",
        "customer_id",
        "order_status",
        F.to_date("order_purchase_timestamp").alias("order_date"),
        "order_purchase_timestamp",
        "order_approved_at",
        "order_delivered_carrier_date",
        "order_delivered_customer_date",
        "order_estimated_delivery_date",
    )


def dim_mql(mql: DataFrame, deals: DataFrame) -> DataFrame:
    """One row per marketing-qualified lead, flagged when it closed (the funnel's denominator and numerator)."""
    closed = deals.select("mql_id", F.lit(True).alias("_closed")).distinct()
    return mql.join(closed, "mql_id", "left").select(
        "mql_id",
        "first_contact_date",
        "landing_page_id",
        F.coalesce("origin", F.lit("unknown")).alias("origin"),
        F.coalesce("_closed", F.lit(False)).alias("is_closed"),
    )
