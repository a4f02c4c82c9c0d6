"""The Spark Thrift Server (HiveServer2 protocol over HTTP) serving Gold to Power BI and other JDBC/ODBC clients.

`python -m lakehouse_jobs.serving.thriftserver [--port 10004] [--host 127.0.0.1]` runs it in the foreground over the
same warehouse and metastore as the jobs. Embedded, the Derby metastore admits one Spark process: start this after the
pipeline has finished (the `lakehouse batch serve` command does).
"""

from __future__ import annotations

import signal
import sys
import threading
from collections.abc import Sequence
from typing import Any

from pyspark.sql import SparkSession

from lakehouse_jobs.common import contracts, entry
from lakehouse_jobs.common.settings import Settings


def _service() -> dict[str, Any]:
    return dict(contracts.services()["sparkThrift"])


def default_port() -> int:
    return int(_service()["ports"]["http"])


def http_path() -> str:
    return str(_service()["httpPath"])


def thrift_conf(port: int, host: str) -> dict[str, str]:
    """HiveServer2 settings for HTTP transport on `host:port` at the contract's path (pure)."""
    return {
        "hive.server2.transport.mode": "http",
        "hive.server2.thrift.http.port": str(port),
        "hive.server2.thrift.http.path": http_path(),
        "hive.server2.thrift.bind.host": host,
        "hive.server2.authentication": "NONE",
    }


def start(spark: SparkSession, port: int, host: str) -> Any:
    """Start the server inside this session (sharing its catalog); returns the JVM server handle (`.stop()`)."""
    for key, value in thrift_conf(port, host).items():
        spark.conf.set(key, value)
        spark.sparkContext._jsc.hadoopConfiguration().set(key, value)  # noqa: SLF001
    jvm = spark.sparkContext._jvm  # noqa: SLF001
    assert jvm is not None
    server_class = jvm.org.apache.spark.sql.hive.thriftserver.HiveThriftServer2
    return server_class.startWithContext(spark._jsparkSession.sqlContext())  # noqa: SLF001


def main(argv: Sequence[str] | None = None) -> int:
    parser = entry.parser("Serve the Gold tables over HiveServer2 HTTP (Spark Thrift Server)")
    parser.add_argument("--port", type=int, default=default_port())
    parser.add_argument("--host", default="127.0.0.1", help="bind address (0.0.0.0 inside a container)")
    args = parser.parse_args(argv)
    args.conf = [*args.conf, *(f"spark.hadoop.{k}={v}" for k, v in thrift_conf(args.port, args.host).items())]
    stopped = threading.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, lambda *_: stopped.set())

    def body(spark: SparkSession, settings: Settings) -> None:
        server = start(spark, args.port, args.host)
        print(f"thrift server listening on http://{args.host}:{args.port}/{http_path()}", flush=True)
        stopped.wait()
        server.stop()

    entry.with_session(args, "spark-thrift-server", body)
    return 0


if __name__ == "__main__":
    sys.exit(main())
