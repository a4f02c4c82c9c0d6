"""Idempotent Cassandra upserts from foreachBatch with the Python driver (prepared INSERTs keyed by primary key)."""

from __future__ import annotations

import decimal
from collections.abc import Iterable, Sequence
from typing import Any

from pyspark.sql import DataFrame
from pyspark.sql import functions as F  # noqa: N812 (the PySpark idiom)
from pyspark.sql.types import TimestampType

from lakehouse_jobs.streaming.options import StreamOptions

CONCURRENCY = 64


class CassandraWriter:
    """One driver session per job process; statements are prepared once per table and column list."""

    def __init__(self, options: StreamOptions, keyspace: str) -> None:
        self._options = options
        self._keyspace = keyspace
        self._session: Any = None
        self._prepared: dict[tuple[str, tuple[str, ...]], Any] = {}

    def _connect(self) -> Any:
        if self._session is None:
            from cassandra.auth import PlainTextAuthProvider
            from cassandra.cluster import EXEC_PROFILE_DEFAULT, Cluster, ExecutionProfile
            from cassandra.policies import RoundRobinPolicy

            hosts = [h.rsplit(":", 1) for h in self._options.cassandra_hosts]
            auth = None
            if self._options.cassandra_user:
                auth = PlainTextAuthProvider(self._options.cassandra_user, self._options.cassandra_password)
            profile = ExecutionProfile(load_balancing_policy=RoundRobinPolicy(), request_timeout=60)
            cluster = Cluster(
                contact_points=[h for h, _ in hosts],
                port=int(hosts[0][1]),
                auth_provider=auth,
                connect_timeout=30,
                protocol_version=5,  # Cassandra 4.0+; skips the driver's noisy version negotiation
                execution_profiles={EXEC_PROFILE_DEFAULT: profile},
            )
            self._session = cluster.connect(self._keyspace)
        return self._session

    def _statement(self, table: str, columns: tuple[str, ...]) -> Any:
        key = (table, columns)
        if key not in self._prepared:
            placeholders = ", ".join("?" for _ in columns)
            cql = f"INSERT INTO {self._keyspace}.{table} ({', '.join(columns)}) VALUES ({placeholders})"
            self._prepared[key] = self._connect().prepare(cql)
        return self._prepared[key]

    def upsert(self, table: str, df: DataFrame) -> int:
        """Upsert every row of `df` (columns named as in the table); returns the number of rows written."""
        from cassandra.concurrent import execute_concurrent_with_args

        columns = tuple(df.columns)
        statement = self._statement(table, columns)
        written = 0
        for chunk in _chunks((_cql_values(row) for row in _epoch_millis(df).toLocalIterator()), 2000):
            results = execute_concurrent_with_args(self._connect(), statement, chunk, concurrency=CONCURRENCY)
            failures = [r.result_or_exc for r in results if not r.success]
            if failures:
                raise RuntimeError(f"{len(failures)} writes to {table} failed, first: {failures[0]!r}")
            written += len(chunk)
        return written

    def close(self) -> None:
        if self._session is not None:
            self._session.cluster.shutdown()
            self._session = None


def _epoch_millis(df: DataFrame) -> DataFrame:
    """Timestamps as epoch milliseconds, which the driver takes as-is: PySpark would turn them into naive datetimes in
    the Python process's local zone, and Cassandra timestamps have millisecond precision anyway."""
    return df.select(
        *[F.unix_millis(f.name).alias(f.name) if isinstance(f.dataType, TimestampType) else F.col(f.name)
          for f in df.schema.fields]
    )  # fmt: skip


def _cql_values(row: Any) -> tuple[Any, ...]:
    return tuple(float(v) if isinstance(v, decimal.Decimal) else v for v in row)


def _chunks(items: Iterable[tuple[Any, ...]], size: int) -> Iterable[Sequence[tuple[Any, ...]]]:
    chunk: list[tuple[Any, ...]] = []
    for item in items:
        chunk.append(item)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk
