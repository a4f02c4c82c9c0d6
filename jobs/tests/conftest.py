"""One local SparkSession for the whole test session (local[2], 2 shuffle partitions, UI off, Derby in a temp dir)."""

from __future__ import annotations

import os
import socket
from collections.abc import Iterator
from pathlib import Path

import pytest
from pyspark.sql import SparkSession

from lakehouse_jobs.bronze.jdbc import POSTGRES_JDBC_PACKAGE
from lakehouse_jobs.common import layout
from lakehouse_jobs.common.session import build_session
from lakehouse_jobs.common.settings import Settings
from lakehouse_jobs.serving import thriftserver

os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="session")
def thrift_port() -> int:
    """The port of the Thrift Server a test may start in the session (its settings must exist at session start)."""
    return _free_port()


@pytest.fixture(scope="session")
def spark(tmp_path_factory: pytest.TempPathFactory, thrift_port: int) -> Iterator[SparkSession]:
    root = tmp_path_factory.mktemp("spark-session")
    settings = Settings(
        master="local[2]",
        warehouse_root=str(root),
        shuffle_partitions=2,
        extra_conf={
            "spark.ui.enabled": "false",
            "spark.driver.memory": "1g",
            "spark.jars.packages": POSTGRES_JDBC_PACKAGE,
            "spark.driver.extraJavaOptions": f"-Dderby.system.home={root}",
            **thriftserver.session_conf(thrift_port, "127.0.0.1"),
        },
    )
    session = build_session(settings, "lakehouse-jobs-tests")
    yield session
    session.stop()


@pytest.fixture
def settings(tmp_path: Path, spark: SparkSession) -> Settings:
    """A fresh warehouse root and empty silver/gold databases (the metastore is shared by the session)."""
    for db in (layout.silver_db(), layout.gold_db()):
        spark.sql(f"DROP DATABASE IF EXISTS {db} CASCADE")
    return Settings(master="local[2]", warehouse_root=str(tmp_path / "warehouse"), shuffle_partitions=2)
