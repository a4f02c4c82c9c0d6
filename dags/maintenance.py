"""DAG `lakehouse_maintenance`: weekly compaction of small files in Silver and Gold."""

from __future__ import annotations

from airflow.sdk import DAG

from lakehouse_dags import jobs
from lakehouse_dags.defaults import WEEKLY, dag_kwargs
from lakehouse_dags.operator import LakehouseJobOperator
from lakehouse_dags.tasks import resolve_run_date

DOC = f"""
### Maintenance: compaction
Weekly rewrite of small Parquet files into fewer, larger ones (`{jobs.MAINTENANCE_COMPACT}`), replacing the original's
separate optimize/vacuum DAGs whose table checks always passed. The job checks its tables itself and fails loudly.
One run at a time; it runs on Sunday night, away from the daily loads.
"""

with DAG(
    **dag_kwargs(
        dag_id="lakehouse_maintenance", doc_md=DOC, schedule=WEEKLY, tags=["maintenance"], profile="maintenance"
    )
):
    LakehouseJobOperator(task_id="compact", module=jobs.MAINTENANCE_COMPACT, run_date=resolve_run_date())
