"""DAG `lakehouse_maintenance`: weekly Delta OPTIMIZE and VACUUM of the Silver and Gold tables."""

from __future__ import annotations

from airflow.sdk import DAG

from lakehouse_dags import jobs
from lakehouse_dags.defaults import WEEKLY, dag_kwargs
from lakehouse_dags.operator import LakehouseJobOperator
from lakehouse_dags.tasks import resolve_run_date

DOC = f"""
### Maintenance: OPTIMIZE and VACUUM
Weekly Delta `OPTIMIZE` (small files compacted in one commit) then `VACUUM` keeping 7 days of time travel
(`{jobs.MAINTENANCE_COMPACT}`, `--retention-days` to change it), replacing the original's separate optimize/vacuum
DAGs whose table checks always passed. A Gold table whose BI view still shows an older version is not vacuumed.
One run at a time; it runs on Sunday night, away from the daily loads.
"""

with DAG(
    **dag_kwargs(
        dag_id="lakehouse_maintenance", doc_md=DOC, schedule=WEEKLY, tags=["maintenance"], profile="maintenance"
    )
):
    LakehouseJobOperator(task_id="compact", module=jobs.MAINTENANCE_COMPACT, run_date=resolve_run_date())
