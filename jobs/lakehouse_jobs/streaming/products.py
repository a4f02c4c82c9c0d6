"""The product dimension used to enrich clickstream events, read from the warehouse when the batch layer built it."""

from __future__ import annotations

import logging

from pyspark.sql import DataFrame, SparkSession
from pyspark.sql import functions as F  # noqa: N812 (the PySpark idiom)
from pyspark.sql.utils import AnalysisException

from lakehouse_jobs.common import layout, tables
from lakehouse_jobs.common.settings import Settings

LOG = logging.getLogger(__name__)
CATEGORY_CANDIDATES = (
    "product_category_name_english", "category_name_english", "product_category", "category_name",
    "product_category_name",
)  # fmt: skip


def candidate_paths(settings: Settings) -> list[str]:
    """Gold dim_products first (has the English category), then the Silver products table."""
    return [layout.gold_root(settings, "dim_products"), layout.silver_root(settings, "ecom", "products")]


def select_dimension(df: DataFrame) -> DataFrame | None:
    """(product_id, product_category) from a products table, or None if it lacks the columns."""
    columns = set(df.columns)
    category = next((c for c in CATEGORY_CANDIDATES if c in columns), None)
    if "product_id" not in columns or category is None:
        return None
    return df.select(F.col("product_id").cast("string"), F.col(category).cast("string").alias("product_category"))


def load(spark: SparkSession, settings: Settings) -> DataFrame | None:
    """The dimension, cached, or None (categories stay null) when the warehouse has no usable products table yet.

    Read once at start: a job restart picks up a newer dimension.
    """
    for root in candidate_paths(settings):
        # Batch tables are published as versioned folders (run-<millis>-<date>); read the newest, not the root.
        path = tables.latest_version(spark, root)
        if path is None:
            continue
        try:
            dimension = select_dimension(spark.read.parquet(path))
        except AnalysisException:
            continue
        if dimension is not None:
            LOG.info("product categories from %s", path)
            return dimension.cache()
    LOG.warning("no products table under the warehouse (%s): product_category stays null", candidate_paths(settings))
    return None
