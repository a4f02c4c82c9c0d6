import pytest

from lakehouse_jobs.bronze import jdbc
from lakehouse_jobs.bronze.watermark import previous_high
from lakehouse_jobs.common.schemas import table_spec

ORDERS = table_spec("ecom", "orders")


def test_full_read_has_only_the_upper_bound():
    assert jdbc.bounds_condition(None, "2026-01-02T00:00:00.000000") == (
        "\"updated_at\" <= TIMESTAMPTZ '2026-01-02T00:00:00.000000+00'"
    )


def test_incremental_read_is_bounded_on_both_sides():
    cond = jdbc.bounds_condition("2026-01-01T10:00:00.000001", "2026-01-02T00:00:00.000000")
    assert cond == (
        "\"updated_at\" > TIMESTAMPTZ '2026-01-01T10:00:00.000001+00' AND "
        "\"updated_at\" <= TIMESTAMPTZ '2026-01-02T00:00:00.000000+00'"
    )


def test_select_lists_the_contract_columns_and_the_watermark():
    query = jdbc.select_query(ORDERS, None, "2026-01-02T00:00:00")
    assert query.startswith('(SELECT "order_id", "customer_id", "order_status", "order_purchase_timestamp"')
    assert '"order_estimated_delivery_date", "updated_at" FROM "orders" WHERE' in query


def test_watermark_values_that_are_not_timestamps_are_refused():
    with pytest.raises(ValueError, match="malformed watermark"):
        jdbc.bounds_condition("2026-01-01' OR 1=1 --", "2026-01-02T00:00:00")


@pytest.mark.parametrize(
    ("rows", "partitions"), [(0, 1), (1, 1), (250_000, 1), (250_001, 2), (1_000_000, 4), (10_000_000, 8)]
)
def test_partition_count_grows_with_rows_up_to_a_cap(rows, partitions):
    assert jdbc.partition_count(rows) == partitions


def test_predicates_split_by_a_hash_of_the_first_key_column():
    preds = jdbc.partition_predicates(table_spec("ecom", "order_items"), 3)
    assert preds == [f'mod(hashtext("order_id"::text)::bigint + 2147483648, 3) = {i}' for i in range(3)]
    assert jdbc.partition_predicates(ORDERS, 1) == ["TRUE"]


def test_password_is_not_in_the_repr():
    assert "s3cret" not in repr(jdbc.JdbcSource("jdbc:postgresql://h/db", "u", "s3cret"))


def test_driver_package_is_added_unless_jars_are_given():
    assert jdbc.with_driver([]) == [f"spark.jars.packages={jdbc.POSTGRES_JDBC_PACKAGE}"]
    assert jdbc.with_driver(["spark.jars=/opt/pg.jar"]) == ["spark.jars=/opt/pg.jar"]


@pytest.mark.parametrize(
    ("recorded", "run_date", "expected"),
    [
        ([], "2026-01-02", None),
        ([("2026-01-01", "2026-01-01T05:00:00")], "2026-01-02", "2026-01-01T05:00:00"),
        # a rerun of a date starts where the earlier dates ended, not where its own first attempt ended
        (
            [("2026-01-01", "2026-01-01T05:00:00"), ("2026-01-02", "2026-01-02T05:00:00")],
            "2026-01-02",
            "2026-01-01T05:00:00",
        ),
        (
            [("2026-01-01", "2026-01-01T05:00:00"), ("2026-01-02", "2026-01-02T05:00:00")],
            "2026-01-03",
            "2026-01-02T05:00:00",
        ),
    ],
)
def test_previous_high_uses_only_earlier_dates(recorded, run_date, expected):
    assert previous_high(recorded, run_date) == expected
