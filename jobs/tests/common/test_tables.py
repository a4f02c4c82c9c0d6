import pytest

from lakehouse_jobs.common import fs
from lakehouse_jobs.common.tables import publish, table_exists


def _rows(spark, name):
    return sorted(tuple(r) for r in spark.table(name).collect())


def test_a_failed_write_leaves_the_published_table_untouched(spark, settings):
    root = settings.path("gold/t")
    publish(spark, spark.createDataFrame([(1,)], "x int"), "gold", "t", root, "2026-01-01")
    failing = spark.createDataFrame([(2,), (0,)], "x int").selectExpr("assert_true(x > 0) IS NULL AS b", "x")
    with pytest.raises(Exception):  # noqa: B017 - any Spark failure during the write
        publish(spark, failing, "gold", "t", root, "2026-01-02")
    assert _rows(spark, "gold.t") == [(1,)]
    assert not table_exists(spark, "gold", "t__staging")


def test_an_interrupted_swap_is_repaired_and_old_versions_are_pruned(spark, settings):
    root = settings.path("gold/p")
    for value in (1, 2, 3):
        publish(
            spark,
            spark.createDataFrame([(value, "2018-01")], "x int, m string"),
            "gold",
            "p",
            root,
            "2026-01-01",
            ["m"],
        )
    assert _rows(spark, "gold.p") == [(3, "2018-01")]
    assert len(fs.list_dirs(spark, root)) == 2  # the current version and the previous one
    spark.sql("ALTER TABLE gold.p RENAME TO gold.p__previous")  # as if the process died mid-swap
    publish(spark, spark.createDataFrame([(4, "2018-02")], "x int, m string"), "gold", "p", root, "2026-01-02", ["m"])
    assert _rows(spark, "gold.p") == [(4, "2018-02")]
    assert not table_exists(spark, "gold", "p__previous")
