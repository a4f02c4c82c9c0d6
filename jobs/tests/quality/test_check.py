from lakehouse_jobs.common import layout
from lakehouse_jobs.common.tables import publish
from lakehouse_jobs.quality import check
from lakehouse_jobs.silver.io import LoadCounts


def test_counts_must_add_up():
    ok = LoadCounts("2026-01-01", "ecom.orders", 10, 7, 2, 1, 7)
    broken = LoadCounts("2026-01-01", "ecom.items", 10, 9, 2, -1, 9)
    results = check.count_checks([ok, broken])
    assert [(r.table, r.rule, r.passed) for r in results] == [
        ("silver.ecom.orders", "counts_balance", True),
        ("silver.ecom.items", "counts_balance", False),
    ]


def test_duplicate_keys_and_orphans_fail_naming_table_and_rule(spark, settings):
    gold = layout.gold_db()
    customers = spark.createDataFrame([("c1",), ("c1",)], "customer_id string")
    orders = spark.createDataFrame([("o1", "c1"), ("o2", "c9")], "order_id string, customer_id string")
    publish(spark, customers, gold, "dim_customers", settings.path("gold/dim_customers"), "2026-01-01")
    publish(spark, orders, gold, "dim_orders", settings.path("gold/dim_orders"), "2026-01-01")
    results = {(r.table, r.rule): r for r in check.run(spark, settings, "2026-01-01", ["ecom"])}
    assert not results[(f"{gold}.dim_customers", "unique_key(customer_id)")].passed
    assert results[(f"{gold}.dim_orders", "unique_key(order_id)")].passed
    orphan = results[(f"{gold}.dim_orders", "fk(customer_id->dim_customers.customer_id)")]
    assert (orphan.passed, orphan.detail) == (False, "orphans=1")
    assert not results[(f"{gold}.fact_orders", "exists")].passed
    assert "FAIL gold.dim_customers unique_key(customer_id): rows=2 distinct_keys=1 null_keys=0" in check.report(
        list(results.values())
    )


def test_a_closed_deal_of_a_seller_who_never_sold_passes_through_its_nullable_seller_key(spark, settings):
    gold = layout.gold_db()
    sellers = spark.createDataFrame([("s1",)], "seller_id string")
    deals = spark.createDataFrame(
        [("m1", "s1", "s1"), ("m2", "s-never-sold", None), ("m3", "s-bad", "s-bad")],
        "mql_id string, seller_id string, seller_key string",
    )
    publish(spark, sellers, gold, "dim_sellers", settings.path("gold/dim_sellers"), "2026-01-01")
    publish(spark, deals, gold, "fact_closed_deals", settings.path("gold/fact_closed_deals"), "2026-01-01")
    results = {(r.table, r.rule): r for r in check.run(spark, settings, "2026-01-01", ["ecom"])}
    fk_rules = sorted(rule for table, rule in results if table == f"{gold}.fact_closed_deals" and "dim_sellers" in rule)
    assert fk_rules == ["fk(seller_key->dim_sellers.seller_id)"]
    orphan = results[(f"{gold}.fact_closed_deals", "fk(seller_key->dim_sellers.seller_id)")]
    assert (orphan.passed, orphan.detail) == (False, "orphans=1")
