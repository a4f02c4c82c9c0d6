"""Pure planning: deployment settings, job arguments, JDBC URLs, run-date choice."""

from __future__ import annotations

import datetime as dt

import pytest

from lakehouse_dags import contracts, jobs

ENV = {
    jobs.APPLICATION_ENV: "/opt/jobs/launcher.py",
    jobs.PY_FILES_ENV: "/opt/jobs/package.zip",
    jobs.WAREHOUSE_ENV: "hdfs://namenode:9000/lakehouse/",
}


def test_deployment_reads_paths_and_defaults_landing_under_the_warehouse():
    d = jobs.deployment_from_env(ENV)
    assert d == jobs.Deployment(
        application="/opt/jobs/launcher.py",
        py_files="/opt/jobs/package.zip",
        warehouse="hdfs://namenode:9000/lakehouse",
        landing="hdfs://namenode:9000/lakehouse/landing",
    )


@pytest.mark.parametrize("missing", [jobs.APPLICATION_ENV, jobs.PY_FILES_ENV, jobs.WAREHOUSE_ENV])
def test_deployment_names_the_missing_variable(missing):
    env = {k: v for k, v in ENV.items() if k != missing}
    with pytest.raises(ValueError, match=missing):
        jobs.deployment_from_env(env)


@pytest.mark.parametrize("bad", ["0", "-2", "eight"])
def test_deployment_rejects_bad_shuffle_partitions(bad):
    with pytest.raises(ValueError, match=jobs.SHUFFLE_ENV):
        jobs.deployment_from_env({**ENV, jobs.SHUFFLE_ENV: bad})


@pytest.mark.parametrize(
    ("extra_env", "expected_tail"),
    [
        ({}, []),
        ({jobs.METASTORE_ENV: "thrift://hive-metastore:9083"}, ["--metastore-uri", "thrift://hive-metastore:9083"]),
        ({jobs.SHUFFLE_ENV: "4"}, ["--shuffle-partitions", "4"]),
    ],
)
def test_job_command_puts_module_first_and_common_options_last(extra_env, expected_tail):
    d = jobs.deployment_from_env({**ENV, **extra_env})
    cmd = jobs.job_command(jobs.SILVER_BUILD, "2026-11-25", ["--domain", "ecom"], d, "spark://spark-master:7077")
    assert cmd == [
        jobs.SILVER_BUILD,
        "--domain",
        "ecom",
        "--run-date",
        "2026-11-25",
        "--master",
        "spark://spark-master:7077",
        "--warehouse",
        "hdfs://namenode:9000/lakehouse",
        *expected_tail,
    ]


@pytest.mark.parametrize("bad", ["2026-13-01", "yesterday", None, "{{ ds }}"])
def test_job_command_rejects_a_run_date_that_is_not_a_date(bad):
    d = jobs.deployment_from_env(ENV)
    with pytest.raises(ValueError, match="run date"):
        jobs.job_command(jobs.GOLD_BUILD, bad, [], d, "local[2]")


@pytest.mark.parametrize(
    ("host", "port", "db", "url"),
    [
        ("postgres-sources", 5432, "ecom", "jdbc:postgresql://postgres-sources:5432/ecom"),
        ("127.0.0.1", 54011, "marketing", "jdbc:postgresql://127.0.0.1:54011/marketing"),
        ("db", None, "ecom", "jdbc:postgresql://db:5432/ecom"),
    ],
)
def test_jdbc_url(host, port, db, url):
    assert jobs.jdbc_url("src", host, port, db) == url


@pytest.mark.parametrize(("host", "db"), [(None, "ecom"), ("db", None), ("", "")])
def test_jdbc_url_names_the_incomplete_connection(host, db):
    with pytest.raises(ValueError, match="'src'"):
        jobs.jdbc_url("src", host, 5432, db)


def test_log_input_is_the_contract_file_in_the_landing_folder():
    d = jobs.deployment_from_env({**ENV, jobs.LANDING_ENV: "/data/landing/"})
    assert jobs.log_input(d, "accesslog") == "/data/landing/access_log_updated.txt"
    assert jobs.log_input(d, "clickstream") == "/data/landing/ecommerce_clickstream_transactions_reformatted.txt"


NOON = dt.datetime(2026, 11, 24, 12, 0, tzinfo=dt.UTC)
LATE = dt.datetime(2026, 11, 25, 23, 59, tzinfo=dt.UTC)


