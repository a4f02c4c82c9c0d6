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
    sellers = frame(spark, "seller_id string", [("s1",)])
    out = facts.fact_closed_deals(deals, mql, sellers).select(
        "mql_id", "seller_id", "date_key", "days_to_close", "origin"
    )
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


def _deals(spark, rows):
    return frame(
        spark,
        "mql_id string, seller_id string, sdr_id string, sr_id string, won_date timestamp, "
        "business_segment string, lead_type string, lead_behaviour_profile string, has_company string, "
        "has_gtin string, average_stock string, business_type string, declared_product_catalog_size double, "
        "declared_monthly_revenue double",
        [(m, s, "sdr", "sr", ts(won), None, None, None, None, None, None, None, None, None) for m, s, won in rows],
    )


def test_a_deal_whose_seller_never_sold_is_kept_with_a_null_seller_key(spark):
    deals = _deals(spark, [("m1", "s1", "2018-03-10 12:00:00"), ("m2", "s-never-sold", "2018-04-01 09:00:00")])
    mql = frame(
        spark,
        "mql_id string, first_contact_date date, landing_page_id string, origin string",
        [("m1", None, "l1", "paid_search"), ("m2", None, "l2", "email"), ("m3", None, "l3", None)],
    )
    sellers = frame(spark, "seller_id string", [("s1",), ("s2",)])
    out = facts.fact_closed_deals(deals, mql, sellers).select("mql_id", "seller_id", "seller_key", "origin")
    expected = frame(
        spark,
        "mql_id string, seller_id string, seller_key string, origin string",
        [("m1", "s1", "s1", "paid_search"), ("m2", "s-never-sold", None, "email")],
    )
    assert_df_equality(out, expected, ignore_row_order=True, ignore_nullable=True)


def test_an_order_delivered_on_its_estimated_day_is_not_late(spark):
    orders = frame(
        spark,
        ORDERS,
        [
            (
                "same-day",
                "c1",
                "delivered",
                ts("2017-01-20 10:00:00"),
                None,
                None,
                ts("2017-02-07 11:50:00"),
                ts("2017-02-07 00:00:00"),
            ),
            (
                "next-day",
                "c1",
                "delivered",
                ts("2017-01-20 10:00:00"),
                None,
                None,
                ts("2017-02-08 00:10:00"),
                ts("2017-02-07 00:00:00"),
            ),
            (
                "early",
                "c1",
                "delivered",
                ts("2017-01-20 10:00:00"),
                None,
                None,
                ts("2017-02-06 23:59:00"),
                ts("2017-02-07 00:00:00"),
            ),
            ("undelivered", "c1", "delivered", ts("2017-01-20 10:00:00"), None, None, None, ts("2017-02-07 00:00:00")),
        ],
    )
    empty = frame(spark, PAYMENTS, [])
    out = facts.fact_orders(orders, frame(spark, ITEMS, []), empty, frame(spark, REVIEWS, [])).select(
        "order_id", "delivery_delay_days", "is_late"
    )
    expected = frame(
        spark,
        "order_id string, delivery_delay_days int, is_late boolean",
        [("same-day", 0, False), ("next-day", 1, True), ("early", -1, False), ("undelivered", None, None)],
    )
    assert_df_equality(out, expected, ignore_row_order=True, ignore_nullable=True)


def test_the_main_payment_type_carries_most_of_the_value_ties_by_the_documented_order(spark):
    payments = frame(
        spark,
        PAYMENTS,
        [
            ("vouchers", 1, "voucher", 1, D("10.90")),
            ("vouchers", 2, "voucher", 1, D("11.42")),
            ("vouchers", 3, "voucher", 1, D("3.49")),
            ("vouchers", 4, "boleto", 1, D("11.96")),
            ("tie", 1, "voucher", 1, D("20.00")),
            ("tie", 2, "credit_card", 2, D("20.00")),
            ("tie-unlisted", 1, "zz_new_type", 1, D("5.00")),
            ("tie-unlisted", 2, "not_defined", 1, D("5.00")),
            ("zero", 1, "not_defined", 1, D("0.00")),
        ],
    )
    orders = frame(
        spark,
        ORDERS,
        [
            (o, "c1", "delivered", ts("2018-01-01 10:00:00"), None, None, None, None)
            for o in ("vouchers", "tie", "tie-unlisted", "zero")
        ],
    )
    out = facts.fact_orders(orders, frame(spark, ITEMS, []), payments, frame(spark, REVIEWS, [])).select(
        "order_id", "main_payment_type"
    )
    expected = frame(
        spark,
        "order_id string, main_payment_type string",
        [("vouchers", "voucher"), ("tie", "credit_card"), ("tie-unlisted", "not_defined"), ("zero", "not_defined")],
    )
    assert_df_equality(out, expected, ignore_row_order=True, ignore_nullable=True)


def test_the_review_score_average_keeps_full_precision(spark):
    orders = frame(spark, ORDERS, [("o1", "c1", "delivered", ts("2018-01-01 10:00:00"), None, None, None, None)])
    reviews = frame(spark, REVIEWS, [("o1", 5), ("o1", 4), ("o1", 4)])
    out = facts.fact_orders(orders, frame(spark, ITEMS, []), frame(spark, PAYMENTS, []), reviews)
    row = out.select("review_count", "review_score_avg").first()
    assert (row[0], row[1]) == (3, 13 / 3)
