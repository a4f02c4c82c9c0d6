"""Single-machine reference for bench/batch.sh: the Gold star schema (mart `ecom`) computed by DuckDB from the same
Bronze Parquet the Spark pipeline read. Prints JSON {seconds, rows: {table: n}}. Cleaning is reduced to what changes
keys and joins (trim, zip padding, latest row per key); quarantine rules are not replicated."""

from __future__ import annotations

import json
import sys
import time

import duckdb

from lakehouse_jobs.common import contracts

SILVER_CLEAN = {
    "customers": "* REPLACE (lpad(trim(customer_zip_code_prefix), 5, '0') AS customer_zip_code_prefix)",
    "sellers": "* REPLACE (lpad(trim(seller_zip_code_prefix), 5, '0') AS seller_zip_code_prefix)",
    "geolocation": "* REPLACE (lpad(trim(geolocation_zip_code_prefix), 5, '0') AS geolocation_zip_code_prefix, "
    "lower(strip_accents(trim(geolocation_city))) AS geolocation_city)",
}

GOLD = {
    "dim_geolocation": """SELECT geolocation_zip_code_prefix, mode(geolocation_city) AS geolocation_city,
        mode(geolocation_state) AS geolocation_state, round(avg(geolocation_lat), 6) AS geolocation_lat,
        round(avg(geolocation_lng), 6) AS geolocation_lng, count(*) AS points
        FROM geolocation GROUP BY 1""",
    "dim_customers": """SELECT c.customer_id, c.customer_unique_id, c.customer_zip_code_prefix, c.customer_city,
        c.customer_state, g.geolocation_lat, g.geolocation_lng FROM customers c
        LEFT JOIN dim_geolocation g ON g.geolocation_zip_code_prefix = c.customer_zip_code_prefix""",
    "dim_sellers": """SELECT s.seller_id, s.seller_zip_code_prefix, s.seller_city, s.seller_state, g.geolocation_lat,
        g.geolocation_lng FROM sellers s
        LEFT JOIN dim_geolocation g ON g.geolocation_zip_code_prefix = s.seller_zip_code_prefix""",
    "dim_product_category": """WITH names AS (SELECT product_category_name FROM product_category_name_translation
        UNION SELECT product_category_name FROM products WHERE product_category_name IS NOT NULL)
        SELECT n.product_category_name, coalesce(t.product_category_name_english, n.product_category_name)
        AS product_category_name_english, t.product_category_name_english IS NOT NULL AS has_translation
        FROM names n LEFT JOIN product_category_name_translation t USING (product_category_name)""",
    "dim_products": """SELECT p.* EXCLUDE (updated_at, _ingested_at, _source_table, _batch_id, ingest_date),
        c.product_category_name_english FROM products p LEFT JOIN dim_product_category c USING (product_category_name)""",
    "dim_orders": """SELECT order_id, customer_id, order_status, CAST(order_purchase_timestamp AS DATE) AS order_date,
        order_purchase_timestamp, order_approved_at, order_delivered_carrier_date, order_delivered_customer_date,
        order_estimated_delivery_date FROM orders""",
    "dim_mql": """SELECT m.mql_id, m.first_contact_date, m.landing_page_id, coalesce(m.origin, 'unknown') AS origin,
        d.mql_id IS NOT NULL AS is_closed FROM marketing_qualified_leads m
        LEFT JOIN (SELECT DISTINCT mql_id FROM closed_deals) d USING (mql_id)""",
    "fact_order_items": """SELECT i.order_id, i.order_item_id, i.product_id, i.seller_id, o.customer_id,
        o.order_status, CAST(o.order_purchase_timestamp AS DATE) AS date_id, i.shipping_limit_date, i.price,
        i.freight_value, i.price + i.freight_value AS item_total,
        strftime(o.order_purchase_timestamp, '%Y-%m') AS purchase_month
        FROM order_items i LEFT JOIN orders o USING (order_id)""",
    "fact_orders": """WITH it AS (SELECT order_id, count(*) AS items_count, count(DISTINCT seller_id) AS sellers_count,
          sum(price) AS items_value, sum(freight_value) AS freight_value FROM order_items GROUP BY 1),
        pay AS (SELECT order_id, sum(payment_value) AS payment_value, count(*) AS payments_count,
          max(payment_installments) AS payment_installments FROM order_payments GROUP BY 1),
        main AS (SELECT order_id, arg_max(payment_type, v) AS main_payment_type FROM (SELECT order_id, payment_type,
          sum(payment_value) AS v FROM order_payments GROUP BY 1, 2) GROUP BY 1),
        rev AS (SELECT order_id, count(*) AS review_count, avg(review_score) AS review_score_avg
          FROM order_reviews GROUP BY 1)
        SELECT o.order_id, o.customer_id, o.order_status, CAST(o.order_purchase_timestamp AS DATE) AS date_id,
          coalesce(items_count, 0) AS items_count, items_value, it.freight_value, payment_value, payments_count,
          main_payment_type, review_count, review_score_avg,
          date_diff('day', CAST(o.order_purchase_timestamp AS DATE), CAST(o.order_delivered_customer_date AS DATE))
          AS delivery_days,
          CAST(o.order_delivered_customer_date AS DATE) > CAST(o.order_estimated_delivery_date AS DATE) AS is_late,
          strftime(o.order_purchase_timestamp, '%Y-%m') AS purchase_month
        FROM orders o LEFT JOIN it USING (order_id) LEFT JOIN pay USING (order_id)
        LEFT JOIN main USING (order_id) LEFT JOIN rev USING (order_id)""",
    "fact_closed_deals": """SELECT d.* EXCLUDE (updated_at, _ingested_at, _source_table, _batch_id, ingest_date),
        CAST(d.won_date AS DATE) AS date_id, m.first_contact_date, coalesce(m.origin, 'unknown') AS origin,
        date_diff('day', m.first_contact_date, CAST(d.won_date AS DATE)) AS days_to_close
        FROM closed_deals d LEFT JOIN marketing_qualified_leads m USING (mql_id)""",
    "dim_dates": """WITH b AS (SELECT min(d) AS lo, max(d) AS hi FROM (
          SELECT CAST(order_purchase_timestamp AS DATE) AS d FROM orders
          UNION ALL SELECT CAST(order_estimated_delivery_date AS DATE) FROM orders
          UNION ALL SELECT CAST(review_answer_timestamp AS DATE) FROM order_reviews
          UNION ALL SELECT first_contact_date FROM marketing_qualified_leads
          UNION ALL SELECT CAST(won_date AS DATE) FROM closed_deals))
        SELECT CAST(x AS DATE) AS date_id, year(x) AS year, month(x) AS month, day(x) AS day
        FROM b, range(date_trunc('year', lo), date_trunc('year', hi) + INTERVAL 1 YEAR, INTERVAL 1 DAY) t(x)""",
}


def main(bronze_root: str, out_dir: str) -> None:
    con = duckdb.connect()
    start = time.monotonic()
    for source, spec in contracts.sources()["databases"].items():
        for table, t in spec["tables"].items():
            key = ", ".join(t["key"] or [c["name"] for c in t["columns"]])
            select = SILVER_CLEAN.get(table, "*")
            con.execute(f"""CREATE TABLE {table} AS SELECT {select} FROM (
                SELECT *, row_number() OVER (PARTITION BY {key} ORDER BY updated_at DESC) AS _rn
                FROM read_parquet('{bronze_root}/{source}/{table}/*/*.parquet', hive_partitioning = true)
                ) WHERE _rn = 1""")
            con.execute(f"ALTER TABLE {table} DROP COLUMN _rn")
    rows = {}
    for name, sql in GOLD.items():
        con.execute(f"CREATE TABLE {name} AS {sql}")
        con.execute(f"COPY {name} TO '{out_dir}/{name}.parquet' (FORMAT parquet)")
        rows[name] = con.execute(f"SELECT count(*) FROM {name}").fetchone()[0]  # type: ignore[index]
    print(json.dumps({"seconds": round(time.monotonic() - start, 2), "rows": rows}))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
