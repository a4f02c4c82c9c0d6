"""The streaming jobs find the product dimension the batch layer published as versioned folders."""

from pyspark.sql import SparkSession

from lakehouse_jobs.common import layout
from lakehouse_jobs.common.settings import Settings
from lakehouse_jobs.streaming import products


def test_reads_the_newest_published_version_of_gold_dim_products(spark: SparkSession, tmp_path) -> None:  # type: ignore[no-untyped-def]
    settings = Settings(warehouse_root=str(tmp_path))
    root = layout.gold_root(settings, "dim_products")
    schema = "product_id string, product_category_name_english string"
    spark.createDataFrame([("p1", "old")], schema).write.parquet(f"{root}/run-0000000000001-20260101")
    spark.createDataFrame([("p1", "toys"), ("p2", "books")], schema).write.parquet(f"{root}/run-0000000000002-20260102")
    dimension = products.load(spark, settings)
    assert dimension is not None
    assert sorted(tuple(r) for r in dimension.collect()) == [("p1", "toys"), ("p2", "books")]


def test_no_published_table_means_no_dimension(spark: SparkSession, tmp_path) -> None:  # type: ignore[no-untyped-def]
    assert products.load(spark, Settings(warehouse_root=str(tmp_path))) is None
