"""cql/lakehouse.cql, contracts/cassandra.json and the rows the jobs write agree on every table and column."""

from __future__ import annotations

import re

import pytest
from pyspark.sql import SparkSession

from lakehouse_jobs.common import contracts
from lakehouse_jobs.common.logparse import parse_accesslog, parse_clickstream
from lakehouse_jobs.streaming import accesslog, clickstream
from lakehouse_jobs.streaming import accesslog_transform as at
from lakehouse_jobs.streaming import clickstream_transform as ct
from tests.streaming.builders import access_line, click_line, raw
from tests.streaming.engines import CQL, cql_statements

_TABLE = re.compile(r"CREATE TABLE IF NOT EXISTS (\w+)\.(\w+) \((.*)\)", re.S)


def cql_tables() -> dict[str, list[str]]:
    """table -> columns, from the CQL file; also checks every table lives in the contract's keyspace."""
    tables = {}
    for statement in cql_statements(CQL.read_text(encoding="utf-8")):
        match = _TABLE.search(statement)
        if match:
            assert match.group(1) == contracts.cassandra()["keyspace"]
            body = [line.strip() for line in match.group(3).splitlines() if line.strip()]
            columns = [line for line in body if line.endswith(",") and not line.startswith("PRIMARY KEY")]
            tables[match.group(2)] = [line.split()[0] for line in columns]
    return tables


def test_the_cql_creates_exactly_the_contract_tables_in_the_contract_keyspace() -> None:
    assert sorted(cql_tables()) == sorted(contracts.cassandra()["tables"].values())
    assert f"CREATE KEYSPACE IF NOT EXISTS {contracts.cassandra()['keyspace']}" in CQL.read_text(encoding="utf-8")


@pytest.mark.parametrize("job", [clickstream, accesslog])
def test_event_rows_match_their_table(job: object) -> None:
    spec_columns = job.EVENT_TABLE_COLUMNS  # type: ignore[attr-defined]
    table = {"clickstream": "clickEventsBySession", "accesslog": "accessRequestsByHour"}[job.NAME]  # type: ignore[attr-defined]
    assert sorted(spec_columns) == sorted(cql_tables()[contracts.cassandra()["tables"][table]])


def test_aggregate_rows_match_their_tables(spark: SparkSession) -> None:
    tables, cql = contracts.cassandra()["tables"], cql_tables()
    clicks = ct.minute_aggregates(ct.enrich(parse_clickstream(raw(spark, [click_line("2017-03-12 14:05:33")])), None))
    access = at.minute_aggregates(at.enrich(parse_accesslog(raw(spark, [access_line("01/Jul/2017:00:00:01 +0000")]))))
    produced = {
        tables["clickMetricsByMinute"]: ct.metrics_rows(clicks).columns,
        tables["clickConversionByMinute"]: ct.conversion_rows(clicks).columns,
        tables["accessMetricsByMinute"]: at.site_rows(access).columns,
        tables["accessMetricsByEndpointMinute"]: at.endpoint_rows(access).columns,
    }
    for table, columns in produced.items():
        assert sorted(columns) == sorted(cql[table]), table
