"""DAG `logs_to_gold`: clickstream and access-log files -> Bronze -> Silver -> Gold web-analytics facts, daily."""

from __future__ import annotations

from airflow.sdk import DAG

from lakehouse_dags import assets, contracts, jobs
from lakehouse_dags.defaults import DAILY, dag_kwargs
from lakehouse_dags.operator import LakehouseJobOperator
from lakehouse_dags.tasks import resolve_run_date

DOMAIN = assets.LOG_DOMAIN
KINDS = contracts.log_kinds()

DOC = f"""
### Logs -> Bronze -> Silver -> Gold
Daily batch path of the log feeds ({", ".join(f"`{k}`" for k in KINDS)}): raw lines into Bronze (the date's partition
is replaced on re-run), parsed into Silver (malformed lines quarantined with a reason), then the Gold facts, behind the
data-quality gate. The streaming layer serves the same data with low latency; this DAG is the daily reconciliation.

- **Inputs**: {", ".join(f"`{contracts.log_file(k)}`" for k in KINDS)} in the landing folder
  (`{jobs.LANDING_ENV}`, default `<warehouse>/{contracts.storage_path("landing")}`).
- **Jobs**: `{jobs.BRONZE_LOGS} --kind <kind>`, `{jobs.SILVER_BUILD} --domain {DOMAIN}`,
  `{jobs.GOLD_BUILD} --mart {DOMAIN}`, `{jobs.QUALITY_CHECK} --marts {DOMAIN}`.
- **Produces**: Assets `{assets.asset_name("bronze", DOMAIN)}`, `{assets.asset_name("silver", DOMAIN)}`,
  `{assets.asset_name("gold", DOMAIN)}` (the last only after the gate passes).
"""

with DAG(
    **dag_kwargs(
        dag_id="logs_to_gold",
        doc_md=DOC,
        schedule=DAILY,
        tags=["bronze", "silver", "gold", DOMAIN],
        profile="transform",
    )
):
    run_date = resolve_run_date()
    loads = [
        LakehouseJobOperator(
            task_id=f"ingest_{kind}",
            module=jobs.BRONZE_LOGS,
            run_date=run_date,
            job_args=["--kind", kind],
            log_kind=kind,
            outlets=[assets.bronze(DOMAIN)],
        )
        for kind in KINDS
    ]
    silver = LakehouseJobOperator(
        task_id=f"build_silver_{DOMAIN}",
        module=jobs.SILVER_BUILD,
        run_date=run_date,
        job_args=["--domain", DOMAIN],
        outlets=[assets.silver(DOMAIN)],
    )
    gold = LakehouseJobOperator(
        task_id=f"build_gold_{DOMAIN}", module=jobs.GOLD_BUILD, run_date=run_date, job_args=["--mart", DOMAIN]
    )
    gate = LakehouseJobOperator(
        task_id=f"check_quality_{DOMAIN}",
        module=jobs.QUALITY_CHECK,
        run_date=run_date,
        job_args=["--marts", DOMAIN],
        outlets=[assets.gold(DOMAIN)],
    )
    loads >> silver >> gold >> gate
