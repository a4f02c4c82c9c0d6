from decimal import Decimal as D  # noqa: N817

from chispa import assert_df_equality

from lakehouse_jobs.gold import dates, facts
from tests.builders import frame, ts

ORDERS = (
    "order_id string, customer_id string, order_status string, order_purchase_timestamp timestamp, "
    "order_approved_at timestamp, order_delivered_carrier_date timestamp, order_delivered_customer_date timestamp, "
    "order_estimated_delivery_date timestamp"
)
ITEMS = (
    "order_id string, order_item_id int, product_id string, seller_id string, shipping_limit_date timestamp, "
    "price decimal(12,2), freight_value decimal(12,2)"
)
PAYMENTS = (
    "order_id string, payment_sequential int, payment_type string, payment_installments int, "
    "payment_value decimal(12,2)"
)
REVIEWS = "order_id string, review_score int"


def _orders(spark):
    return frame(
        spark,
        ORDERS,
        [
            (
                "o1",
                "c1",
                "delivered",
                ts("2018-01-01 10:00:00"),
                None,
                None,
                ts("2018-01-11 10:00:00"),
                ts("2018-01-08 00:00:00"),
            ),
            ("o2", "c2", "shipped", ts("2018-02-01 10:00:00"), None, None, None, ts("2018-02-20 00:00:00")),
        ],
    )


def _items(spark):
    return frame(
        spark,
        ITEMS,
        [
            ("o1", 1, "p1", "s1", None, D("10.00"), D("1.00")),
            ("o1", 2, "p1", "s1", None, D("10.00"), D("1.00")),
            ("o1", 3, "p2", "s2", None, D("5.00"), D("2.00")),
        ],
    )


def test_fact_orders_aggregates_items_payments_and_reviews_before_joining(spark):
    payments = frame(spark, PAYMENTS, [("o1", 1, "credit_card", 3, D("30.00")), ("o1", 2, "voucher", 1, D("9.00"))])
    reviews = frame(spark, REVIEWS, [("o1", 5), ("o1", 4)])
    out = facts.fact_orders(_orders(spark), _items(spark), payments, reviews).select(
        "order_id",
        "items_count",
        "sellers_count",
        "items_value",
        "freight_value",
        "payment_value",
        "payments_count",
        "main_payment_type",
        "review_count",
        "review_score_avg",
        "delivery_days",
        "delivery_delay_days",
        "is_late",
        "purchase_month",
    )
    expected = frame(
        spark,
        "order_id string, items_count long, sellers_count long, items_value decimal(22,2), "
        "freight_value decimal(22,2), payment_value decimal(22,2), payments_count long, "
        "main_payment_type string, review_count long, review_score_avg double, delivery_days int, "
        "delivery_delay_days int, is_late boolean, purchase_month string",
        [
            ("o1", 3, 2, D("25.00"), D("4.00"), D("39.00"), 2, "credit_card", 2, 4.5, 10, 3, True, "2018-01"),
            ("o2", 0, 0, None, None, None, 0, None, 0, None, None, None, None, "2018-02"),
        ],
    )
    assert_df_equality(out, expected, ignore_row_order=True, ignore_nullable=True)


def test_fact_order_items_keeps_one_row_per_line_with_the_order_date(spark):
    out = facts.fact_order_items(_items(spark), _orders(spark)).select(
        "order_id", "order_item_id", "customer_id", "date_key", "item_total", "purchase_month"
    )
    expected = frame(
        spark,
        "order_id string, order_item_id int, customer_id string, date_key int, "
        "item_total decimal(13,2), purchase_month string",
        [
            ("o1", 1, "c1", 20180101, D("11.00"), "2018-01"),
            ("o1", 2, "c1", 20180101, D("11.00"), "2018-01"),
            ("o1", 3, "c1", 20180101, D("7.00"), "2018-01"),
        ],
    )
    assert_df_equality(out, expected, ignore_row_order=True, ignore_nullable=True)


def test_closed_deals_are_one_row_per_deal_without_cross_joins(spark):
    deals = frame(
        spark,
        "mql_id string, seller_id string, sdr_id string, sr_id string, won_date timestamp, "
        "business_segment string, lead_type string, lead_behaviour_profile string, has_company string, "
        "has_gtin string, average_stock string, business_type string, declared_product_catalog_size double, "
        "declared_monthly_revenue double",
        [("m1", "s1", "sdr", "sr", ts("2018-03-10 12:00:00"), None, None, None, None, None, None, None, None, None)],
    )
    mql = frame(
        spark,
        "mql_id string, first_contact_date date, landing_page_id string, origin string",
        [("m1", ts("2018-03-01 00:00:00").date(), "l1", "paid_search"), ("m2", None, "l2", "email")],
    )
    out = facts.fact_closed_deals(deals, mql).select("mql_id", "seller_id", "date_key", "days_to_close", "origin")
    expected = frame(
        spark,
        "mql_id string, seller_id string, date_key int, days_to_close int, origin string",
        [("m1", "s1", 20180310, 9, "paid_search")],
    )
    assert_df_equality(out, expected, ignore_nullable=True)


def test_dim_dates_covers_whole_years_of_the_data(spark):
    data = frame(spark, "t timestamp", [(ts("2016-09-04 10:00:00"),), (ts("2018-10-17 00:00:00"),)])
    out = dates.dim_dates(spark, dates.date_range([(data, ["t"])]))
    row = out.selectExpr("min(date_id)", "max(date_id)", "count(*)", "count(distinct date_key)").first()
    assert (str(row[0]), str(row[1]), row[2], row[3]) == ("2016-01-01", "2018-12-31", 1096, 1096)
    first = out.where("date_id = '2018-01-06'").select("day_of_week", "iso_day_of_week", "is_weekend", "month_name")
    assert tuple(first.first()) == ("Saturday", 6, True, "January")
