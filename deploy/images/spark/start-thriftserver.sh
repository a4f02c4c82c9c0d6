#!/usr/bin/env bash
# Spark's sbin/start-thriftserver.sh, which the pyspark package leaves out: HiveThriftServer2 through spark-daemon.sh
# (in the foreground when SPARK_NO_DAEMONIZE is set), with spark-submit options and --hiveconf settings passed on.
set -euo pipefail
export SPARK_HOME="${SPARK_HOME:-$(cd "$(dirname "$0")/.." && pwd)}"
exec "$SPARK_HOME/sbin/spark-daemon.sh" submit org.apache.spark.sql.hive.thriftserver.HiveThriftServer2 1 \
  --name "Thrift JDBC/ODBC Server" "$@"
