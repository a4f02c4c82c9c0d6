#!/usr/bin/env bash
# Apache Kafka (KRaft) and Apache Cassandra jars (and the Prometheus JMX exporter agent) for the embedded local mode, fetched from Maven Central with
# `mvn dependency:copy-dependencies` (cached in ~/.m2) into .cache/engines/<engine>/lib (gitignored).
# Re-run only when the engine's pom changed; `lakehouse engine start` reads the jars from there.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"
OUT="${LAKEHOUSE_ENGINES_DIR:-$ROOT/.cache/engines}"
command -v mvn >/dev/null || { echo "maven (mvn) is required to fetch the Kafka/Cassandra jars" >&2; exit 1; }
for engine in kafka cassandra jmx-exporter; do
  pom="scripts/engines/$engine/pom.xml"
  lib="$OUT/$engine/lib"
  stamp="$OUT/$engine/.fetched"
  if [ -f "$stamp" ] && [ ! "$pom" -nt "$stamp" ]; then
    echo "$engine: jars up to date in $lib"
    continue
  fi
  rm -rf "$lib"
  mkdir -p "$lib"
  mvn -B -q -Dstyle.color=never -f "$pom" dependency:copy-dependencies -DincludeScope=runtime -DoutputDirectory="$lib"
  touch "$stamp"
  echo "$engine: $(ls "$lib" | wc -l) jars in $lib"
done
