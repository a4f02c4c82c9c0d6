"""DAG integrity: every file imports cleanly, and the DAGs have the ids, tasks, order, schedules, Asset links and
operational settings we promise. Runs against the real Airflow in .venv-airflow."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from tests.conftest import DAGS_DIR, EXPECTED_DAG_FILES

# dag id -> (file, schedule (cron preset or asset names), {(upstream, downstream)}, {task: outlet asset names})
EXPECTED = {
    "ingest_ecom_to_bronze": (
        "ingest_to_bronze.py",
        "@daily",
        {("run_date", "ingest_ecom")},
        {"ingest_ecom": ["bronze.ecom"]},
    ),
    "ingest_marketing_to_bronze": (
        "ingest_to_bronze.py",
        "@daily",
        {("run_date", "ingest_marketing")},
        {"ingest_marketing": ["bronze.marketing"]},
    ),
    "ecom_bronze_to_silver": (
        "bronze_to_silver.py",
        ["bronze.ecom"],
        {("run_date", "build_silver_ecom")},
        {"build_silver_ecom": ["silver.ecom"]},
    ),
    "marketing_bronze_to_silver": (
        "bronze_to_silver.py",
        ["bronze.marketing"],
        {("run_date", "build_silver_marketing")},
        {"build_silver_marketing": ["silver.marketing"]},
    ),
    "ecom_silver_to_gold": (
        "ecom_silver_to_gold.py",
        ["silver.ecom", "silver.marketing"],
        {
            ("run_date", "build_gold_ecom"),
            ("run_date", "check_quality_ecom"),
            ("build_gold_ecom", "check_quality_ecom"),
        },
        {"check_quality_ecom": ["gold.ecom"]},
    ),
    "ecom_gold_to_ml": (
        "ecom_gold_to_ml.py",
        ["gold.ecom"],
        {("run_date", f"train_{m}") for m in ("late_delivery", "repeat_purchase", "recommendations")},
        {},
    ),
    "logs_to_gold": (
        "logs_to_gold.py",
        "@daily",
        {
            *{("run_date", t) for t in ("ingest_clickstream", "ingest_accesslog", "build_silver_logs")},
            *{("run_date", t) for t in ("build_gold_logs", "check_quality_logs")},
            ("ingest_clickstream", "build_silver_logs"),
            ("ingest_accesslog", "build_silver_logs"),
            ("build_silver_logs", "build_gold_logs"),
            ("build_gold_logs", "check_quality_logs"),
        },
        {
            "ingest_clickstream": ["bronze.logs"],
            "ingest_accesslog": ["bronze.logs"],
            "build_silver_logs": ["silver.logs"],
            "check_quality_logs": ["gold.logs"],
        },
    ),
    "lakehouse_maintenance": ("maintenance.py", "@weekly", {("run_date", "compact")}, {}),
}


def _edges(dag) -> set[tuple[str, str]]:
    return {(t.task_id, d) for t in dag.tasks for d in t.downstream_task_ids}


def _schedule(dag):
    if isinstance(dag.schedule, str):
        return dag.schedule
    return sorted(a.name for a in dag.schedule)


def test_every_dag_file_imports_without_errors_or_warnings(dagbag):
    assert dagbag.import_errors == {}
    assert dagbag.captured_warnings == {}
    files = sorted(Path(d.fileloc).name for d in dagbag.dags.values())
    assert sorted(set(files)) == EXPECTED_DAG_FILES
    assert sorted(p.name for p in DAGS_DIR.glob("*.py")) == EXPECTED_DAG_FILES


def test_the_dag_ids_are_exactly_the_expected_ones(dagbag):
    assert sorted(dagbag.dag_ids) == sorted(EXPECTED)


@pytest.mark.parametrize("dag_id", sorted(EXPECTED))
def test_tasks_order_schedule_and_outlets(dagbag, dag_id):
    file, schedule, edges, outlets = EXPECTED[dag_id]
    dag = dagbag.dags[dag_id]
    assert Path(dag.fileloc).name == file
    assert _schedule(dag) == schedule
    assert _edges(dag) == edges
    assert {t.task_id for t in dag.tasks} == {task for edge in edges for task in edge}
    assert {t.task_id: sorted(a.name for a in t.outlets) for t in dag.tasks if t.outlets} == outlets


def test_every_consumed_asset_has_a_producer_and_every_silver_and_gold_asset_is_consumed_or_final(dagbag):
    produced = {a.uri: t.dag_id for d in dagbag.dags.values() for t in d.tasks for a in t.outlets}
    consumed = {a.uri for d in dagbag.dags.values() if not isinstance(d.schedule, str) for a in d.schedule}
    assert consumed <= set(produced), f"assets nobody produces: {consumed - set(produced)}"
    # The ingest -> silver -> gold chain is wired through assets, not by hand-triggering.
    assert produced["x-lakehouse://bronze/ecom"] == "ingest_ecom_to_bronze"
    assert produced["x-lakehouse://silver/ecom"] == "ecom_bronze_to_silver"
    assert produced["x-lakehouse://silver/marketing"] == "marketing_bronze_to_silver"
    assert {"x-lakehouse://bronze/ecom", "x-lakehouse://silver/ecom", "x-lakehouse://silver/marketing"} <= consumed
    # The ML jobs train only on a Gold that passed its quality gate.
    assert produced["x-lakehouse://gold/ecom"] == "ecom_silver_to_gold"
    assert "x-lakehouse://gold/ecom" in consumed


def test_ml_tasks_submit_the_ml_job_modules_named_in_the_contract(dagbag):
    from lakehouse_dags import contracts

    dag = dagbag.dags["ecom_gold_to_ml"]
    modules = {t.task_id: t.module for t in dag.tasks if t.task_id.startswith("train_")}
    assert modules == {
        "train_late_delivery": contracts.job_module("mlLateDelivery"),
        "train_repeat_purchase": contracts.job_module("mlRepeatPurchase"),
        "train_recommendations": contracts.job_module("mlRecommendations"),
    }


@pytest.mark.parametrize("dag_id", sorted(EXPECTED))
def test_operational_settings(dagbag, dag_id):
    from lakehouse_dags.alerts import on_task_failure

    dag = dagbag.dags[dag_id]
    assert dag.start_date == dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    assert dag.catchup is False
    assert dag.max_active_runs == 1
    assert dag.dagrun_timeout is not None
    assert "lakehouse" in dag.tags and len(dag.tags) >= 2
    assert dag.doc_md and dag.doc_md.strip().startswith("###")
    for t in dag.tasks:
        assert t.owner == "data-platform"
        assert t.retries >= 1 and t.retry_exponential_backoff > 1 and t.max_retry_delay is not None
        assert t.execution_timeout is not None and t.execution_timeout <= dag.dagrun_timeout
        assert on_task_failure in t.on_failure_callback


def test_spark_tasks_run_entry_points_of_the_jobs_package(dagbag):
    from lakehouse_dags import contracts, jobs
    from lakehouse_dags.operator import LakehouseJobOperator

    modules = {getattr(jobs, n) for n in dir(jobs) if isinstance(getattr(jobs, n), str) and n.isupper()}
    spark_tasks = [t for d in dagbag.dags.values() for t in d.tasks if t.task_id != "run_date"]
    assert spark_tasks and all(isinstance(t, LakehouseJobOperator) for t in spark_tasks)
    assert {t.module for t in spark_tasks} == {m for m in modules if m.startswith("lakehouse_jobs.")}
    ingest = [t for t in spark_tasks if t.module == jobs.BRONZE_INGEST]
    assert sorted(t.jdbc_conn_id for t in ingest) == [jobs.jdbc_conn_id(s) for s in ("ecom", "marketing")]
    # The scheduler's jobs artifact holds what these modules import (components/platform/artifacts.ts).
    runtime = contracts.load("runtime")
    assert {t.module for t in spark_tasks} == {runtime["jobModules"][k] for k in runtime["airflowJobModules"]}


def test_dags_serialize_like_the_dag_processor_does(dagbag):
    from airflow.serialization.serialized_objects import DagSerialization

    for dag in dagbag.dags.values():
        restored = DagSerialization.from_dict(DagSerialization.to_dict(dag))
        assert sorted(restored.task_ids) == sorted(dag.task_ids)
