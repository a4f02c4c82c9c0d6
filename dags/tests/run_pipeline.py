"""Run DAGs one after another with `dag.test()` for one run date, then print one JSON line with each run's state, the
state of each of its tasks and the Asset events they recorded. Run in a subprocess by test_e2e_ecom with a prepared
environment: `python run_pipeline.py RUN_DATE DAG_ID [DAG_ID...]`."""

from __future__ import annotations

import datetime as dt
import json
import sys
from pathlib import Path

from airflow.dag_processing.dagbag import BundleDagBag


def main(run_date: str, dag_ids: list[str]) -> None:
    folder = Path(__file__).resolve().parent.parent
    bag = BundleDagBag(dag_folder=str(folder), bundle_path=folder)
    if bag.import_errors:
        raise SystemExit(f"import errors: {bag.import_errors}")
    logical = dt.datetime.fromisoformat(run_date).replace(tzinfo=dt.UTC)
    states, tasks = {}, {}
    for dag_id in dag_ids:
        dag = bag.dags[dag_id]
        run = dag.test(logical_date=logical)
        states[dag_id] = str(run.state)
        tasks[dag_id] = _task_states(dag_id, run.run_id)
        if states[dag_id] != "success":
            break
    print("PIPELINE_RESULT " + json.dumps({"states": states, "tasks": tasks, "asset_events": _asset_events()}))


def _task_states(dag_id: str, run_id: str) -> dict[str, str]:
    """`{task_id: state}` of one DAG run, as recorded in the metadata database."""
    from airflow.models.taskinstance import TaskInstance
    from airflow.utils.session import create_session

    with create_session() as session:
        rows = session.query(TaskInstance.task_id, TaskInstance.state).filter(
            TaskInstance.dag_id == dag_id, TaskInstance.run_id == run_id
        )
        return {task_id: str(state) for task_id, state in rows}


def _asset_events() -> list[dict]:
    from airflow.models.asset import AssetEvent, AssetModel
    from airflow.utils.session import create_session

    with create_session() as session:
        rows = session.query(AssetModel.name, AssetEvent.extra, AssetEvent.source_dag_id).join(
            AssetModel, AssetEvent.asset_id == AssetModel.id
        )
        return [{"asset": name, "extra": extra, "dag_id": dag_id} for name, extra, dag_id in rows]


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2:])
