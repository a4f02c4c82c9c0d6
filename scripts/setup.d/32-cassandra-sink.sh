#!/usr/bin/env bash
# Builds the streaming jobs' Cassandra sink (components/batch/files/spark/cassandra-sink, Java + the Apache Cassandra Java driver from Maven
# Central) into .cache/cassandra-sink/jars: the sink's jar and the driver's runtime jars that Spark does not ship.
# lakehouse_jobs.streaming.packages puts them on the local Spark classpath. Cached by a hash of the module's sources:
# an unchanged module is not rebuilt.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"
MODULE=components/batch/files/spark/cassandra-sink
OUT="$ROOT/.cache/cassandra-sink"
command -v mvn >/dev/null || { echo "maven (mvn) is required to build $MODULE" >&2; exit 1; }
hash="$(find "$MODULE/pom.xml" "$MODULE/src" -type f -print0 | sort -z | xargs -0 sha256sum | sha256sum | cut -c1-16)"
if [ -f "$OUT/jars/.source-$hash" ]; then
  echo "cassandra sink: up to date in $OUT/jars"
  exit 0
fi
rm -rf "$OUT"
nice -n 10 mvn -B -q -Dstyle.color=never -f "$MODULE/pom.xml" -Dsink.build.dir="$OUT/build" package
mv "$OUT/build/jars" "$OUT/jars"
rm -rf "$OUT/build"
touch "$OUT/jars/.source-$hash"
echo "cassandra sink: $(ls "$OUT/jars" | wc -l) jars in $OUT/jars"
