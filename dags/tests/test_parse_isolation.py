"""Parsing touches no connection, Variable or metadata DB: the DAGs folder is parsed in a subprocess whose
environment holds nothing but Airflow's bare settings, an unreachable metadata DB and a secrets backend that records
every lookup. A deliberately bad DAG file proves the recorder sees top-level lookups."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

from tests.conftest import DAGS_DIR
from tests.e2e_support import materialize_dags_artifact
from tests.test_dag_integrity import EXPECTED

BAD_DAG = """
from airflow.sdk import DAG, BaseHook, Variable
try:
    Variable.get("warehouse_root")
except Exception:
    pass
try:
    BaseHook.get_connection("some_database")
except Exception:
    pass
with DAG(dag_id="bad_top_level_lookups", schedule=None):
    pass
"""


def _parse(folder: Path, tmp_path: Path) -> tuple[dict, list[dict]]:
    record = tmp_path / "lookups.jsonl"
    record.touch()
    recorder_dir = tmp_path / "recorder"
    recorder_dir.mkdir()
    shutil.copy(DAGS_DIR / "tests" / "recording_secrets.py", recorder_dir)
    home = tmp_path / "airflow-home"
    home.mkdir()
    env = {
        "PATH": os.path.dirname(sys.executable),
        "HOME": str(home),
        "AIRFLOW_HOME": str(home),
        "AIRFLOW__CORE__LOAD_EXAMPLES": "False",
        "AIRFLOW__CORE__DAGS_FOLDER": str(folder),
        # Any metadata-DB access fails: the directory does not exist.
        "AIRFLOW__DATABASE__SQL_ALCHEMY_CONN": f"sqlite:///{tmp_path / 'missing-dir' / 'airflow.db'}",
        "AIRFLOW__SECRETS__BACKEND": "recording_secrets.RecordingSecretsBackend",
        "AIRFLOW__SECRETS__BACKEND_KWARGS": json.dumps({"record_to": str(record)}),
        # Only the recorder is added: the DAG support code must come from `folder` itself.
        "PYTHONPATH": str(recorder_dir),
    }
    proc = subprocess.run(
        [sys.executable, str(DAGS_DIR / "tests" / "parse_isolated.py"), str(folder)],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    outcome = json.loads(proc.stdout.strip().splitlines()[-1])
    lookups = [json.loads(line) for line in record.read_text().splitlines()]
    return outcome, lookups


def test_parsing_the_dags_folder_looks_nothing_up(tmp_path):
    outcome, lookups = _parse(DAGS_DIR, tmp_path)
    assert outcome["import_errors"] == {}
    assert sorted(outcome["dag_ids"]) == sorted(EXPECTED)
    assert lookups == []
    assert not (tmp_path / "missing-dir").exists()


def test_the_recorder_catches_top_level_lookups(tmp_path):
    folder = tmp_path / "bad-dags"
    folder.mkdir()
    (folder / "bad.py").write_text(BAD_DAG)
    outcome, lookups = _parse(folder, tmp_path)
    assert outcome["dag_ids"] == ["bad_top_level_lookups"]
    assert {"kind": "variable", "key": "warehouse_root"} in lookups
    assert {"kind": "connection", "key": "some_database"} in lookups


def test_the_deployed_dags_artifact_parses_on_its_own(tmp_path):
    """The folder the Pulumi program uploads (no repository around it) imports with the same DAGs."""
    deployed = materialize_dags_artifact(tmp_path / "opt" / "airflow" / "dags")
    assert not (deployed / "tests").exists()
    outcome, lookups = _parse(deployed, tmp_path)
    assert outcome["import_errors"] == {}
    assert sorted(outcome["dag_ids"]) == sorted(EXPECTED)
    assert lookups == []
