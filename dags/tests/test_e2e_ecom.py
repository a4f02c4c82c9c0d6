"""End to end on real engines: the Ecom pipeline (ingest Ecom and Marketing -> Silver -> Gold + quality gate -> the
three ML jobs) run with `dag.test()` against the embedded PostgreSQL (scale 0.01) and local Spark (spark-submit,
local[2]), submitting the jobs artifact exactly as deployed; then the Gold row counts are checked against the loaded
source rows, and the ML jobs' prediction tables and metrics reports are read back."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest

from lakehouse_dags import contracts, jobs
from tests import e2e_support as e2e
from tests.conftest import DAGS_DIR, REPO


def conn_env(conn_id: str) -> str:
    """The environment variable Airflow reads connection `conn_id` from."""
    return contracts.load("runtime")["airflow"]["connectionEnvPrefix"] + conn_id.upper()


RUN_DATE = "2026-11-25"
PIPELINE = [
    "ingest_ecom_to_bronze",
    "ingest_marketing_to_bronze",
    "ecom_bronze_to_silver",
    "marketing_bronze_to_silver",
    "ecom_silver_to_gold",
    # Scheduled on the Gold Asset; dag.test() runs it here with the same run date.
    "ecom_gold_to_ml",
]
# ML job (its report folder) -> its key in contracts/storage.json `mlTables`.
ML_JOBS = {"late_delivery": "lateDelivery", "repeat_purchase": "repeatPurchase", "recommendations": "recommendations"}
JOBS_PYTHON = REPO / ".venv" / "bin" / "python"


@pytest.fixture(scope="module")
def source_db(tmp_path_factory):
    data_dir = tmp_path_factory.mktemp("postgres")
    info = json.loads(e2e.lakehouse("db", "start", "--data-dir", str(data_dir)))
    try:
        loaded = json.loads(
            e2e.lakehouse("data", "load", "--data-dir", str(data_dir), "--scale", "0.01", "--seed", "1")
        )
        yield info, loaded["loaded"]
    finally:
        e2e.lakehouse("db", "stop", "--data-dir", str(data_dir))


@pytest.fixture(scope="module")
def pipeline_run(source_db, tmp_path_factory):
    db, loaded = source_db
    work = tmp_path_factory.mktemp("e2e")
    warehouse = work / "warehouse"
    application, py_files = e2e.materialize_jobs_artifact(work / "jobs")
    home = work / "airflow"
    env = {
        **os.environ,
        "AIRFLOW_HOME": str(home),
        "AIRFLOW__CORE__DAGS_FOLDER": str(DAGS_DIR),
        "AIRFLOW__DATABASE__SQL_ALCHEMY_CONN": f"sqlite:///{home / 'airflow.db'}",
        conn_env(contracts.airflow_connection("spark")): json.dumps({"conn_type": "spark", "host": "local[2]"}),
        conn_env(jobs.jdbc_conn_id("ecom")): e2e.postgres_connection(db, "ecom"),
        conn_env(jobs.jdbc_conn_id("marketing")): e2e.postgres_connection(db, "marketing"),
        jobs.APPLICATION_ENV: str(application),
        jobs.PY_FILES_ENV: str(py_files),
        jobs.WAREHOUSE_ENV: str(warehouse),
        jobs.SHUFFLE_ENV: "2",
        "SPARK_CONF_DIR": str(e2e.spark_client_conf(work / "spark-conf", warehouse)),
        "SPARK_LOCAL_IP": "127.0.0.1",
        # spark-submit and the Python it starts come from the jobs virtualenv (pyspark, see jobs/pyproject.toml).
        "PATH": f"{JOBS_PYTHON.parent}:{os.environ['PATH']}",
    }
    airflow = Path(os.sys.executable).with_name("airflow")
    subprocess.run([str(airflow), "db", "migrate"], env=env, check=True, capture_output=True, timeout=300)
    runner = [os.sys.executable, str(DAGS_DIR / "tests" / "run_pipeline.py"), RUN_DATE, *PIPELINE]
    proc = e2e.run_killing_group(runner, env, work, timeout=3000)
    (work / "pipeline.log").write_text(proc.stdout)
    lines = [line for line in proc.stdout.splitlines() if line.startswith("PIPELINE_RESULT ")]
    assert lines, f"pipeline runner produced no result (log: {work / 'pipeline.log'}):\n{proc.stdout[-4000:]}"
    result = json.loads(lines[-1].removeprefix("PIPELINE_RESULT "))
    return result, loaded, warehouse, proc.stdout, db


def test_every_dag_run_succeeds_in_order(pipeline_run):
    result = pipeline_run[0]
    assert result["states"] == {dag_id: "success" for dag_id in PIPELINE}


def test_every_task_of_every_run_succeeds(pipeline_run):
    tasks = pipeline_run[0]["tasks"]
    assert set(tasks) == set(PIPELINE) and all(tasks.values()), tasks
    assert {dag_id: {t: "success" for t in states} for dag_id, states in tasks.items()} == tasks
    # The ML DAG trains each of the three models in its own task.
    assert {t for t in tasks["ecom_gold_to_ml"] if t.startswith("train_")} == {
        "train_late_delivery",
        "train_repeat_purchase",
        "train_recommendations",
    }


def test_each_layer_publishes_its_asset_with_the_run_date(pipeline_run):
    events = {(e["asset"], e["dag_id"]): e["extra"] for e in pipeline_run[0]["asset_events"]}
    assert events == {
        ("bronze.ecom", "ingest_ecom_to_bronze"): {"run_date": RUN_DATE},
        ("bronze.marketing", "ingest_marketing_to_bronze"): {"run_date": RUN_DATE},
        ("silver.ecom", "ecom_bronze_to_silver"): {"run_date": RUN_DATE},
        ("silver.marketing", "marketing_bronze_to_silver"): {"run_date": RUN_DATE},
        ("gold.ecom", "ecom_silver_to_gold"): {"run_date": RUN_DATE},
    }


def ml_report(warehouse: Path, job: str) -> dict:
    """The metrics report an ML job wrote: one JSON document in one text file under the contract's `mlReports`."""
    parts = sorted((warehouse / contracts.storage_path("mlReports") / job).glob("part-*"))
    assert len(parts) == 1, f"{job}: {parts}"
    return json.loads(parts[0].read_text())


