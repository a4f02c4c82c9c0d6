"""The whole batch pipeline on generated scale-0.01 data: quality passes, reruns are idempotent, an incremental run
after `data load --append` equals a full rebuild, and Gold is readable over HiveServer2 HTTP."""

from __future__ import annotations

from pathlib import Path

import pytest

from lakehouse_jobs import pipeline
from lakehouse_jobs.common import layout
from lakehouse_jobs.common.settings import Settings
from lakehouse_jobs.ml import late_delivery, recommendations, repeat_purchase
from lakehouse_jobs.ml import report as ml_report

DAY1, DAY2 = "2026-01-01", "2026-01-02"


def gold_snapshot(spark, marts=("ecom", "logs")) -> dict[str, list[tuple]]:
    """Every Gold table's rows, sorted, for whole-table equality."""
    tables = dict.fromkeys(t for mart in marts for t in layout.gold_tables(mart))
    return {t: sorted(tuple(r) for r in spark.table(f"{layout.gold_db()}.{t}").collect()) for t in tables}


def _run(spark, settings, day, source_db, logs_dir, full=False):
    logs = pipeline.log_inputs(logs_dir)
    report = pipeline.run(spark, settings, day, source_db.sources(), logs, full=full)
    failed = [r.line() for r in report.quality if not r.passed]
    assert not failed, "\n".join(failed)
    return report


def _fresh(spark, root: Path) -> Settings:
    for db in (layout.silver_db(), layout.gold_db()):
        spark.sql(f"DROP DATABASE IF EXISTS {db} CASCADE")
    return Settings(master="local[2]", warehouse_root=str(root), shuffle_partitions=2)


@pytest.fixture(scope="module")
def first_run(spark, source_db, logs_dir, tmp_path_factory):
    assert pipeline.log_inputs(logs_dir), f"no generated logs in {logs_dir!r}"
    settings = _fresh(spark, tmp_path_factory.mktemp("incremental"))
    report = _run(spark, settings, DAY1, source_db, logs_dir)
    return settings, report, gold_snapshot(spark)


def test_first_run_loads_every_table_and_passes_quality(first_run):
    _, report, gold = first_run
    assert report.bronze["ecom.orders"] > 0 and report.bronze["logs.clickstream"] > 0
    assert all(rows > 0 for rows in report.gold.values()), report.gold
    assert len(gold["fact_orders"]) == report.bronze["ecom.orders"]
    assert "quality:" in report.render()


def test_rerunning_a_date_gives_identical_gold(spark, first_run, source_db, logs_dir):
    settings, _, before = first_run
    _run(spark, settings, DAY1, source_db, logs_dir)
    assert gold_snapshot(spark) == before


def test_ml_jobs_run_on_generated_gold_and_publish_predictions_and_reports(spark, first_run):
    settings, _, gold = first_run
    results = {
        "lateDelivery": late_delivery.run(spark, settings, DAY1),
        "repeatPurchase": repeat_purchase.run(spark, settings, DAY1),
        "recommendations": recommendations.run(spark, settings, DAY1),
    }
    for key, result in results.items():
        assert spark.table(result["table"]).count() > 0, key
        assert ml_report.read(spark, settings, result["job"]) == result
        assert isinstance(result["verdict"]["beats_baseline"], bool)
    late = spark.table(results["lateDelivery"]["table"])
    assert late.count() == spark.table(f"{layout.gold_db()}.fact_orders").filter("items_count > 0").count()


def test_incremental_run_after_append_equals_full_rebuild(spark, first_run, source_db, tmp_path_factory):
    # The log files do not change with an append; this part covers the database tables (mart `ecom`).
    settings, _, before = first_run
    source_db.append_day(DAY2)
    report = _run(spark, settings, DAY2, source_db, "")
    assert 0 < report.bronze["ecom.orders"] < len(before["fact_orders"]), "incremental read should be a small delta"
    incremental = gold_snapshot(spark, ["ecom"])
    assert len(incremental["fact_orders"]) > len(before["fact_orders"])
    assert incremental["fact_orders"] != before["fact_orders"]

    _run(spark, _fresh(spark, tmp_path_factory.mktemp("full")), DAY2, source_db, "", full=True)
    assert gold_snapshot(spark, ["ecom"]) == incremental
