"""Idempotent Cassandra upserts from foreachBatch with the Python driver (prepared INSERTs keyed by primary key),
written by the executors in parallel, rows of one partition together in single-partition UNLOGGED batches."""

from __future__ import annotations

import decimal
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from pyspark.sql import DataFrame
from pyspark.sql import functions as F  # noqa: N812 (the PySpark idiom)
from pyspark.sql.types import TimestampType

from lakehouse_jobs.streaming.options import StreamOptions

CONCURRENCY = 64
# Rows of one partition are sent as one single-partition UNLOGGED batch: one request instead of one per row (the Python
# driver's per-request cost dominated the streaming jobs), applied atomically within the partition, and cheap for the
# server (no batchlog). The caps keep each batch under Cassandra's default batch_size_warn_threshold (5 KiB), so the
# write path never floods the server log with warnings, let alone reach batch_size_fail_threshold (50 KiB).
MAX_BATCH_ROWS = 100
MAX_BATCH_BYTES = 4 * 1024


@dataclass(frozen=True)
class _Target:
    """Where to write: picklable, so executors can connect themselves. The password never appears in its repr."""

    hosts: tuple[str, ...]
    port: int
    keyspace: str
    user: str | None = None
    password: str | None = field(default=None, repr=False)


@dataclass(frozen=True)
class Keys:
    """Positions, in the written columns, of a table's partition key and of its whole primary key."""

    partition: tuple[int, ...]
    primary: tuple[int, ...]


# One driver session per Python process and target: the job's driver process, and each Spark Python worker (workers
# are reused across tasks, so a session is opened once per worker, not per batch).
_SESSIONS: dict[_Target, Any] = {}
_PREPARED: dict[tuple[_Target, str, tuple[str, ...]], Any] = {}
_KEYS: dict[tuple[_Target, str, tuple[str, ...]], Keys] = {}


def _session(target: _Target) -> Any:
    if target not in _SESSIONS:
        from cassandra.auth import PlainTextAuthProvider
        from cassandra.cluster import EXEC_PROFILE_DEFAULT, Cluster, ExecutionProfile
        from cassandra.policies import RoundRobinPolicy

        auth = PlainTextAuthProvider(target.user, target.password) if target.user else None
        profile = ExecutionProfile(load_balancing_policy=RoundRobinPolicy(), request_timeout=60)
        cluster = Cluster(
            contact_points=list(target.hosts),
            port=target.port,
            auth_provider=auth,
            connect_timeout=30,
            protocol_version=5,  # Cassandra 4.0+; skips the driver's noisy version negotiation
            execution_profiles={EXEC_PROFILE_DEFAULT: profile},
        )
        _SESSIONS[target] = cluster.connect(target.keyspace)
    return _SESSIONS[target]


def _statement(target: _Target, table: str, columns: tuple[str, ...]) -> Any:
    key = (target, table, columns)
    if key not in _PREPARED:
        placeholders = ", ".join("?" for _ in columns)
        cql = f"INSERT INTO {target.keyspace}.{table} ({', '.join(columns)}) VALUES ({placeholders})"
        _PREPARED[key] = _session(target).prepare(cql)
    return _PREPARED[key]


def _keys(target: _Target, table: str, columns: tuple[str, ...]) -> Keys:
    key = (target, table, columns)
    if key not in _KEYS:
        meta = _session(target).cluster.metadata.keyspaces[target.keyspace].tables[table]
        position = {c: i for i, c in enumerate(columns)}
        missing = [c.name for c in meta.primary_key if c.name not in position]
        if missing:
            raise ValueError(f"rows written to {target.keyspace}.{table} lack its primary key column(s) {missing}")
        _KEYS[key] = Keys(tuple(position[c.name] for c in meta.partition_key),
                          tuple(position[c.name] for c in meta.primary_key))  # fmt: skip
    return _KEYS[key]


def estimated_bytes(row: tuple[Any, ...]) -> int:
    """Rough size of a row in a batch as Cassandra measures it (cell values plus an 8-byte timestamp per cell)."""
    return sum(8 + (len(v) if isinstance(v, (str, bytes)) else 8) for v in row if v is not None)


