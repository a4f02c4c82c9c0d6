import pytest

from lakehouse_jobs.common import fs
from lakehouse_jobs.common.tables import current_version, is_delta, publish, table_exists


def _rows(spark, name):
    return sorted(tuple(r) for r in spark.table(name).collect())


def test_a_failed_write_commits_nothing_and_the_previous_version_stays_visible(spark, settings):
    root = settings.path("gold/t")
    assert publish(spark, spark.createDataFrame([(1,)], "x int"), "gold", "t", root, "2026-01-01") == 0
    failing = spark.createDataFrame([(2,), (0,)], "x int").selectExpr("assert_true(x > 0) IS NULL AS b", "x")
    with pytest.raises(Exception):  # noqa: B017 - any Spark failure during the write
        publish(spark, failing, "gold", "t", root, "2026-01-02")
    assert _rows(spark, "gold.t") == [(1,)]
    assert current_version(spark, "gold.t") == 0


def test_each_publish_is_a_delta_commit_with_time_travel_and_may_read_the_table_itself(spark, settings):
    root = settings.path("gold/p")
    for value in (1, 2):
        df = spark.createDataFrame([(value, "2018-01")], "x int, m string")
        publish(spark, df, "gold", "p", root, "2026-01-01", ["m"])
    grown = spark.table("gold.p").selectExpr("x + 10 AS x", "'2018-02' AS m")
    assert publish(spark, grown, "gold", "p", root, "2026-01-02", ["m"]) == 2
    assert _rows(spark, "gold.p") == [(12, "2018-02")]
    assert sorted(tuple(r) for r in spark.sql("SELECT * FROM gold.p VERSION AS OF 0").collect()) == [(1, "2018-01")]
    provider = spark.sql("DESCRIBE DETAIL gold.p").first()
    assert (provider["format"], provider["partitionColumns"]) == ("delta", ["m"])


def test_a_table_of_the_parquet_version_swap_becomes_a_delta_table(spark, settings):
    root = settings.path("gold/legacy")
    spark.sql("CREATE DATABASE IF NOT EXISTS gold")
    spark.createDataFrame([(1,)], "x int").write.parquet(f"{root}/run-0000000000001-20260101")
    spark.sql(f"CREATE TABLE gold.legacy (x int) USING parquet LOCATION '{root}/run-0000000000001-20260101'")
    publish(spark, spark.createDataFrame([(2,)], "x int"), "gold", "legacy", root, "2026-01-02")
    assert _rows(spark, "gold.legacy") == [(2,)]
    assert is_delta(spark, root) and fs.list_dirs(spark, root) == ["_delta_log"]
    assert table_exists(spark, "gold", "legacy")
