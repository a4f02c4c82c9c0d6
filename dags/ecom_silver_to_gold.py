"""DAG `ecom_silver_to_gold`: the Gold star schema (Hive tables) from the Silver of every source database, behind a
data-quality gate."""

from __future__ import annotations

from airflow.sdk import DAG

from lakehouse_dags import assets, contracts, jobs
from lakehouse_dags.defaults import dag_kwargs
from lakehouse_dags.operator import LakehouseJobOperator
from lakehouse_dags.tasks import resolve_run_date

MART = "ecom"
SOURCES = contracts.source_databases()

DOC = f"""
### Ecom Silver -> Gold warehouse
Builds the `{contracts.gold_database()}` star schema (dimensions, then facts) from the Silver of
{", ".join(f"`{s}`" for s in SOURCES)}, then runs the data-quality gate on it.

- **Triggered by**: Assets {", ".join(f"`{assets.asset_name('silver', s)}`" for s in SOURCES)}, once **all** of them
  have a new event; processes the latest run date those events carry.
- **Jobs**: `{jobs.GOLD_BUILD} --mart {MART}`, then `{jobs.QUALITY_CHECK} --marts {MART}` (unique keys, no orphan
  foreign keys, Silver row counts that add up). A failed check fails the run and raises the alert.
- **Produces**: Asset `{assets.asset_name("gold", MART)}`, only after the gate passes.
"""

with DAG(
    **dag_kwargs(
        dag_id=f"{MART}_silver_to_gold",
        doc_md=DOC,
        schedule=[assets.silver(s) for s in SOURCES],
        tags=["gold", "warehouse", MART],
        profile="transform",
    )
):
    run_date = resolve_run_date()
    build = LakehouseJobOperator(
        task_id=f"build_gold_{MART}", module=jobs.GOLD_BUILD, run_date=run_date, job_args=["--mart", MART]
    )
    gate = LakehouseJobOperator(
        task_id=f"check_quality_{MART}",
        module=jobs.QUALITY_CHECK,
        run_date=run_date,
        job_args=["--marts", MART],
        outlets=[assets.gold(MART)],
    )
    build >> gate
