"""DAGs `ingest_<source>_to_bronze`: each source database (contracts/sources.json) into Bronze, daily, over JDBC."""

from __future__ import annotations

from airflow.sdk import DAG

from lakehouse_dags import assets, contracts, jobs
from lakehouse_dags.defaults import DAILY, dag_kwargs
from lakehouse_dags.operator import LakehouseJobOperator
from lakehouse_dags.tasks import resolve_run_date


def _doc(source: str) -> str:
    tables = ", ".join(f"`{t}`" for t in contracts.source_tables(source))
    return f"""
### Ingest `{source}` into Bronze
Daily incremental JDBC load of the `{source}` Postgres database: {tables}.

- **Job**: `{jobs.BRONZE_INGEST} --source {source}` (one Spark application for all tables; each table keeps its own
  watermark, so a retry re-reads only what was not yet landed).
- **Connection**: `{jobs.jdbc_conn_id(source)}` (created by the deployment); the password reaches the job only through
  its environment.
- **Produces**: Asset `{assets.asset_name("bronze", source)}`, which triggers `{source}_bronze_to_silver`.
- **Re-run a date**: trigger with conf `{{"run_date": "YYYY-MM-DD"}}`.
"""


for source in contracts.source_databases():
    with DAG(
        **dag_kwargs(
            dag_id=f"ingest_{source}_to_bronze",
            doc_md=_doc(source),
            schedule=DAILY,
            tags=["bronze", "ingest", source],
            profile="ingest",
        )
    ):
        LakehouseJobOperator(
            task_id=f"ingest_{source}",
            module=jobs.BRONZE_INGEST,
            run_date=resolve_run_date(),
            job_args=["--source", source],
            jdbc_conn_id=jobs.jdbc_conn_id(source),
            outlets=[assets.bronze(source)],
        )