def plan_requests(rows: Iterable[tuple[Any, ...]], keys: Keys, max_rows: int = MAX_BATCH_ROWS,
                  max_bytes: int = MAX_BATCH_BYTES) -> list[list[tuple[Any, ...]]]:  # fmt: skip
    """The rows to send, one list per request: the last row per primary key (what upserting them one after the other
    leaves), grouped by partition in order of first appearance, each group split to at most `max_rows` rows and about
    `max_bytes` bytes (a single row larger than that is sent alone)."""
    latest: dict[tuple[Any, ...], tuple[Any, ...]] = {}
    for row in rows:
        latest[tuple(row[i] for i in keys.primary)] = row
    partitions: dict[tuple[Any, ...], list[tuple[Any, ...]]] = {}
    for row in latest.values():
        partitions.setdefault(tuple(row[i] for i in keys.partition), []).append(row)
    requests: list[list[tuple[Any, ...]]] = []
    for partition_rows in partitions.values():
        group: list[tuple[Any, ...]] = []
        size = 0
        for row in partition_rows:
            row_size = estimated_bytes(row)
            if group and (len(group) == max_rows or size + row_size > max_bytes):
                requests.append(group)
                group, size = [], 0
            group.append(row)
            size += row_size
        requests.append(group)
    return requests


def _request(statement: Any, group: list[tuple[Any, ...]]) -> tuple[Any, Any]:
    from cassandra.query import BatchStatement, BatchType

    if len(group) == 1:
        return statement, group[0]
    batch = BatchStatement(batch_type=BatchType.UNLOGGED)
    for row in group:
        batch.add(statement, row)
    return batch, None


def write_rows(target: _Target, table: str, columns: tuple[str, ...], rows: Iterable[Any]) -> int:
    """Upsert `rows` (tuples or Rows in `columns` order) with bounded concurrency; returns how many rows it was given
    and raises naming the first failure."""
    from cassandra.concurrent import execute_concurrent

    session, statement, keys = _session(target), _statement(target, table, columns), _keys(target, table, columns)
    written = 0
    for chunk in _chunks(map(_cql_values, rows), 2000):
        requests = [_request(statement, group) for group in plan_requests(chunk, keys)]
        results = execute_concurrent(session, requests, concurrency=CONCURRENCY, raise_on_first_error=False)
        failures = [r.result_or_exc for r in results if not r.success]
        if failures:
            raise RuntimeError(f"{len(failures)} writes to {table} failed, first: {failures[0]!r}")
        written += len(chunk)
    return written


class CassandraWriter:
    """Upserts DataFrames into Cassandra tables. The rows are written by the executors, each Spark Python worker
    with its own session, so the writes run in parallel and never pass through the driver."""

    def __init__(self, options: StreamOptions, keyspace: str) -> None:
        hosts = [h.rsplit(":", 1) for h in options.cassandra_hosts]
        self._target = _Target(
            hosts=tuple(h for h, _ in hosts),
            port=int(hosts[0][1]),
            keyspace=keyspace,
            user=options.cassandra_user or None,
            password=options.cassandra_password if options.cassandra_user else None,
        )

    def upsert(self, table: str, df: DataFrame) -> int:
        """Upsert every row of `df` (columns named as in the table); returns the number of rows written."""
        target, columns = self._target, tuple(df.columns)
        _statement(target, table, columns)  # fail here, on the driver, for a wrong table or column
        _keys(target, table, columns)
        rows = _epoch_millis(df)
        parallelism = rows.sparkSession.sparkContext.defaultParallelism
        if rows.rdd.getNumPartitions() > parallelism:
            rows = rows.coalesce(parallelism)  # aggregates arrive in shuffle partitions, mostly empty
        counts = rows.rdd.mapPartitions(lambda part: [write_rows(target, table, columns, part)]).collect()
        return sum(counts)

    def close(self) -> None:
        """Shut down the sessions this process opened (executors' sessions end with their workers)."""
        close_sessions()


def close_sessions() -> None:
    """Shut down every session this Python process opened, and forget what was prepared on them."""
    for session in _SESSIONS.values():
        session.cluster.shutdown()
    _SESSIONS.clear()
    _PREPARED.clear()
    _KEYS.clear()


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
