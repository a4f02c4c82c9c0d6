"""What Silver does to each source table: cleaners per column, extra rules, foreign keys, and the build order."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from pyspark.sql import Column
from pyspark.sql import functions as F

from lakehouse_jobs.silver import clean
from lakehouse_jobs.silver.rules import ForeignKey, Rule

Cleaner = Callable[[Column], Column]


@dataclass(frozen=True)
class SilverTable:
    source: str
    name: str
    cleaners: dict[str, Cleaner] = field(default_factory=dict)
    rules: Callable[[], list[Rule]] = lambda: []
    foreign_keys: tuple[ForeignKey, ...] = ()


def _non_negative(*columns: str) -> list[Rule]:
    return [Rule(f"non_negative:{c}", F.col(c) < 0) for c in columns]


def _place_rules(prefix: str) -> list[Rule]:
    return [
        Rule(f"format:{prefix}_zip_code_prefix", ~F.col(f"{prefix}_zip_code_prefix").rlike(r"^\d{5}$")),
        Rule(f"format:{prefix}_state", ~F.col(f"{prefix}_state").rlike(r"^[A-Z]{2}$")),
    ]


def _place_cleaners(prefix: str) -> dict[str, Cleaner]:
    return {
        f"{prefix}_zip_code_prefix": clean.zip_prefix,
        f"{prefix}_city": clean.place_name,
        f"{prefix}_state": clean.state_code,
    }


def _fk(columns: str, parent: str, parent_columns: str | None = None) -> ForeignKey:
    cols = tuple(columns.split(","))
    return ForeignKey(cols, parent, tuple(parent_columns.split(",")) if parent_columns else cols)


# Build order matters: a table's foreign keys are checked against the Silver tables built before it.
TABLES: tuple[SilverTable, ...] = (
    SilverTable(
        "ecom",
        "product_category_name_translation",
        {
            "product_category_name": clean.category_name,
            "product_category_name_english": clean.category_name,
        },
    ),
    SilverTable(
        "ecom",
        "geolocation",
        _place_cleaners("geolocation"),
        lambda: [
            *_place_rules("geolocation"),
            Rule("range:geolocation_lat", ~F.col("geolocation_lat").between(-90, 90)),
            Rule("range:geolocation_lng", ~F.col("geolocation_lng").between(-180, 180)),
        ],
    ),
    SilverTable("ecom", "customers", _place_cleaners("customer"), lambda: _place_rules("customer")),
    SilverTable("ecom", "sellers", _place_cleaners("seller"), lambda: _place_rules("seller")),
    SilverTable(
        "ecom",
        "products",
        {"product_category_name": clean.category_name},
        lambda: _non_negative(
            "product_name_lenght",
            "product_description_lenght",
            "product_photos_qty",
            "product_weight_g",
            "product_length_cm",
            "product_height_cm",
            "product_width_cm",
        ),
    ),
    SilverTable("ecom", "orders", {"order_status": clean.lower_code}, foreign_keys=(_fk("customer_id", "customers"),)),
    SilverTable(
        "ecom",
        "order_items",
        {},
        lambda: [
            Rule("range:order_item_id", F.col("order_item_id") < 1),
            *_non_negative("price", "freight_value"),
        ],
        (_fk("order_id", "orders"), _fk("product_id", "products"), _fk("seller_id", "sellers")),
    ),
    SilverTable(
        "ecom",
        "order_payments",
        {"payment_type": clean.lower_code},
        lambda: [
            Rule("range:payment_sequential", F.col("payment_sequential") < 1),
            *_non_negative("payment_installments", "payment_value"),
        ],
        (_fk("order_id", "orders"),),
    ),
    SilverTable(
        "ecom",
        "order_reviews",
        {},
        lambda: [
            Rule("range:review_score", ~F.col("review_score").between(1, 5)),
        ],
        (_fk("order_id", "orders"),),
    ),
    SilverTable("marketing", "marketing_qualified_leads", {"origin": clean.lower_code}),
    SilverTable(
        "marketing",
        "closed_deals",
        {
            "business_segment": clean.lower_code,
            "lead_type": clean.lower_code,
            "lead_behaviour_profile": clean.lower_code,
            "business_type": clean.lower_code,
        },
        lambda: _non_negative("declared_product_catalog_size", "declared_monthly_revenue"),
        # No foreign key to sellers: a seller who signed but never sold is absent from `sellers`, and the deal is
        # valid (Gold keeps it with a null seller_key).
        (_fk("mql_id", "marketing_qualified_leads"),),
    ),
)


def for_domain(domain: str) -> list[SilverTable]:
    chosen = [t for t in TABLES if t.source == domain]
    if not chosen:
        raise ValueError(f"unknown Silver domain {domain!r}; expected ecom, marketing or logs")
    return chosen
