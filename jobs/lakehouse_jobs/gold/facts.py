"""Gold facts (pure), each with a declared grain; order-level payments and reviews are aggregated before joining,
so no amount is repeated per item (reference §9.4 items 8, 9). No fact joins a table it does not use."""

from __future__ import annotations

from pyspark.sql import DataFrame, Window
from pyspark.sql import functions as F

from lakehouse_jobs.gold.dates import date_key

MONTH = "yyyy-MM"

# Tie order of `main_payment_type` when two types carry the same value (documented in jobs/README.md); types not
# listed rank after these, alphabetically.
PAYMENT_TYPE_TIE_ORDER = ("credit_card", "boleto", "voucher", "debit_card", "not_defined")


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


def _main_payment_type(payments: DataFrame) -> DataFrame:
    """The type carrying most of the order's value (summed per type); ties by PAYMENT_TYPE_TIE_ORDER, then name."""
    per_type = payments.groupBy("order_id", "payment_type").agg(F.sum("payment_value").alias("_type_value"))
    listed = F.array_position(F.array(*[F.lit(t) for t in PAYMENT_TYPE_TIE_ORDER]), F.col("payment_type"))
    tie_rank = F.when(listed > 0, listed).otherwise(F.lit(len(PAYMENT_TYPE_TIE_ORDER) + 1))
    order = Window.partitionBy("order_id").orderBy(F.col("_type_value").desc(), tie_rank, F.col("payment_type"))
    return (
        per_type.withColumn("_r", F.row_number().over(order))
        .where("_r = 1")
        .select("order_id", F.col("payment_type").alias("main_payment_type"))
    )


def _payments_per_order(payments: DataFrame) -> DataFrame:
    totals = payments.groupBy("order_id").agg(
        F.sum("payment_value").alias("payment_value"),
        F.count(F.lit(1)).alias("payments_count"),
        F.max("payment_installments").alias("payment_installments"),
    )
    return totals.join(_main_payment_type(payments), "order_id")


def _reviews_per_order(reviews: DataFrame) -> DataFrame:
    """Full precision: rounding is the report's business, not Gold's."""
    return reviews.groupBy("order_id").agg(
        F.count(F.lit(1)).alias("review_count"),
        F.avg("review_score").alias("review_score_avg"),
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
            # Late means delivered after the estimated *day* (the estimate is a date at midnight).
            F.when(delivered.isNotNull(), F.to_date(delivered) > F.to_date(estimated)).alias("is_late"),
            "purchase_month",
        )
    )


def fact_closed_deals(deals: DataFrame, mql: DataFrame, sellers: DataFrame) -> DataFrame:
    """Grain: one closed deal per MQL (mql_id), with the lead's origin and time to close; no other joins.

    `seller_id` is the seller who signed, kept for every deal; `seller_key` is the same id when that seller is in
    `dim_sellers` and null for a seller who signed but never sold (the nullable foreign key to `dim_sellers`).
    """
    lead = mql.select("mql_id", "first_contact_date", "landing_page_id", "origin")
    known = sellers.select(F.col("seller_id").alias("seller_key")).distinct()
    won = F.col("won_date")
    return (
        deals.join(lead, "mql_id", "left")
        .join(known, F.col("seller_id") == F.col("seller_key"), "left")
        .select(
            "mql_id",
            "seller_id",
            "seller_key",
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
    )
