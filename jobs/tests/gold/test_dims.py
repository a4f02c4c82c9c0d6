from chispa import assert_df_equality

from lakehouse_jobs.gold import dims
from tests.builders import frame

GEO = (
    "geolocation_zip_code_prefix string, geolocation_lat double, geolocation_lng double, geolocation_city string, "
    "geolocation_state string"
)


def test_geolocation_is_one_row_per_zip_prefix(spark):
    geo = frame(
        spark,
        GEO,
        [
            ("01037", -23.0, -46.0, "sao paulo", "SP"),
            ("01037", -23.2, -46.2, "sao paulo", "SP"),
            ("01037", -23.4, -46.4, "osasco", "SP"),
            ("20000", -22.9, -43.2, "rio de janeiro", "RJ"),
        ],
    )
    expected = frame(
        spark,
        GEO + ", points long",
        [
            ("01037", -23.2, -46.2, "sao paulo", "SP", 3),
            ("20000", -22.9, -43.2, "rio de janeiro", "RJ", 1),
        ],
    ).select(
        "geolocation_zip_code_prefix",
        "geolocation_city",
        "geolocation_state",
        "geolocation_lat",
        "geolocation_lng",
        "points",
    )
    assert_df_equality(dims.dim_geolocation(geo), expected, ignore_row_order=True, ignore_nullable=True)


def test_customers_do_not_multiply_through_geolocation(spark):
    customers = frame(
        spark,
        "customer_id string, customer_unique_id string, customer_zip_code_prefix string, "
        "customer_city string, customer_state string",
        [("c1", "u1", "01037", "sao paulo", "SP"), ("c2", "u1", "99999", "x", "SP")],
    )
    geo = dims.dim_geolocation(frame(spark, GEO, [("01037", -23.0, -46.0, "sao paulo", "SP")] * 5))
    out = dims.dim_customers(customers, geo).select("customer_id", "geolocation_lat")
    expected = frame(spark, "customer_id string, geolocation_lat double", [("c1", -23.0), ("c2", None)])
    assert_df_equality(out, expected, ignore_row_order=True, ignore_nullable=True)


def test_untranslated_categories_still_get_a_dimension_row(spark):
    translations = frame(
        spark, "product_category_name string, product_category_name_english string", [("beleza_saude", "health_beauty")]
    )
    products = frame(
        spark,
        "product_id string, product_category_name string",
        [("p1", "beleza_saude"), ("p2", "pc_gamer"), ("p3", None)],
    )
    expected = frame(
        spark,
        "product_category_name string, product_category_name_english string, has_translation boolean",
        [("beleza_saude", "health_beauty", True), ("pc_gamer", "pc_gamer", False)],
    )
    assert_df_equality(
        dims.dim_product_category(translations, products), expected, ignore_row_order=True, ignore_nullable=True
    )


def test_mql_dimension_flags_closed_leads_once(spark):
    mql = frame(
        spark,
        "mql_id string, first_contact_date date, landing_page_id string, origin string",
        [("m1", None, "l1", "organic_search"), ("m2", None, "l2", None)],
    )
    deals = frame(spark, "mql_id string", [("m1",), ("m1",)])
    out = dims.dim_mql(mql, deals).select("mql_id", "origin", "is_closed")
    expected = frame(
        spark,
        "mql_id string, origin string, is_closed boolean",
        [("m1", "organic_search", True), ("m2", "unknown", False)],
    )
    assert_df_equality(out, expected, ignore_row_order=True, ignore_nullable=True)
