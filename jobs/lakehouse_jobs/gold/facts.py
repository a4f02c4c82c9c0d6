"""Gold facts (pure), each with a declared grain; order-level payments and reviews are aggregated before joining,
so no amount is repeated per item (reference §9.4 items 8, 9). No fact joins a table it does not use."""

from __future__ import annotations

from pyspark.sql import DataFrame
from pyspark.sql import functions as F

from lakehouse_jobs.gold.dates import date_key

MONTH = "yyyy-MM"


def _purchase_dates(orders: DataFrame) -> DataFrame:
    purchase = F.col("order_purchase_timestamp")
    return orders.select(
        "order_id",
        "customer_id",
        "order_status",
        "order_purchase_timestamp",
        F.to_date(purchase).alias("date_id"),
        date_key(purchase).alias("date_key"),
        F.date_format(purchase, MONTH).alias("purchase_month"),
    )


def fact_order_items(items: DataFrame, orders: DataFrame) -> DataFrame:
    """Grain: one order line (order_id, order_item_id). `order_item_id` is the line number, not a quantity."""
    return items.join(_purchase_dates(orders), "order_id", "left").select(
        "order_id",
        "order_item_id",
        "product_id",
        "seller_id",
        "customer_id",
        "order_status",
        "date_id",
        "date_key",
        "shipping_limit_date",
        "price",
        "freight_value",
        (F.col("price") + F.col("freight_value")).alias("item_total"),
        "purchase_month",
    )


def _items_per_order(items: DataFrame) -> DataFrame:
    return items.groupBy("order_id").agg(
        F.count(F.lit(1)).alias("items_count"),
        F.countDistinct("seller_id").alias("sellers_count"),
        F.sum("price").alias("items_value"),
        F.sum("freight_value").alias("freight_value"),
    )


def _payments_per_order(payments: DataFrame) -> DataFrame:
    """Main payment type: the one carrying the largest value (ties: alphabetical last, deterministic)."""
    return payments.groupBy("order_id").agg(
        F.sum("payment_value").alias("payment_value"),
        F.count(F.lit(1)).alias("payments_count"),
        F.max("payment_installments").alias("payment_installments"),
        F.max(F.struct("payment_value", "payment_type")).getField("payment_type").alias("main_payment_type"),
    )


def _reviews_per_order(reviews: DataFrame) -> DataFrame:
    return reviews.groupBy("order_id").agg(
        F.count(F.lit(1)).alias("review_count"),
        F.round(F.avg("review_score"), 2).alias("review_score_avg"),
    )


def fact_orders(orders: DataFrame, items: DataFrame, payments: DataFrame, reviews: DataFrame) -> DataFrame:
    """Grain: one order. Items, payments and reviews are aggregated per order first; delivery measures in days."""
    delivered, estimated = F.col("order_delivered_customer_date"), F.col("order_estimated_delivery_date")
    purchase = F.col("order_purchase_timestamp")
    base = orders.join(_purchase_dates(orders).select("order_id", "date_id", "date_key", "purchase_month"), "order_id")
    return (
        base.join(_items_per_order(items), "order_id", "left")
        .join(_payments_per_order(payments), "order_id", "left")
        .join(_reviews_per_order(reviews), "order_id", "left")
        .select(
            "order_id",
            "customer_id",
            "order_status",
            "date_id",
            "date_key",
            "order_purchase_timestamp",
            "order_approved_at",
            "order_delivered_carrier_date",
            "order_delivered_customer_date",
            "order_estimated_delivery_date",
            F.coalesce("items_count", F.lit(0)).alias("items_count"),
            F.coalesce("sellers_count", F.lit(0)).alias("sellers_count"),
            "items_value",
            "freight_value",
            (F.col("items_value") + F.col("freight_value")).alias("order_value"),
            "payment_value",
            F.coalesce("payments_count", F.lit(0)).alias("payments_count"),
            "payment_installments",
            "main_payment_type",
            F.coalesce("review_count", F.lit(0)).alias("review_count"),
            "review_score_avg",
            F.datediff(delivered, purchase).alias("delivery_days"),
            F.datediff(estimated, purchase).alias("estimated_delivery_days"),
            F.datediff(delivered, estimated).alias("delivery_delay_days"),
            F.when(delivered.isNotNull(), delivered > estimated).alias("is_late"),
            "purchase_month",
        )
    )


def fact_closed_deals(deals: DataFrame, mql: DataFrame) -> DataFrame:
    """Grain: one closed deal per MQL (mql_id), with the lead's origin and time to close; no other joins."""
    lead = mql.select("mql_id", "first_contact_date", "landing_page_id", "origin")
    won = F.col("won_date")
    return deals.join(lead, "mql_id", "left").select(
        "mql_id",
        "seller_id",
        "sdr_id",
        "sr_id",
        "won_date",
        F.to_date(won).alias("date_id"),
        date_key(won).alias("date_key"),
        "first_contact_date",
        F.datediff(F.to_date(won), F.col("first_contact_date")).alias("days_to_close"),
        F.coalesce("origin", F.lit("unknown")).alias("origin"),
        "landing_page_id",
        "business_segment",
        "lead_type",
        "lead_behaviour_profile",
        "has_company",
        "has_gtin",
        "average_stock",
        "business_type",
        "declared_product_catalog_size",
        "declared_monthly_revenue",
    )
