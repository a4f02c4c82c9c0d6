"""The data contract of Gold, as data: the key (grain) of every table and the foreign keys of facts and dimensions."""

from __future__ import annotations

# Every Gold table's key: one row per key value (for facts this is the declared grain).
KEYS: dict[str, tuple[str, ...]] = {
    "dim_dates": ("date_id",),
    "dim_customers": ("customer_id",),
    "dim_geolocation": ("geolocation_zip_code_prefix",),
    "dim_product_category": ("product_category_name",),
    "dim_products": ("product_id",),
    "dim_sellers": ("seller_id",),
    "dim_orders": ("order_id",),
    "dim_mql": ("mql_id",),
    "fact_orders": ("order_id",),
    "fact_order_items": ("order_id", "order_item_id"),
    "fact_closed_deals": ("mql_id",),
    "fact_clickstream_events": ("event_id",),
    "fact_access_log": ("request_id",),
}

# (table, column) -> (dimension, column): a non-null value must exist in the dimension.
FOREIGN_KEYS: dict[tuple[str, str], tuple[str, str]] = {
    ("fact_orders", "order_id"): ("dim_orders", "order_id"),
    ("fact_orders", "customer_id"): ("dim_customers", "customer_id"),
    ("fact_orders", "date_id"): ("dim_dates", "date_id"),
    ("fact_order_items", "order_id"): ("dim_orders", "order_id"),
    ("fact_order_items", "customer_id"): ("dim_customers", "customer_id"),
    ("fact_order_items", "product_id"): ("dim_products", "product_id"),
    ("fact_order_items", "seller_id"): ("dim_sellers", "seller_id"),
    ("fact_order_items", "date_id"): ("dim_dates", "date_id"),
    ("fact_closed_deals", "mql_id"): ("dim_mql", "mql_id"),
    # A deal's seller may have signed without ever selling: seller_key is null then (seller_id keeps the id).
    ("fact_closed_deals", "seller_key"): ("dim_sellers", "seller_id"),
    ("fact_closed_deals", "date_id"): ("dim_dates", "date_id"),
    ("dim_products", "product_category_name"): ("dim_product_category", "product_category_name"),
    ("dim_orders", "customer_id"): ("dim_customers", "customer_id"),
    ("dim_mql", "first_contact_date"): ("dim_dates", "date_id"),
    ("fact_clickstream_events", "date_id"): ("dim_dates", "date_id"),
    ("fact_access_log", "date_id"): ("dim_dates", "date_id"),
}

# Gold tables that must hold exactly the rows of one Silver table (nothing lost, nothing multiplied).
PRESERVES: dict[str, str] = {
    "fact_orders": "orders",
    "fact_order_items": "order_items",
    "fact_closed_deals": "closed_deals",
    "dim_customers": "customers",
    "dim_sellers": "sellers",
    "dim_products": "products",
    "dim_orders": "orders",
    "dim_mql": "marketing_qualified_leads",
}
