"""Reading a source table over JDBC: query planning (pure) and the read itself.

Incremental reads are bounded on both sides by the `updated_at` watermark: (low, high], where `high` is the database's
`now()` taken once before the read. Every parallel partition query uses the same bounds, so a row updated while the
read runs is either inside the bounds (read once, in its hash partition) or after `high` (read by the next run).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from pyspark.sql import DataFrame, SparkSession

from lakehouse_jobs.common.schemas import TableSpec, watermark_column

# The PostgreSQL JDBC driver; scripts/setup.d/30-spark-jars.sh pre-fetches it into ~/.m2 so Ivy resolves it offline.
POSTGRES_JDBC_PACKAGE = "org.postgresql:postgresql:42.7.8"
ROWS_PER_PARTITION = 250_000
MAX_PARTITIONS = 8
FETCH_SIZE = 10_000


@dataclass(frozen=True)
class JdbcSource:
    """Connection to one source database. The password is handed in by the entry point, never logged."""

    url: str
    user: str
    password: str

    def properties(self) -> dict[str, str]:
        return {"user": self.user, "password": self.password, "driver": "org.postgresql.Driver"}

    def __repr__(self) -> str:
        return f"JdbcSource(url={self.url!r}, user={self.user!r}, password=***)"


def with_driver(conf: list[str]) -> list[str]:
    """`--conf` entries plus the PostgreSQL driver package, unless the deployment already provides jars."""
    if any(c.startswith(("spark.jars=", "spark.jars.packages=")) for c in conf):
        return conf
    return [*conf, f"spark.jars.packages={POSTGRES_JDBC_PACKAGE}"]


def _quote(identifier: str) -> str:
    return '"' + identifier.replace('"', '""') + '"'


def _timestamp_literal(value: str) -> str:
    """A UTC ISO timestamp literal; values come from our own state or the database clock, never from users."""
    if any(ch not in "0123456789-:.T " for ch in value):
        raise ValueError(f"malformed watermark value {value!r}")
    return f"TIMESTAMPTZ '{value}+00'"


def bounds_condition(low: str | None, high: str) -> str:
    """SQL condition selecting rows with low < updated_at <= high (no lower bound for a full read)."""
    column = _quote(watermark_column())
    upper = f"{column} <= {_timestamp_literal(high)}"
    return upper if low is None else f"{column} > {_timestamp_literal(low)} AND {upper}"


def select_query(spec: TableSpec, low: str | None, high: str) -> str:
    """The bounded SELECT of the contract columns plus the watermark, as a JDBC `dbtable` subquery."""
    columns = ", ".join(_quote(c) for c in [*spec.column_names, watermark_column()])
    return f"(SELECT {columns} FROM {_quote(spec.name)} WHERE {bounds_condition(low, high)}) AS src"


def probe_query(spec: TableSpec, low: str | None) -> str:
    """One statement giving the database clock (the upper bound) and how many rows the bounded read will return."""
    now_text = "to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US')"
    column = _quote(watermark_column())
    lower = "TRUE" if low is None else f"{column} > {_timestamp_literal(low)}"
    return (
        f"(SELECT {now_text} AS high, count(*) AS n FROM {_quote(spec.name)} "
        f"WHERE {lower} AND {column} <= now()) AS probe"
    )


def partition_count(rows: int) -> int:
    return max(1, min(MAX_PARTITIONS, math.ceil(rows / ROWS_PER_PARTITION)))


def partition_predicates(spec: TableSpec, partitions: int) -> list[str]:
    """Hash predicates splitting the rows of a table by its first key column (every row in exactly one)."""
    if partitions <= 1:
        return ["TRUE"]
    column = _quote(spec.dedup_key[0])
    # hashtext is int4; shifting to non-negative avoids abs() overflowing on INT_MIN.
    return [f"mod(hashtext({column}::text)::bigint + 2147483648, {partitions}) = {i}" for i in range(partitions)]


def probe(spark: SparkSession, source: JdbcSource, spec: TableSpec, low: str | None) -> tuple[str, int]:
    row = spark.read.jdbc(source.url, probe_query(spec, low), properties=source.properties()).first()
    assert row is not None
    return str(row["high"]), int(row["n"])


def read(spark: SparkSession, source: JdbcSource, spec: TableSpec, low: str | None, high: str, rows: int) -> DataFrame:
    props = {**source.properties(), "fetchsize": str(FETCH_SIZE)}
    predicates = partition_predicates(spec, partition_count(rows))
    return spark.read.jdbc(source.url, select_query(spec, low, high), predicates=predicates, properties=props)
