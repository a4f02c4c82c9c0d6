"""Engines for the streaming engine tests (`test_engines_*.py`), which run only when LAKEHOUSE_ENGINE_TESTS=1
(scripts/tests.d/45-streaming-jobs.sh sets it): one Cassandra per session, one Kafka per test."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from pyspark.sql import SparkSession

from lakehouse_jobs.streaming.packages import cassandra_sink_jars, kafka_jars
from tests.streaming import engines

ENABLED = os.environ.get("LAKEHOUSE_ENGINE_TESTS") == "1"


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    skip = pytest.mark.skip(reason="engine test: set LAKEHOUSE_ENGINE_TESTS=1 (scripts/tests.d/45-streaming-jobs.sh)")
    for item in items:
        if not ENABLED and "test_engines_" in item.nodeid:
            item.add_marker(skip)


@pytest.fixture(scope="session")
def kafka_spark() -> Iterator[SparkSession]:
    """A local session that can read Kafka (to check topics) and Parquet (to check Silver), with the Cassandra sink."""
    os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
    session = (
        SparkSession.builder.master("local[1]").appName("streaming-engine-tests")
        .config("spark.jars", ",".join([*kafka_jars(), *cassandra_sink_jars()])).config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "1").config("spark.sql.session.timeZone", "UTC")
        .config("spark.driver.memory", "512m").getOrCreate()
    )  # fmt: skip
    session.sparkContext.setLogLevel("ERROR")
    yield session
    session.stop()


@pytest.fixture(scope="session")
def cassandra(tmp_path_factory: pytest.TempPathFactory) -> Iterator[engines.Engine]:
    engine = engines.start("cassandra", tmp_path_factory.mktemp("cassandra"), "768m")
    try:
        yield engine
    finally:
        engines.stop(engine)


@pytest.fixture(scope="session")
def cql(cassandra: engines.Engine) -> Iterator[Any]:
    session = engines.cassandra_session(cassandra)
    engines.apply_schema(session)
    yield session
    session.cluster.shutdown()


@pytest.fixture
def clean_cassandra(cql: Any) -> Any:
    engines.truncate_all(cql)
    return cql


@pytest.fixture
def new_kafka(tmp_path: Path) -> Iterator[Callable[[], engines.Engine]]:
    """Factory of fresh single-node Kafka brokers with the contract's topics; all are stopped after the test."""
    started: list[engines.Engine] = []

    def make() -> engines.Engine:
        engine = engines.start("kafka", tmp_path / f"kafka-{len(started)}", "512m")
        started.append(engine)
        engines.create_topics(engine)
        return engine

    yield make
    for engine in started:
        engines.stop(engine)
