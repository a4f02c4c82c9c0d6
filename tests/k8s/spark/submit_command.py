"""Prints, as JSON, the spark-submit command Airflow's Spark provider builds from a rendered `spark` connection.

The connection JSON is the value the Pulumi program renders into the Airflow scheduler's environment; the hook is the
one the DAGs' `LakehouseJobOperator` uses, with the environment `jobs.jdbc_password_env` gives it for that master.

Usage: python submit_command.py CONNECTION_JSON APPLICATION PY_FILES [APPLICATION_ARGS...]
"""

import json
import os
import sys

from airflow.providers.apache.spark.hooks.spark_submit import SparkSubmitHook
from airflow.sdk import BaseHook
from lakehouse_dags import contracts, jobs


def main(connection: str, application: str, py_files: str, *args: str) -> None:
    conn_id = contracts.airflow_connection("spark")
    os.environ[
        contracts.load("runtime")["airflow"]["connectionEnvPrefix"] + conn_id.upper()
    ] = connection
    conn = BaseHook.get_connection(conn_id)
    master = jobs.spark_master(conn.conn_type, conn.host, conn.port)
    env = jobs.jdbc_password_env(master, "probe-password")
    hook = SparkSubmitHook(
        conn_id=conn_id,
        py_files=py_files,
        application_args=list(args),
        env_vars=env or None,
        name="probe",
    )
    print(
        json.dumps(
            {"master": master, "command": hook._build_spark_submit_command(application)}
        )
    )


if __name__ == "__main__":
    main(*sys.argv[1:])