@pytest.fixture(scope="module")
def gold_counts(pipeline_run):
    """`{table: rows}` of the ecom mart and the ML jobs' Gold tables, read back through the jobs' metastore."""
    warehouse = pipeline_run[2]
    proc = subprocess.run(
        [str(JOBS_PYTHON), str(DAGS_DIR / "tests" / "gold_counts.py"), str(warehouse), "ecom"],
        cwd=warehouse,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
        env={**os.environ, "SPARK_LOCAL_IP": "127.0.0.1"},
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    return json.loads(proc.stdout.strip().splitlines()[-1])


def test_gold_row_counts_match_the_loaded_source(pipeline_run, gold_counts):
    loaded, counts = pipeline_run[1], gold_counts
    assert all(rows > 0 for rows in counts.values()), counts
    ecom, marketing = loaded["ecom"], loaded["marketing"]
    assert {t: counts[t] for t in ("fact_orders", "dim_orders", "fact_order_items", "dim_customers")} == {
        "fact_orders": ecom["orders"],
        "dim_orders": ecom["orders"],
        "fact_order_items": ecom["order_items"],
        "dim_customers": ecom["customers"],
    }
    assert counts["dim_products"] == ecom["products"] and counts["dim_sellers"] == ecom["sellers"]
    assert counts["dim_mql"] == marketing["marketing_qualified_leads"]
    # Deals whose lead is unknown or incomplete are quarantined in Silver (the quality gate checks that counts add up).
    assert 0 < counts["fact_closed_deals"] <= marketing["closed_deals"]


def test_the_ml_dag_publishes_predictions_to_gold_and_a_metrics_report_per_model(pipeline_run, gold_counts):
    warehouse = pipeline_run[2]
    ml_tables = {key: table for key, table in contracts.load("storage")["mlTables"].items() if not key.startswith("$")}
    assert {t: gold_counts.get(t, 0) > 0 for t in ml_tables.values()} == dict.fromkeys(ml_tables.values(), True)
    # Every order with items gets a late-delivery probability (the Gold fact counts orders with and without items).
    assert 0 < gold_counts[ml_tables["lateDelivery"]] <= gold_counts["fact_orders"]
    gold_db = contracts.gold_database()
    for job, key in ML_JOBS.items():
        report = ml_report(warehouse, job)
        assert (report["job"], report["run_date"], report["table"]) == (job, RUN_DATE, f"{gold_db}.{ml_tables[key]}")
        # The verdict is the report's own metrics compared: both evaluated (numbers), the model's above or not.
        metric = report["verdict"]["metric"]
        model, baseline = report["model"][metric], report["baseline"][metric]
        assert all(isinstance(v, float) for v in (model, baseline)), report
        beats = model > baseline
        assert report["verdict"] == {"metric": metric, "model": model, "baseline": baseline, "beats_baseline": beats}


def test_on_generated_data_late_delivery_learns_the_slow_seller_driver_and_beats_its_baseline(pipeline_run):
    # cli/data/gen/drivers.ts gives slow sellers a documented +1.6 log-odds of a late delivery: the job's seller
    # history feature must get a positive weight and the model must rank the test period better than the baseline
    # (scale 0.01, seed 1: 192 test orders, 14 late; the other two models' test populations are too small to judge).
    report = ml_report(pipeline_run[2], "late_delivery")
    assert report["numeric_coefficients"]["seller_late_rate"] > 1.0, report["numeric_coefficients"]
    model, baseline = report["model"]["roc_auc"], report["baseline"]["roc_auc"]
    assert report["verdict"]["beats_baseline"] and model > baseline + 0.05, (model, baseline)


def test_the_jdbc_password_never_reaches_the_logs(pipeline_run):
    log, db = pipeline_run[3], pipeline_run[4]
    password = Path(db["passwordFile"]).read_text().strip()
    assert password and password not in log
