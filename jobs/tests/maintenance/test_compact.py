import argparse

import pytest

from lakehouse_jobs.common.tables import publish
from lakehouse_jobs.maintenance import compact


def test_optimize_compacts_and_vacuum_keeps_time_travel_within_the_retention(spark, settings):
    root = settings.path("gold/m")
    publish(spark, spark.range(40).selectExpr("id AS x"), "gold", "m", root, "2026-01-01")
    publish(spark, spark.range(40).selectExpr("id + 100 AS x").repartition(4), "gold", "m", root, "2026-01-02")
    done = compact.maintain_table(spark, "gold.m", days=7)
    assert (done.files_removed, done.files_added) == (4, 1)
    assert spark.sql("SELECT count(*) FROM gold.m VERSION AS OF 0").first()[0] == 40
    assert spark.sql("SELECT min(x) FROM gold.m").first()[0] == 100


def test_retention_must_be_whole_days_of_at_least_one():
    assert compact.retention_days("3") == 3
    for bad in ("0", "-1", "two"):
        with pytest.raises(argparse.ArgumentTypeError, match=f"--retention-days .* got '{bad}'"):
            compact.retention_days(bad)
