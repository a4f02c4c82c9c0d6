"""Gold read through the Spark Thrift Server over HTTP with a real HiveServer2 client (beeline, JDBC over HTTP)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pyspark

from lakehouse_jobs.common import layout
from lakehouse_jobs.common.tables import publish
from lakehouse_jobs.serving import thriftserver


def test_gold_is_readable_over_hiveserver2_http(spark, settings, thrift_port):
    df = spark.createDataFrame([(1, "a"), (2, "b"), (3, "c")], "id int, name string")
    publish(spark, df, layout.gold_db(), "thrift_probe", settings.path("gold", "thrift_probe"), "2026-01-01")
    port = thrift_port
    server = thriftserver.start(spark, port, "127.0.0.1")
    try:
        url = f"jdbc:hive2://127.0.0.1:{port}/{layout.gold_db()};transportMode=http;httpPath={thriftserver.http_path()}"
        beeline = Path(sys.executable).parent / "beeline"
        out = subprocess.run(
            [
                str(beeline),
                "-u",
                url,
                "-n",
                "tester",
                "--outputformat=csv2",
                "--silent=true",
                "-e",
                "SELECT count(*) AS n, max(name) AS m FROM thrift_probe",
            ],
            capture_output=True,
            text=True,
            timeout=180,
            env={**os.environ, "SPARK_HOME": str(Path(pyspark.__file__).parent)},
        )
        assert out.returncode == 0, out.stderr[-2000:]
        header, row = out.stdout.strip().splitlines()[-2:]
        assert header.endswith("n,m") and row == "3,c"
    finally:
        server.stop()
