"""Gold build: the star schema (mart `ecom`) or the log facts (mart `logs`) from Silver, each table published
atomically as a Parquet Hive table in the `gold` database. Gold is recomputed from Silver (which is already merged
across runs), so an incremental run yields exactly what a full rebuild would.

`python -m lakehouse_jobs.gold.build --mart {ecom,logs} --run-date D`
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence

from pyspark.sql import DataFrame, SparkSession

from lakehouse_jobs.common import entry, layout, tables
from lakehouse_jobs.common.settings import Settings
from lakehouse_jobs.gold import dates, dims, facts, logs

_DATE_COLUMNS = {
    "orders": [
        "order_purchase_timestamp",
        "order_approved_at",
        "order_delivered_carrier_date",
        "order_delivered_customer_date",
        "order_estimated_delivery_date",
    ],
    "order_items": ["shipping_limit_date"],
    "order_reviews": ["review_creation_date", "review_answer_timestamp"],
    "marketing_qualified_leads": ["first_contact_date"],
    "closed_deals": ["won_date"],
}


def _silver(spark: SparkSession, name: str) -> DataFrame:
    df = tables.read_table(spark, layout.silver_db(), name)
    if df is None:
        raise RuntimeError(f"Silver table {layout.silver_db()}.{name} does not exist: run the Silver build first")
    return df


def _log_tables() -> dict[str, str]:
    return {"events": layout.silver_table_name("clickstream"), "requests": layout.silver_table_name("accesslog")}


def dim_dates(spark: SparkSession) -> DataFrame:
    """Covers every date in Silver: orders, reviews, leads, deals, and the logs when they have been built."""
    frames = [(_silver(spark, t), cols) for t, cols in _DATE_COLUMNS.items()]
    log_columns = {"events": ["event_ts"], "requests": ["request_ts"]}
    for role, name in _log_tables().items():
        df = tables.read_table(spark, layout.silver_db(), name)
        if df is not None:
            frames.append((df, log_columns[role]))
    return dates.dim_dates(spark, dates.date_range(frames))


def ecom_tables(spark: SparkSession) -> dict[str, Callable[[], DataFrame]]:
    s = {
        name: _silver(spark, name)
        for name in [
            "customers",
            "geolocation",
            "sellers",
            "products",
            "product_category_name_translation",
            "orders",
            "order_items",
            "order_payments",
            "order_reviews",
            "marketing_qualified_leads",
            "closed_deals",
        ]
    }
    geo = dims.dim_geolocation(s["geolocation"])
    categories = dims.dim_product_category(s["product_category_name_translation"], s["products"])
    return {
        "dim_dates": lambda: dim_dates(spark),
        "dim_geolocation": lambda: geo,
        "dim_customers": lambda: dims.dim_customers(s["customers"], geo),
        "dim_sellers": lambda: dims.dim_sellers(s["sellers"], geo),
        "dim_product_category": lambda: categories,
        "dim_products": lambda: dims.dim_products(s["products"], categories),
        "dim_orders": lambda: dims.dim_orders(s["orders"]),
        "dim_mql": lambda: dims.dim_mql(s["marketing_qualified_leads"], s["closed_deals"]),
        "fact_order_items": lambda: facts.fact_order_items(s["order_items"], s["orders"]),
        "fact_orders": lambda: facts.fact_orders(
            s["orders"], s["order_items"], s["order_payments"], s["order_reviews"]
        ),
        "fact_closed_deals": lambda: facts.fact_closed_deals(
            s["closed_deals"], s["marketing_qualified_leads"], s["sellers"]
        ),
    }


def logs_tables(spark: SparkSession) -> dict[str, Callable[[], DataFrame]]:
    names = _log_tables()
    return {
        "dim_dates": lambda: dim_dates(spark),
        "fact_clickstream_events": lambda: logs.fact_clickstream_events(_silver(spark, names["events"])),
        "fact_access_log": lambda: logs.fact_access_log(_silver(spark, names["requests"])),
    }


def run(spark: SparkSession, settings: Settings, mart: str, run_date: str) -> dict[str, int]:
    """Publish every table of the mart (in contract order); returns the published row counts."""
    builders = ecom_tables(spark) if mart == "ecom" else logs_tables(spark)
    counts: dict[str, int] = {}
    for table in layout.gold_tables(mart):
        df = builders[table]()
        tables.publish(
            spark,
            df,
            layout.gold_db(),
            table,
            layout.gold_root(settings, table),
            run_date,
            layout.gold_partition(table),
        )
        counts[table] = spark.table(f"{layout.gold_db()}.{table}").count()
    return counts


def main(argv: Sequence[str] | None = None) -> int:
    parser = entry.parser("Build a Gold mart from Silver")
    parser.add_argument("--mart", required=True, choices=["ecom", "logs"])
    parser.add_argument("--run-date", required=True, type=entry.run_date)
    args = parser.parse_args(argv)

    def body(spark: SparkSession, settings: Settings) -> None:
        for table, rows in run(spark, settings, args.mart, args.run_date).items():
            print(f"gold {layout.gold_db()}.{table}: {rows} rows")

    entry.with_session(args, f"gold-{args.mart}", body)
    return 0


if __name__ == "__main__":
    sys.exit(main())
