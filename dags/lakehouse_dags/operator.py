"""`LakehouseJobOperator`: spark-submit one entry point of the deployed jobs artifact.

Everything environment- or connection-dependent is resolved in `execute`, never at parse time: the artifact paths and
warehouse settings (`LAKEHOUSE_*`), the Spark master (connection `spark_default`) and, for JDBC ingestion, the Postgres
connection. The JDBC password reaches the job's process only through `LAKEHOUSE_JDBC_PASSWORD` (it is no template
field, so it is never stored as a rendered field) and is registered with the secrets masker; on Kubernetes the driver
pod reads it from a Secret the deployment names in spark-defaults.conf (`jobs.jdbc_password_env`).
The Spark provider is imported inside `execute`: importing it costs more than parsing all our DAG files together.
On success the run date is attached to every outlet Asset event, so downstream DAGs process the same date.
On kill (timeout, mark failed) the spark-submit process is stopped, unlike the original's SSH-launched jobs.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from typing import Any

from airflow.sdk import Asset, BaseHook, BaseOperator
from airflow.sdk.log import mask_secret

from lakehouse_dags import contracts, jobs

SPARK_CONN_ID = contracts.airflow_connection("spark")
RUN_ID_ENV = contracts.env_name("runId")


class LakehouseJobOperator(BaseOperator):
    """Run `jobs/run.py <module> [job_args] --run-date <run_date> <common options>` with spark-submit."""

    template_fields: Sequence[str] = ("run_date", "job_args")
    ui_color = "#f4a460"

    def __init__(
        self,
        *,
        module: str,
        run_date: Any,
        job_args: Sequence[str] = (),
        jdbc_conn_id: str | None = None,
        log_kind: str | None = None,
        spark_conn_id: str = SPARK_CONN_ID,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        self.module = module
        self.run_date = run_date
        self.job_args = list(job_args)
        self.jdbc_conn_id = jdbc_conn_id
        self.log_kind = log_kind
        self.spark_conn_id = spark_conn_id
        self._hook: Any = None

    def execute(self, context: Any) -> None:
        from airflow.providers.apache.spark.hooks.spark_submit import SparkSubmitHook

        deployment = jobs.deployment_from_env(os.environ)
        spark = BaseHook.get_connection(self.spark_conn_id)
        master = jobs.spark_master(spark.conn_type, spark.host, spark.port)
        job_args = [*self.job_args]
        # The job's JSON log lines carry the Airflow run id (contracts/logs.json `runId`).
        env_vars: dict[str, str] = {RUN_ID_ENV: str(context["run_id"])}
        if self.jdbc_conn_id:
            job_args += self._jdbc_args(env_vars, master)
        if self.log_kind:
            job_args += ["--input", jobs.log_input(deployment, self.log_kind)]
        self._hook = SparkSubmitHook(
            conn_id=self.spark_conn_id,
            py_files=deployment.py_files,
            application_args=jobs.job_command(self.module, self.run_date, job_args, deployment, master),
            env_vars=env_vars,
            name=f"{self.dag_id}.{self.task_id}",
        )
        self._hook.submit(deployment.application)
        self._publish_run_date(context)

    def on_kill(self) -> None:
        if self._hook is not None:
            self._hook.on_kill()

    def _jdbc_args(self, env_vars: dict[str, str], master: str) -> list[str]:
        conn = BaseHook.get_connection(str(self.jdbc_conn_id))
        if not conn.login or not conn.password:
            raise ValueError(f"connection {self.jdbc_conn_id!r} needs a login and a password")
        mask_secret(conn.password)
        env_vars.update(jobs.jdbc_password_env(master, conn.password))
        url = jobs.jdbc_url(str(self.jdbc_conn_id), conn.host, conn.port, conn.schema)
        return ["--jdbc-url", url, "--jdbc-user", conn.login]

    def _publish_run_date(self, context: Any) -> None:
        outlet_events = context.get("outlet_events")
        for outlet in self.outlets:
            if isinstance(outlet, Asset) and outlet_events is not None:
                outlet_events[outlet].extra[jobs.RUN_DATE_CONF_KEY] = self.run_date
