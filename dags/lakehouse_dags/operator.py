"""`LakehouseJobOperator`: spark-submit one entry point of the deployed jobs artifact.

Everything environment- or connection-dependent is resolved in `execute`, never at parse time: the artifact paths and
warehouse settings (`LAKEHOUSE_*`), the Spark master (connection `spark_default`) and, for JDBC ingestion, the Postgres
connection. The JDBC password reaches the job's process only through `LAKEHOUSE_JDBC_PASSWORD`: it is set after the
template fields were rendered (so it is never stored as a rendered field) and registered with the secrets masker.
On success the run date is attached to every outlet Asset event, so downstream DAGs process the same date.
On kill (timeout, mark failed) the provider stops the local spark-submit process, unlike the original SSH jobs.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from typing import Any

from airflow.providers.apache.spark.operators.spark_submit import SparkSubmitOperator
from airflow.sdk import Asset, BaseHook
from airflow.sdk.log import mask_secret

from lakehouse_dags import jobs


class LakehouseJobOperator(SparkSubmitOperator):
    """Run `jobs/run.py <module> [job_args] --run-date <run_date> <common options>` with spark-submit."""

    template_fields: Sequence[str] = (*SparkSubmitOperator.template_fields, "run_date", "job_args")
    ui_color = "#f4a460"

    def __init__(
        self,
        *,
        module: str,
        run_date: Any,
        job_args: Sequence[str] = (),
        jdbc_conn_id: str | None = None,
        log_kind: str | None = None,
        **kwargs: Any,
    ) -> None:
        kwargs.setdefault("name", "{{ dag.dag_id }}.{{ task.task_id }}")
        super().__init__(**kwargs)
        self.module = module
        self.run_date = run_date
        self.job_args = list(job_args)
        self.jdbc_conn_id = jdbc_conn_id
        self.log_kind = log_kind

    def execute(self, context: Any) -> None:
        deployment = jobs.deployment_from_env(os.environ)
        # The hook resolves `spark_default` into the master URL spark-submit uses; the job gets the same one.
        master = str(self._get_hook()._connection["master"])
        job_args = [*self.job_args]
        env_vars: dict[str, str] = {}
        if self.jdbc_conn_id:
            job_args += self._jdbc_args(env_vars)
        if self.log_kind:
            job_args += ["--input", jobs.log_input(deployment, self.log_kind)]
        self.application = deployment.application
        self.py_files = deployment.py_files
        self.application_args = jobs.job_command(self.module, self.run_date, job_args, deployment, master)
        self.env_vars = env_vars or None
        self._hook = None  # rebuilt by the parent from the fields set above
        super().execute(context)
        self._publish_run_date(context)

    def _jdbc_args(self, env_vars: dict[str, str]) -> list[str]:
        conn = BaseHook.get_connection(self.jdbc_conn_id)
        if not conn.login or not conn.password:
            raise ValueError(f"connection {self.jdbc_conn_id!r} needs a login and a password")
        mask_secret(conn.password)
        env_vars[jobs.PASSWORD_ENV] = conn.password
        url = jobs.jdbc_url(str(self.jdbc_conn_id), conn.host, conn.port, conn.schema)
        return ["--jdbc-url", url, "--jdbc-user", conn.login]

    def _publish_run_date(self, context: Any) -> None:
        outlet_events = context.get("outlet_events")
        for outlet in self.outlets:
            if isinstance(outlet, Asset) and outlet_events is not None:
                outlet_events[outlet].extra[jobs.RUN_DATE_CONF_KEY] = self.run_date
