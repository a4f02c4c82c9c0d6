"""The failure callback really fires under Airflow 3: a one-task DAG built with the lakehouse defaults fails inside
`dag.test()` (in a subprocess with its own AIRFLOW_HOME and DAGs folder) and its log carries the JSON alert line."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from tests.conftest import DAGS_DIR

PROBE = """
from airflow.sdk import DAG, task
from lakehouse_dags.defaults import dag_kwargs

with DAG(**dag_kwargs(dag_id="alert_probe", doc_md="### probe", schedule=None, tags=["test"], profile="ingest")) as dag:
    @task(retries=0)
    def boom():
        raise RuntimeError("disk full\\nsecond line")

    boom()

if __name__ == "__main__":
    print("DAG_RUN_STATE", dag.test().state)
"""


def test_a_failed_task_logs_one_json_alert_line(tmp_path: Path):
    home = tmp_path / "home"
    dags = tmp_path / "dags"
    dags.mkdir(parents=True)
    (dags / "alert_probe.py").write_text(PROBE)
    env = {
        **os.environ,
        "AIRFLOW_HOME": str(home),
        "AIRFLOW__CORE__DAGS_FOLDER": str(dags),
        "AIRFLOW__DATABASE__SQL_ALCHEMY_CONN": f"sqlite:///{home / 'airflow.db'}",
        "PYTHONPATH": str(DAGS_DIR),
    }
    airflow = Path(sys.executable).with_name("airflow")
    subprocess.run([str(airflow), "db", "migrate"], env=env, check=True, capture_output=True, timeout=300)
    proc = subprocess.run(
        [sys.executable, str(dags / "alert_probe.py")],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    output = proc.stdout + proc.stderr
    assert "DAG_RUN_STATE failed" in output, output[-3000:]
    alert_lines = [line for line in output.splitlines() if '{"event":"task_failed"' in line]
    assert len(alert_lines) == 1, output[-3000:]
    alert = json.loads(alert_lines[0][alert_lines[0].index("{") : alert_lines[0].rindex("}") + 1])
    assert alert["dag_id"] == "alert_probe" and alert["task_id"] == "boom"
    assert alert["error_type"] == "RuntimeError" and alert["error"] == "disk full\nsecond line"
    assert alert["owner"] == "data-platform" and alert["try_number"] == 1
