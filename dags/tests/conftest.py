"""Test harness: a throwaway AIRFLOW_HOME with a migrated SQLite metadata DB, the repo's dags/ as DAGs folder.

Airflow reads its configuration when first imported, so the environment is set here, before any test module imports
airflow. Run with the Airflow virtualenv: `.venv-airflow/bin/pytest dags/tests`.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

DAGS_DIR = Path(__file__).resolve().parent.parent
REPO = DAGS_DIR.parent
AIRFLOW_HOME = Path(tempfile.mkdtemp(prefix="lakehouse-airflow-"))

os.environ.update(
    {
        "AIRFLOW_HOME": str(AIRFLOW_HOME),
        "AIRFLOW__CORE__LOAD_EXAMPLES": "False",
        "AIRFLOW__CORE__DAGS_FOLDER": str(DAGS_DIR),
        "AIRFLOW__CORE__UNIT_TEST_MODE": "False",
        "AIRFLOW__DATABASE__SQL_ALCHEMY_CONN": f"sqlite:///{AIRFLOW_HOME / 'airflow.db'}",
    }
)
if str(DAGS_DIR) not in sys.path:
    sys.path.insert(0, str(DAGS_DIR))

EXPECTED_DAG_FILES = [
    "bronze_to_silver.py",
    "ecom_gold_to_ml.py",
    "ecom_silver_to_gold.py",
    "ingest_to_bronze.py",
    "logs_to_gold.py",
    "maintenance.py",
]


@pytest.fixture(scope="session")
def airflow_db() -> Path:
    """Migrate the metadata DB once per session (dag.test() needs it)."""
    airflow = Path(sys.executable).with_name("airflow")
    subprocess.run([str(airflow), "db", "migrate"], check=True, capture_output=True, env=os.environ.copy())
    return AIRFLOW_HOME


@pytest.fixture(scope="session")
def dagbag():
    """The DAGs folder parsed the way the dag-processor parses a bundle."""
    from airflow.dag_processing.dagbag import BundleDagBag

    return BundleDagBag(dag_folder=str(DAGS_DIR), bundle_path=DAGS_DIR)


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    shutil.rmtree(AIRFLOW_HOME, ignore_errors=True)
