#!/usr/bin/env bash
# Entrypoint of the apache/hive stand-in, with the upstream image's settings for the metastore service:
# SERVICE_NAME=metastore, DB_DRIVER (schema type, default derby), SERVICE_OPTS (JVM options after upstream's -Xmx1G,
# so its own -Xmx wins), IS_RESUME=true skips the schema step, VERBOSE=true. Config from $HIVE_CONF_DIR
# (hive-site.xml, core-site.xml), jars from /opt/hive/lib (where the program adds its JDBC driver) and Hadoop's.
# The schema is initialized or upgraded (`schematool -initOrUpgradeSchema`), then the metastore runs in the foreground.
set -euo pipefail
: "${SERVICE_NAME:?apache/hive stand-in: SERVICE_NAME must be set (this stand-in runs: metastore)}"
if [ "$SERVICE_NAME" != metastore ]; then
  echo "apache/hive stand-in: SERVICE_NAME=$SERVICE_NAME is not supported; this stand-in runs: metastore" >&2
  exit 1
fi
DB_DRIVER="${DB_DRIVER:-derby}"
verbose=()
[ "${VERBOSE:-false}" = true ] && verbose=(-verbose)
# Hive 4 on Java 17 (DataNucleus, Thrift and Hadoop reflect into these).
opens=(--add-opens=java.base/java.lang=ALL-UNNAMED --add-opens=java.base/java.util=ALL-UNNAMED
  --add-opens=java.base/java.util.concurrent=ALL-UNNAMED --add-opens=java.base/java.util.regex=ALL-UNNAMED
  --add-opens=java.base/java.net=ALL-UNNAMED --add-opens=java.base/java.io=ALL-UNNAMED
  --add-opens=java.base/java.nio=ALL-UNNAMED --add-opens=java.base/sun.nio.ch=ALL-UNNAMED
  --add-opens=java.base/java.lang.reflect=ALL-UNNAMED --add-opens=java.sql/java.sql=ALL-UNNAMED
  --add-opens=java.base/java.time=ALL-UNNAMED)
classpath="$HIVE_CONF_DIR:$HIVE_HOME/lib/*:$(HADOOP_CLASSPATH='' hadoop classpath)"
# shellcheck disable=SC2206 # SERVICE_OPTS is a list of JVM options, as upstream
java_cmd=("$JAVA_HOME/bin/java" -Xmx1G ${SERVICE_OPTS:-} "${opens[@]}" -Dlog4j.configurationFile=metastore-log4j2.properties
  -Dhadoop.home.dir="$HADOOP_HOME" -cp "$classpath")
if [ "${IS_RESUME:-false}" != true ]; then
  "${java_cmd[@]}" org.apache.hadoop.hive.metastore.tools.schematool.MetastoreSchemaTool \
    -dbType "$DB_DRIVER" -initOrUpgradeSchema "${verbose[@]}" \
    || { echo "Schema initialization failed!" >&2; exit 1; }
  echo "Initialized schema successfully.."
fi
exec "${java_cmd[@]}" org.apache.hadoop.hive.metastore.HiveMetaStore -p "${METASTORE_PORT:-9083}"
