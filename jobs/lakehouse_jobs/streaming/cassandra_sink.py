"""Idempotent Cassandra upserts from foreachBatch through the JVM sink (components/batch/files/spark/cassandra-sink):
the DataFrame is handed over by its JVM side, so rows never pass through Python. Each Spark task upserts its partition
with its executor's Apache Cassandra Java driver session (opened once per JVM): prepared INSERTs keyed by primary key,
rows of one partition together in single-partition UNLOGGED batches (at most 100 rows and about 4 KiB, under the
server's 5 KiB batch warning, the last row per primary key winning as sequential upserts would), sent asynchronously
and token-aware with a bounded number of requests in flight. A failed write fails the task and so the micro-batch."""

from __future__ import annotations

from typing import Any

from pyspark.sql import DataFrame

from lakehouse_jobs.streaming.options import StreamOptions

SINK_CLASS = "lakehouse.cassandra.CassandraSink"
MAX_IN_FLIGHT = 64
"""Requests in flight per Spark task."""


def _sink(df: DataFrame) -> Any:
    """The JVM sink class, or a clear error when its jar is not on the Spark classpath."""
    from py4j.java_gateway import JavaClass

    jvm = df.sparkSession.sparkContext._jvm
    assert jvm is not None
    sink = jvm
    for part in SINK_CLASS.split("."):
        sink = getattr(sink, part)
    if not isinstance(sink, JavaClass):
        raise RuntimeError(
            f"{SINK_CLASS} is not on the Spark classpath: locally run scripts/setup.d/32-cassandra-sink.sh (the jobs "
            "add .cache/cassandra-sink/jars to spark.jars); deployed, the lakehouse Spark image bakes it into "
            "/opt/spark/jars"
        )
    return sink


class CassandraWriter:
    """Upserts DataFrames into the Cassandra tables of one keyspace."""

    def __init__(self, options: StreamOptions, keyspace: str, max_in_flight: int = MAX_IN_FLIGHT) -> None:
        self._contact_points = ",".join(options.cassandra_hosts)
        self._keyspace = keyspace
        self._user = options.cassandra_user or ""
        self._password = (options.cassandra_password or "") if options.cassandra_user else ""
        self._max_in_flight = max_in_flight
        self._sink: Any = None

    def __repr__(self) -> str:  # the password stays out of logs and tracebacks
        return f"CassandraWriter({self._contact_points}/{self._keyspace})"

    def upsert(self, table: str, df: DataFrame) -> int:
        """Upsert every row of `df` (columns named as in the table); returns the number of rows written."""
        self._sink = _sink(df)
        # Aggregates arrive in shuffle partitions, mostly empty: no more tasks than cores (coalesce never shuffles).
        rows = df.coalesce(df.sparkSession.sparkContext.defaultParallelism)
        written = self._sink.upsert(rows._jdf, self._contact_points, self._keyspace, table, self._user,
                                    self._password, self._max_in_flight)  # fmt: skip
        return int(written)

    def close(self) -> None:
        """Close the sessions this JVM opened (executors' sessions end with their JVMs)."""
        if self._sink is not None:
            self._sink.close()
