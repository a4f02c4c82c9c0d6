"""DAG `ecom_gold_to_ml`: the three MLlib jobs over the Gold star schema, each publishing its predictions to Gold and
its metrics (beside a baseline) to a JSON report."""

from __future__ import annotations

from airflow.sdk import DAG

from lakehouse_dags import assets, contracts, jobs
from lakehouse_dags.defaults import dag_kwargs
from lakehouse_dags.operator import LakehouseJobOperator
from lakehouse_dags.tasks import resolve_run_date

MART = "ecom"
# task name -> job module; the jobs are independent of each other.
MODELS = {
    "late_delivery": jobs.ML_LATE_DELIVERY,
    "repeat_purchase": jobs.ML_REPEAT_PURCHASE,
    "recommendations": jobs.ML_RECOMMENDATIONS,
}

DOC = f"""
### Ecom Gold -> ML predictions
Trains and evaluates three Spark MLlib models on the `{contracts.gold_database()}` star schema, each on a time
split with its baseline computed in the same run, and publishes predictions to Gold tables. Under the warehouse,
`{contracts.storage_path("mlReports")}` holds one JSON report per model; a model that does not beat its baseline
says so there.

- **Triggered by**: Asset `{assets.asset_name("gold", MART)}` (after the Gold quality gate passed); same run date.
- **Jobs** (independent, run in parallel): {", ".join(f"`{m}`" for m in MODELS.values())}.
- **Produces**: no Asset (the predictions are leaves of the lineage).
"""

with DAG(
    **dag_kwargs(
        dag_id=f"{MART}_gold_to_ml",
        doc_md=DOC,
        schedule=[assets.gold(MART)],
        tags=["gold", "ml", MART],
        profile="transform",
    )
):
    run_date = resolve_run_date()
    for name, module in MODELS.items():
        LakehouseJobOperator(task_id=f"train_{name}", module=module, run_date=run_date)
