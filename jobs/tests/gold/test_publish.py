"""Write-audit-publish: BI (the `gold` views) sees a Gold version only after the quality gate passed on it; a blocked
run leaves every view on the previous audited version. One injected defect per rule family."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from pyspark.sql import DataFrame, SparkSession

from lakehouse_jobs.common import layout
from lakehouse_jobs.common.tables import publish as write
from lakehouse_jobs.gold import publish
from lakehouse_jobs.quality import check

DAY = "2026-01-01"
D = "DATE'2018-01-02'"

# The smallest valid ecom mart: only the columns the rules read, one row per table.
VALID = {
    "dim_dates": f"SELECT {D} AS date_id",
    "dim_customers": "SELECT 'c1' AS customer_id",
    "dim_geolocation": "SELECT '01001' AS geolocation_zip_code_prefix",
    "dim_product_category": "SELECT 'toys' AS product_category_name",
    "dim_products": "SELECT 'p1' AS product_id, 'toys' AS product_category_name",
    "dim_sellers": "SELECT 's1' AS seller_id",
    "dim_orders": "SELECT 'o1' AS order_id, 'c1' AS customer_id, 'delivered' AS order_status",
    "dim_mql": f"SELECT 'm1' AS mql_id, {D} AS first_contact_date",
    "fact_order_items": (
        f"SELECT 'o1' AS order_id, 1 AS order_item_id, 'c1' AS customer_id, 'p1' AS product_id, 's1' AS seller_id, "
        f"{D} AS date_id, 10.0 AS price, 2.0 AS freight_value, 12.0 AS item_total"
    ),
    "fact_orders": (
        f"SELECT 'o1' AS order_id, 'c1' AS customer_id, {D} AS date_id, 'delivered' AS order_status, "
        "1 AS items_count, 1 AS payments_count, 0 AS review_count, 10.0 AS items_value, 2.0 AS freight_value, "
        "12.0 AS order_value, 12.0 AS payment_value"
    ),
    "fact_closed_deals": f"SELECT 'm1' AS mql_id, 's1' AS seller_key, {D} AS date_id",
}


def _write(spark: SparkSession, settings, table: str, df: DataFrame) -> None:
    write(spark, df, layout.gold_versions_db(), table, layout.gold_root(settings, table), DAY)


def _visible(spark: SparkSession) -> dict[str, list[tuple]]:
    return {t: sorted(tuple(r) for r in spark.table(f"{layout.gold_db()}.{t}").collect()) for t in VALID}


def _with(sql: str, replace: str) -> Callable[[SparkSession], DataFrame]:
    return lambda spark: spark.sql(sql.replace(*replace.split("=>")))


DEFECTS = {
    "duplicate key": (
        "dim_customers",
        lambda s: s.sql("SELECT 'c1' AS customer_id UNION ALL SELECT 'c1'"),
        "unique_key(customer_id)",
    ),
    "broken foreign key": (
        "fact_orders",
        _with(VALID["fact_orders"], "'c1' AS customer_id=>'c9' AS customer_id"),
        "fk(customer_id->dim_customers.customer_id)",
    ),
    "null in a required column": (
        "fact_order_items",
        _with(VALID["fact_order_items"], "'p1' AS product_id=>CAST(NULL AS STRING) AS product_id"),
        "not_null(product_id)",
    ),
    "negative amount": (
        "fact_orders",
        _with(VALID["fact_orders"], "12.0 AS payment_value=>-12.0 AS payment_value"),
        "non_negative(payment_value)",
    ),
    "row-count drop": ("dim_sellers", lambda s: s.sql(VALID["dim_sellers"]).where("false"), "no_row_drop"),
}


@pytest.fixture
def published(spark: SparkSession, settings):
    for table, sql in VALID.items():
        _write(spark, settings, table, spark.sql(sql))
    results = check.gate(spark, settings, DAY, ["ecom"])
    assert all(r.passed for r in results), check.report(results)
    return settings, _visible(spark)


def test_a_passing_gate_publishes_the_audited_versions_as_views(spark, published):
    settings, visible = published
    assert visible["dim_customers"] == [("c1",)]
    assert publish.published_version(spark, "dim_customers") == 0
    _write(spark, settings, "dim_customers", spark.sql("SELECT 'c1' AS customer_id UNION ALL SELECT 'c2'"))
    assert _visible(spark)["dim_customers"] == [("c1",)]  # written, not yet audited: invisible
    assert all(r.passed for r in check.gate(spark, settings, DAY, ["ecom"]))
    assert _visible(spark)["dim_customers"] == [("c1",), ("c2",)]
    assert publish.published_version(spark, "dim_customers") == 1


@pytest.mark.parametrize("defect", list(DEFECTS))
def test_a_defect_blocks_the_run_and_no_row_of_it_is_visible(spark, published, defect):
    settings, before = published
    table, build, rule = DEFECTS[defect]
    _write(spark, settings, table, build(spark))
    failed = [(r.table, r.rule) for r in check.gate(spark, settings, DAY, ["ecom"]) if not r.passed]
    assert (f"{layout.gold_db()}.{table}", rule) in failed
    assert _visible(spark) == before
    assert publish.published_version(spark, table) == 0
