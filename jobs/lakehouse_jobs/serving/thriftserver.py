"""The Spark Thrift Server (HiveServer2 protocol over HTTP) serving Gold to Power BI and other JDBC/ODBC clients.

`python -m lakehouse_jobs.serving.thriftserver [--port 10004] [--host 127.0.0.1]` runs it in the foreground over the
same warehouse and metastore as the jobs. Embedded, the Derby metastore admits one Spark process: start this after the
pipeline has finished (the `lakehouse batch serve` command does).
"""

from __future__ import annotations

import signal
import socket
import sys
import threading
import time
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


def session_conf(port: int, host: str) -> dict[str, str]:
    """The same settings as Spark configuration: they must be in place when the session is built, because the
    server reads them from the session's Hive client, which is created (and its configuration frozen) on first use."""
    return {f"spark.hadoop.{k}": v for k, v in thrift_conf(port, host).items()}


def start(spark: SparkSession, port: int, host: str) -> Any:
    """Start the server inside this session (built with `session_conf(port, host)`), sharing its catalog; returns
    the JVM server handle (`.stop()`) once the endpoint accepts connections."""
    jvm = spark.sparkContext._jvm  # noqa: SLF001
    assert jvm is not None
    server_class = jvm.org.apache.spark.sql.hive.thriftserver.HiveThriftServer2
    server = server_class.startWithContext(spark._jsparkSession.sqlContext())  # noqa: SLF001
    wait_until_listening(host, port)
    return server


def wait_until_listening(host: str, port: int, timeout_s: float = 120.0) -> None:
    """The HTTP endpoint starts on a background thread; return once it accepts connections."""
    deadline = time.monotonic() + timeout_s
    while True:
        try:
            with socket.create_connection((host, port), timeout=2):
                return
        except OSError as err:
            if time.monotonic() > deadline:
                raise TimeoutError(f"thrift server did not listen on {host}:{port} within {timeout_s:.0f}s") from err
            time.sleep(0.5)


def main(argv: Sequence[str] | None = None) -> int:
    parser = entry.parser("Serve the Gold tables over HiveServer2 HTTP (Spark Thrift Server)")
    parser.add_argument("--port", type=int, default=default_port())
    parser.add_argument("--host", default="127.0.0.1", help="bind address (0.0.0.0 inside a container)")
    args = parser.parse_args(argv)
    args.conf = [*args.conf, *(f"{k}={v}" for k, v in session_conf(args.port, args.host).items())]
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
