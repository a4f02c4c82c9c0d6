"""Pure planning for job submissions: where the jobs artifact is, which arguments a job gets, which date it runs for.

Everything here takes its inputs as arguments (the environment is passed in as a mapping), so it is table-tested
without Airflow or Spark. Only `operator.py` reads `os.environ`, and only when a task executes.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from lakehouse_dags import contracts

# Entry points of the jobs package (`jobs/run.py MODULE [args...]`), named in contracts/runtime.json.
BRONZE_INGEST = contracts.job_module("bronzeIngest")
BRONZE_LOGS = contracts.job_module("bronzeLogs")
SILVER_BUILD = contracts.job_module("silverBuild")
GOLD_BUILD = contracts.job_module("goldBuild")
QUALITY_CHECK = contracts.job_module("qualityCheck")
MAINTENANCE_COMPACT = contracts.job_module("maintenanceCompact")
ML_LATE_DELIVERY = contracts.job_module("mlLateDelivery")
ML_REPEAT_PURCHASE = contracts.job_module("mlRepeatPurchase")
ML_RECOMMENDATIONS = contracts.job_module("mlRecommendations")

# Environment the deployment sets on the Airflow workers (read at task run time only; names in contracts/runtime.json).
APPLICATION_ENV = contracts.env_name("jobsApplication")  # path of the deployed jobs/run.py
PY_FILES_ENV = contracts.env_name("jobsPyFiles")  # path of the deployed lakehouse_jobs zip
WAREHOUSE_ENV = contracts.env_name("warehouse")
METASTORE_ENV = contracts.env_name("metastoreUri")
SHUFFLE_ENV = contracts.env_name("shufflePartitions")
LANDING_ENV = contracts.env_name("landing")  # folder holding the log files; default <warehouse>/<landing path>
PASSWORD_ENV = contracts.env_name("jdbcPassword")  # handed to the ingest job's process only, never in its arguments

RUN_DATE_CONF_KEY = "run_date"
K8S_MASTER_PREFIX = "k8s://"  # Spark's scheme for its Kubernetes scheduler


@dataclass(frozen=True)
class Deployment:
    """Where the jobs artifact and the warehouse are, as the deployment configured them."""

    application: str
    py_files: str
    warehouse: str
    metastore_uri: str = ""
    shuffle_partitions: str = ""
    landing: str = ""


def deployment_from_env(env: Mapping[str, str]) -> Deployment:
    """Read the deployment settings; a missing required variable is named in the error."""
    missing = [k for k in (APPLICATION_ENV, PY_FILES_ENV, WAREHOUSE_ENV) if not env.get(k, "").strip()]
    if missing:
        raise ValueError(
            f"environment variable(s) {', '.join(missing)} not set on the Airflow worker: the deployment must set "
            "the jobs artifact paths and the warehouse root"
        )
    shuffle = env.get(SHUFFLE_ENV, "").strip()
    if shuffle and not (shuffle.isdigit() and int(shuffle) > 0):
        raise ValueError(f"{SHUFFLE_ENV} must be a positive integer, got {shuffle!r}")
    warehouse = env[WAREHOUSE_ENV].strip().rstrip("/")
    return Deployment(
        application=env[APPLICATION_ENV].strip(),
        py_files=env[PY_FILES_ENV].strip(),
        warehouse=warehouse,
        metastore_uri=env.get(METASTORE_ENV, "").strip(),
        shuffle_partitions=shuffle,
        landing=env.get(LANDING_ENV, "").strip().rstrip("/") or f"{warehouse}/{contracts.storage_path('landing')}",
    )


def common_args(deployment: Deployment, master: str) -> list[str]:
    """The options every job accepts. `--master` repeats spark-submit's so the job's session agrees with it."""
    args = ["--master", master, "--warehouse", deployment.warehouse]
    if deployment.metastore_uri:
        args += ["--metastore-uri", deployment.metastore_uri]
    if deployment.shuffle_partitions:
        args += ["--shuffle-partitions", deployment.shuffle_partitions]
    return args


def job_command(module: str, run_date: str, job_args: Iterable[str], deployment: Deployment, master: str) -> list[str]:
    """`application_args` for `jobs/run.py`: the module, its own arguments, then the common options."""
    check_run_date(run_date)
    return [module, *job_args, "--run-date", run_date, *common_args(deployment, master)]


def spark_master(conn_type: str | None, host: str | None, port: int | None) -> str:
    """The master URL the Spark provider's hook derives from a connection (so the job's `--master` agrees with
    spark-submit's): a `spark` connection whose host is a full URL or has no port (`local[2]`, `yarn`) is used as
    is; otherwise `<conn_type>://<host>`; the port, if any, is appended."""
    if conn_type == "spark" and host and ("://" in host or not port):
        master = host
    else:
        master = f"{conn_type}://{host or ''}"
    return f"{master}:{port}" if port else master


def jdbc_password_env(master: str, password: str) -> dict[str, str]:
    """What spark-submit's environment carries for the JDBC password. On Kubernetes (`k8s://` master, cluster mode)
    the driver is a pod of its own that this environment never reaches, and the Spark provider would turn it into a
    `spark.kubernetes.driverEnv` setting: a plain value on the command line and in the pod spec. There the deployment's
    spark-defaults.conf gives the driver the password by reference to a Kubernetes Secret, so nothing is passed."""
    if master.startswith(K8S_MASTER_PREFIX):
        return {}
    return {PASSWORD_ENV: password}


def jdbc_url(conn_id: str, host: str | None, port: int | None, database: str | None) -> str:
    """JDBC URL of a Postgres connection; the connection id is named when a part is missing."""
    if not host or not database:
        raise ValueError(f"connection {conn_id!r} needs a host and a database (schema) for the JDBC URL")
    return f"jdbc:postgresql://{host}:{port or 5432}/{database}"


def jdbc_conn_id(source: str) -> str:
    """Airflow connection id of a source database (`postgres_ecom`, env `AIRFLOW_CONN_POSTGRES_ECOM`)."""
    return f"{contracts.airflow_connection('sourceDbPrefix')}{source}"


def log_input(deployment: Deployment, kind: str) -> str:
    """The log file a Bronze log load reads, named in the contracts."""
    return f"{deployment.landing}/{contracts.log_file(kind)}"


def check_run_date(value: Any) -> str:
    if not isinstance(value, str):
        raise ValueError(f"run date must be a YYYY-MM-DD string, got {value!r}")
    try:
        dt.date.fromisoformat(value)
    except ValueError as err:
        raise ValueError(f"run date must be YYYY-MM-DD, got {value!r}") from err
    return value


def pick_run_date(
    conf: Mapping[str, Any] | None,
    event_extras: Iterable[Mapping[str, Any]],
    logical_date: dt.datetime | None,
    run_after: dt.datetime | None,
) -> str:
    """The date a run processes, first of:
    1. `run_date` in the trigger's conf (manual re-runs and backfills);
    2. the latest `run_date` carried by the Asset events that triggered the run (Silver/Gold follow their producer);
    3. the logical date (time-scheduled runs);
    4. the date the run was queued for (Asset-triggered runs have no logical date in Airflow 3).
    """
    if conf and RUN_DATE_CONF_KEY in conf:
        return check_run_date(conf[RUN_DATE_CONF_KEY])
    produced = [check_run_date(e[RUN_DATE_CONF_KEY]) for e in event_extras if e and RUN_DATE_CONF_KEY in e]
    if produced:
        return max(produced)
    when = logical_date or run_after
    if when is None:
        raise ValueError("cannot pick a run date: no conf run_date, no asset event run_date, no logical date")
    return when.date().isoformat()
