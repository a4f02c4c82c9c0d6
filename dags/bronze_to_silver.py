"""DAGs `<source>_bronze_to_silver`: typed, cleaned, deduplicated Silver, run whenever the source's Bronze updates."""

from __future__ import annotations

from airflow.sdk import DAG

from lakehouse_dags import assets, contracts, jobs
from lakehouse_dags.defaults import dag_kwargs
from lakehouse_dags.operator import LakehouseJobOperator
from lakehouse_dags.tasks import resolve_run_date


def _doc(domain: str) -> str:
    return f"""
### `{domain}` Bronze -> Silver
Builds the Silver tables of `{domain}` from Bronze: typed columns, business-key deduplication, rejected rows
quarantined with a reason (the load report accounts for every row).

- **Triggered by**: Asset `{assets.asset_name("bronze", domain)}` (from `ingest_{domain}_to_bronze`); processes the
  run date carried by that Asset event.
- **Job**: `{jobs.SILVER_BUILD} --domain {domain}`.
- **Produces**: Asset `{assets.asset_name("silver", domain)}` (consumed by the Gold warehouse DAG).
"""


for domain in contracts.source_databases():
    with DAG(
        **dag_kwargs(
            dag_id=f"{domain}_bronze_to_silver",
            doc_md=_doc(domain),
            schedule=[assets.bronze(domain)],
            tags=["silver", domain],
            profile="transform",
        )
    ):
        LakehouseJobOperator(
            task_id=f"build_silver_{domain}",
            module=jobs.SILVER_BUILD,
            run_date=resolve_run_date(),
            job_args=["--domain", domain],
            outlets=[assets.silver(domain)],
        )