@pytest.mark.parametrize(
    ("conf", "extras", "logical", "run_after", "expected"),
    [
        ({"run_date": "2026-01-02"}, [{"run_date": "2026-11-20"}], NOON, LATE, "2026-01-02"),
        ({}, [{"run_date": "2026-11-20"}, {"run_date": "2026-11-21"}, {}], None, LATE, "2026-11-21"),
        (None, [{"other": 1}], NOON, LATE, "2026-11-24"),
        (None, [], None, LATE, "2026-11-25"),
    ],
    ids=["conf-wins", "latest-asset-event", "logical-date", "run-after"],
)
def test_pick_run_date(conf, extras, logical, run_after, expected):
    assert jobs.pick_run_date(conf, extras, logical, run_after) == expected


def test_pick_run_date_rejects_a_bad_conf_value_and_having_nothing():
    with pytest.raises(ValueError, match="YYYY-MM-DD"):
        jobs.pick_run_date({"run_date": "25/11/2026"}, [], NOON, LATE)
    with pytest.raises(ValueError, match="cannot pick a run date"):
        jobs.pick_run_date(None, [], None, None)


SPARK_CONNECTIONS = [
    ('{"conn_type": "spark", "host": "local[2]"}', "local[2]"),
    (
        '{"conn_type": "spark", "host": "spark://spark-master", "port": 7077, "extra": {"deploy-mode": "client"}}',
        "spark://spark-master:7077",
    ),
    ("spark://spark-master:7077", "spark://spark-master:7077"),
    ('{"conn_type": "spark", "host": "yarn"}', "yarn"),
    (
        '{"conn_type": "spark", "host": "k8s://https://kubernetes.default.svc", "port": 443,'
        ' "extra": {"deploy-mode": "cluster", "namespace": "lakehouse-prod"}}',
        "k8s://https://kubernetes.default.svc:443",
    ),
]


@pytest.mark.parametrize(("uri", "expected"), SPARK_CONNECTIONS)
def test_spark_master_agrees_with_the_providers_hook(monkeypatch, uri, expected):
    from airflow.providers.apache.spark.hooks.spark_submit import SparkSubmitHook
    from airflow.sdk import BaseHook

    monkeypatch.setenv(contracts.load("runtime")["airflow"]["connectionEnvPrefix"] + "SPARK_PROBE", uri)
    conn = BaseHook.get_connection("spark_probe")
    assert jobs.spark_master(conn.conn_type, conn.host, conn.port) == expected
    assert SparkSubmitHook(conn_id="spark_probe")._connection["master"] == expected


@pytest.mark.parametrize(
    ("master", "expected"),
    [
        ("spark://spark-master:7077", {jobs.PASSWORD_ENV: "pw"}),
        ("local[2]", {jobs.PASSWORD_ENV: "pw"}),
        # The driver pod reads it from the Secret named in spark-defaults.conf; the environment would become a
        # spark.kubernetes.driverEnv value in the pod spec.
        ("k8s://https://kubernetes.default.svc:443", {}),
    ],
)
def test_jdbc_password_env_never_leaves_for_a_kubernetes_driver(master, expected):
    assert jobs.jdbc_password_env(master, "pw") == expected


def test_the_spark_hook_puts_no_environment_value_into_a_kubernetes_submission(monkeypatch):
    """Negative control of the rule above: given an environment, the provider's hook on a k8s master renders it as a
    plain `spark.kubernetes.driverEnv` setting on the command line."""
    from airflow.providers.apache.spark.hooks.spark_submit import SparkSubmitHook

    monkeypatch.setenv(
        contracts.load("runtime")["airflow"]["connectionEnvPrefix"] + "SPARK_PROBE",
        SPARK_CONNECTIONS[-1][0],
    )
    master = SPARK_CONNECTIONS[-1][1]
    leaky = SparkSubmitHook(conn_id="spark_probe", env_vars={jobs.PASSWORD_ENV: "pw"})._build_spark_submit_command(
        "a.py"
    )
    assert f"spark.kubernetes.driverEnv.{jobs.PASSWORD_ENV}=pw" in leaky
    env = jobs.jdbc_password_env(master, "pw")
    command = SparkSubmitHook(conn_id="spark_probe", env_vars=env or None)._build_spark_submit_command("a.py")
    assert "pw" not in " ".join(command)
    assert command[command.index("--master") + 1] == master
    assert command[command.index("--deploy-mode") + 1] == "cluster"
    assert "spark.kubernetes.namespace=lakehouse-prod" in command
