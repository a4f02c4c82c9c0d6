"""The pipeline's machine-readable summary (read by `lakehouse local up` and `local verify`)."""

from lakehouse_jobs.pipeline import PipelineReport
from lakehouse_jobs.quality.check import CheckResult


def test_summary_reports_counts_per_layer_and_failed_rules_by_name() -> None:
    report = PipelineReport(
        bronze={"ecom.orders": 10},
        silver_rows={"orders": 9},
        gold={"fact_orders": 9},
        quality=[
            CheckResult("gold.fact_orders", "unique key", True, "ok"),
            CheckResult("gold.fact_order_items", "no orphan foreign keys", False, "3 orphans"),
        ],
    )
    assert report.summary() == {
        "counts": {"bronze": {"ecom.orders": 10}, "silver": {"orders": 9}, "gold": {"fact_orders": 9}},
        "quality": {
            "passed": False,
            "checks": 2,
            "failures": ["FAIL gold.fact_order_items no orphan foreign keys: 3 orphans"],
        },
    }


def test_summary_passes_when_every_rule_passes() -> None:
    report = PipelineReport(quality=[CheckResult("gold.dim_dates", "unique key", True, "ok")])
    assert report.summary()["quality"] == {"passed": True, "checks": 1, "failures": []}


def test_log_inputs_find_the_files_the_generators_and_kaggle_use(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from lakehouse_jobs.common import contracts
    from lakehouse_jobs.pipeline import log_inputs

    names = {kind: spec["file"] for kind, spec in contracts.sources()["logs"].items()}
    for name in names.values():
        (tmp_path / name).write_text("x\n", encoding="utf-8")
    (tmp_path / "olist_orders_dataset.csv").write_text("x\n", encoding="utf-8")
    assert log_inputs(str(tmp_path)) == {kind: str((tmp_path / name).resolve()) for kind, name in names.items()}
