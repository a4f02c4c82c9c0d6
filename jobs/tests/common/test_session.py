"""The Spark configuration a job's settings imply (pure)."""

import sys

from lakehouse_jobs.common.session import LOCAL_DRIVER_MEMORY, spark_conf, worker_python_env
from lakehouse_jobs.common.settings import Settings


def test_local_python_workers_run_the_drivers_interpreter() -> None:
    assert worker_python_env(Settings(master="local[2]"), {}) == {"PYSPARK_PYTHON": sys.executable}


def test_an_explicit_pyspark_python_or_a_cluster_master_is_left_alone() -> None:
    assert worker_python_env(Settings(master="local[2]"), {"PYSPARK_PYTHON": "/opt/py"}) == {}
    assert worker_python_env(Settings(master="spark://spark-master:7077"), {}) == {}


def test_embedded_metastore_and_session_defaults() -> None:
    conf = spark_conf(Settings(master="local[*]", warehouse_root="/w", shuffle_partitions=3))
    assert conf["spark.sql.shuffle.partitions"] == "3"
    assert conf["spark.sql.session.timeZone"] == "UTC"
    derby = "jdbc:derby:;databaseName=/w/_metastore_db;create=true"
    assert conf["spark.hadoop.javax.jdo.option.ConnectionURL"] == derby
    remote = spark_conf(Settings(master="local[*]", metastore_uri="thrift://hms:9083"))
    assert remote["spark.hadoop.hive.metastore.uris"] == "thrift://hms:9083"
    assert "spark.hadoop.javax.jdo.option.ConnectionURL" not in remote


def test_a_local_master_gets_a_heap_for_its_executors_unless_told_otherwise() -> None:
    assert spark_conf(Settings(master="local[2]"))["spark.driver.memory"] == LOCAL_DRIVER_MEMORY
    told = Settings(master="local[2]", extra_conf={"spark.driver.memory": "6g"})
    assert spark_conf(told)["spark.driver.memory"] == "6g"
    assert "spark.driver.memory" not in spark_conf(Settings(master="spark://spark-master:7077"))
