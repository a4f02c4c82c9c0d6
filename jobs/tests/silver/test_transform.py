import datetime as dt
from decimal import Decimal as D  # noqa: N817

from chispa import assert_df_equality
from pyspark.sql import functions as F

from lakehouse_jobs.common.schemas import table_spec
from lakehouse_jobs.silver import rules, transform
from lakehouse_jobs.silver.tables import TABLES
from tests.builders import bronze, frame, ts

CUSTOMERS = next(t for t in TABLES if t.name == "customers")
ITEMS = next(t for t in TABLES if t.name == "order_items")


def test_customers_are_cleaned_and_dirty_rows_name_their_rule(spark):
    batch = bronze(
        spark,
        "ecom",
        "customers",
        [
            {
                "customer_id": " c1 ",
                "customer_unique_id": "u1",
                "customer_zip_code_prefix": "1037",
                "customer_city": "  São Paulo",
                "customer_state": "sp",
            },
            {
                "customer_id": "  ",
                "customer_unique_id": "u2",
                "customer_zip_code_prefix": "12345",
                "customer_state": "RJ",
            },
            {
                "customer_id": "c3",
                "customer_unique_id": "u3",
                "customer_zip_code_prefix": "12x45",
                "customer_state": "RJ",
            },
            {
                "customer_id": "c4",
                "customer_unique_id": "u4",
                "customer_zip_code_prefix": "22222",
                "customer_state": "R",
            },
        ],
    )
    out = transform.validate(batch, table_spec("ecom", "customers"), CUSTOMERS).select(
        "customer_id", "customer_zip_code_prefix", "customer_city", "customer_state", rules.REJECTION
    )
    expected = frame(
        spark,
        "customer_id string, customer_zip_code_prefix string, customer_city string, "
        "customer_state string, _rejected_by string",
        [
            ("c1", "01037", "sao paulo", "SP", None),
            (None, "12345", None, "RJ", "not_null:customer_id"),
            ("c3", "12x45", None, "RJ", "format:customer_zip_code_prefix"),
            ("c4", "22222", None, "R", "format:customer_state"),
        ],
    )
    assert_df_equality(out, expected, ignore_nullable=True)


def test_order_item_rules_check_ranges(spark):
    batch = bronze(
        spark,
        "ecom",
        "order_items",
        [
            {"order_id": "o1", "order_item_id": 1, "price": D("10"), "freight_value": D("1")},
            {"order_id": "o1", "order_item_id": 0, "price": D("10"), "freight_value": D("1")},
            {"order_id": "o1", "order_item_id": 2, "price": D("-1"), "freight_value": D("1")},
        ],
    )
    out = transform.validate(batch, table_spec("ecom", "order_items"), ITEMS)
    assert [r[0] for r in out.select(rules.REJECTION).collect()] == [None, "range:order_item_id", "non_negative:price"]


def test_foreign_key_check_rejects_dangling_references_only(spark):
    child = frame(
        spark, "order_id string, _rejected_by string", [("o1", None), ("o9", None), (None, None), ("o9", "x")]
    )
    parent = frame(spark, "order_id string", [("o1",)])
    fk = rules.ForeignKey(("order_id",), "orders", ("order_id",))
    out = rules.check_foreign_key(child, fk, parent)
    expected = frame(
        spark,
        "order_id string, _rejected_by string",
        [("o1", None), ("o9", "fk:order_id->orders"), (None, None), ("o9", "x")],
    )
    assert_df_equality(out, expected, ignore_row_order=True, ignore_nullable=True)


def test_latest_per_key_keeps_the_newest_update_across_runs(spark):
    ddl = "order_id string, order_status string, updated_at timestamp, ingest_date string"
    existing = frame(
        spark,
        ddl,
        [("o1", "shipped", ts("2026-01-01 10:00:00"), "d1"), ("o2", "delivered", ts("2026-01-01 12:00:00"), "d1")],
    )
    batch = frame(
        spark,
        ddl,
        [
            ("o1", "delivered", ts("2026-01-02 09:00:00"), "d2"),
            ("o1", "invoiced", ts("2026-01-02 08:00:00"), "d2"),
            ("o2", "created", ts("2026-01-01 11:00:00"), "d2"),  # older than Silver: ignored
            ("o3", "created", ts("2026-01-02 07:00:00"), "d2"),
        ],
    )
    out = transform.latest_per_key(existing, batch, ["order_id"])
    expected = frame(
        spark,
        ddl,
        [
            ("o1", "delivered", ts("2026-01-02 09:00:00"), "d2"),
            ("o2", "delivered", ts("2026-01-01 12:00:00"), "d1"),
            ("o3", "created", ts("2026-01-02 07:00:00"), "d2"),
        ],
    )
    assert_df_equality(out, expected, ignore_row_order=True, ignore_nullable=True)


def test_a_reingested_identical_row_replaces_itself_from_the_new_batch(spark):
    ddl = "order_id string, updated_at timestamp, ingest_date string"
    same = ts("2026-01-01 10:00:00")
    out = transform.latest_per_key(
        frame(spark, ddl, [("o1", same, "d1")]), frame(spark, ddl, [("o1", same, "d2")]), ["order_id"]
    )
    assert [tuple(r) for r in out.collect()] == [("o1", same, "d2")]


def test_quarantine_records_keep_the_whole_row_as_json(spark):
    rejected = frame(spark, "order_id string, price decimal(12,2), _rejected_by string", [("o1", None, "not_null:x")])
    out = transform.rejected_records(rejected, ["order_id"], "ecom.order_items", "2026-01-01")
    row = out.first().asDict()
    assert row == {
        "rule": "not_null:x",
        "record_key": "o1",
        "record": '{"order_id":"o1"}',
        "source_table": "ecom.order_items",
        "run_date": "2026-01-01",
    }


def test_missing_bronze_columns_are_named(spark):
    batch = bronze(spark, "ecom", "customers", []).drop("customer_city")
    try:
        transform.validate(batch, table_spec("ecom", "customers"), CUSTOMERS)
    except ValueError as err:
        assert "customer_city" in str(err) and "ecom.customers" in str(err)
    else:
        raise AssertionError("expected a ValueError")


def test_type_cast_failures_are_rejected(spark):
    batch = bronze(spark, "ecom", "order_items", []).withColumn("order_item_id", F.lit("x"))
    batch = batch.unionByName(
        spark.createDataFrame(
            [("o1", "abc", dt.datetime(2026, 1, 1))], "order_id string, order_item_id string, updated_at timestamp"
        ),
        allowMissingColumns=True,
    )
    out = transform.validate(batch, table_spec("ecom", "order_items"), ITEMS)
    assert [r[0] for r in out.select(rules.REJECTION).collect()] == ["type:order_item_id"]


def test_closed_deals_are_checked_against_their_lead_but_not_against_the_sellers_who_sold(spark):
    """A seller who signed but never sold is absent from `sellers`: the deal is valid and must reach Gold."""
    deals = next(t for t in TABLES if t.name == "closed_deals")
    assert [fk.rule_name for fk in deals.foreign_keys] == ["fk:mql_id->marketing_qualified_leads"]
