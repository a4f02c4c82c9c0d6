"""TaskFlow tasks shared by the DAGs."""

from __future__ import annotations

from typing import Any

from airflow.sdk import task

from lakehouse_dags import jobs


@task(task_id="run_date")
def resolve_run_date(**context: Any) -> str:
    """Pick the date this run processes (see `jobs.pick_run_date`); later tasks read it from XCom."""
    dag_run = context.get("dag_run")
    triggering = context.get("triggering_asset_events") or {}
    extras = [event.extra or {} for asset in triggering for event in triggering[asset]]
    return jobs.pick_run_date(
        conf=getattr(dag_run, "conf", None),
        event_extras=extras,
        logical_date=context.get("logical_date"),
        run_after=getattr(dag_run, "run_after", None),
    )
