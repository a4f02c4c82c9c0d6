#!/usr/bin/env bash
# `hadoop` and `hdfs` of the apache/hadoop stand-in: the subcommands the lakehouse program runs (namenode, datanode,
# dfs, dfsadmin) and a few tools, each mapped to its Hadoop main class, with Hadoop's own environment variables
# (HADOOP_HEAPSIZE_MAX, HADOOP_OPTS, HDFS_<ROLE>_OPTS, HADOOP_CONF_DIR, HADOOP_CLASSPATH).
set -euo pipefail
HADOOP_HOME="${HADOOP_HOME:-/opt/hadoop}"
HADOOP_CONF_DIR="${HADOOP_CONF_DIR:-$HADOOP_HOME/etc/hadoop}"
tool="$(basename "$0")"
cmd="${1:-}"
[ $# -gt 0 ] && shift
supported="namenode datanode secondarynamenode dfs dfsadmin fsck getconf version classpath (hdfs); fs version classpath jar (hadoop)"
role_opts=""
case "$tool:$cmd" in
  hdfs:namenode) class=org.apache.hadoop.hdfs.server.namenode.NameNode; role_opts="${HDFS_NAMENODE_OPTS:-}" ;;
  hdfs:datanode) class=org.apache.hadoop.hdfs.server.datanode.DataNode; role_opts="${HDFS_DATANODE_OPTS:-}" ;;
  hdfs:secondarynamenode) class=org.apache.hadoop.hdfs.server.namenode.SecondaryNameNode; role_opts="${HDFS_SECONDARYNAMENODE_OPTS:-}" ;;
  hdfs:dfs | hadoop:fs) class=org.apache.hadoop.fs.FsShell ;;
  hdfs:dfsadmin) class=org.apache.hadoop.hdfs.tools.DFSAdmin ;;
  hdfs:fsck) class=org.apache.hadoop.hdfs.tools.DFSck ;;
  hdfs:getconf) class=org.apache.hadoop.hdfs.tools.GetConf ;;
  *:version) class=org.apache.hadoop.util.VersionInfo ;;
  *:classpath) cp="$HADOOP_CONF_DIR:$HADOOP_HOME/share/hadoop/hdfs:$HADOOP_HOME/share/hadoop/lib/*"; echo "${HADOOP_CLASSPATH:+$HADOOP_CLASSPATH:}$cp"; exit 0 ;;
  hadoop:jar) jar="${1:?hadoop jar: missing jar}"; class="${2:?hadoop jar: missing main class}"; shift 2; HADOOP_CLASSPATH="$jar${HADOOP_CLASSPATH:+:$HADOOP_CLASSPATH}" ;;
  *) echo "$tool (lakehouse stand-in of apache/hadoop): unknown command '$cmd'; supported: $supported" >&2; exit 1 ;;
esac
heap=()
if [ -n "${HADOOP_HEAPSIZE_MAX:-}" ]; then
  # Hadoop reads a bare number as MB.
  if [[ "$HADOOP_HEAPSIZE_MAX" =~ ^[0-9]+$ ]]; then heap=("-Xmx${HADOOP_HEAPSIZE_MAX}m"); else heap=("-Xmx${HADOOP_HEAPSIZE_MAX}"); fi
fi
# Hadoop 3.4 on Java 17 needs these packages opened (the upstream scripts do the same on Java 17).
opens=(--add-opens=java.base/java.lang=ALL-UNNAMED --add-opens=java.base/java.util=ALL-UNNAMED
  --add-opens=java.base/java.util.concurrent=ALL-UNNAMED --add-opens=java.base/java.net=ALL-UNNAMED
  --add-opens=java.base/java.io=ALL-UNNAMED --add-opens=java.base/java.nio=ALL-UNNAMED --add-opens=java.base/sun.nio.ch=ALL-UNNAMED
  --add-opens=java.base/java.lang.reflect=ALL-UNNAMED --add-opens=java.base/sun.security.util=ALL-UNNAMED)
classpath="${HADOOP_CLASSPATH:+$HADOOP_CLASSPATH:}$HADOOP_CONF_DIR:$HADOOP_HOME/share/hadoop/hdfs:$HADOOP_HOME/share/hadoop/lib/*"
# shellcheck disable=SC2086 # HADOOP_OPTS and the role options are word lists, as in Hadoop's own scripts
exec "${JAVA_HOME:-/usr}/bin/java" "${heap[@]}" "${opens[@]}" \
  -Dhadoop.home.dir="$HADOOP_HOME" -Dhadoop.log.dir="${HADOOP_LOG_DIR:-$HADOOP_HOME/logs}" \
  -Dhadoop.root.logger="${HADOOP_ROOT_LOGGER:-INFO,console}" -Djava.net.preferIPv4Stack=true \
  ${HADOOP_OPTS:-} ${HADOOP_CLIENT_OPTS:-} $role_opts -cp "$classpath" "$class" "$@"
