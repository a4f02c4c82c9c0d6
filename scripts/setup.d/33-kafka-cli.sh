#!/usr/bin/env bash
# Kafka's command-line tools (TopicCommand lives in kafka-tools, which the broker's runtime classpath lacks) for the
# engine test of the deployment's topic script (tests/pulumi/streaming-topics.engine.test.ts). Same Kafka version as
# the local engine; fetched from Maven Central into .cache/engines/kafka-cli/lib (gitignored), cached in ~/.m2.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"
OUT="${LAKEHOUSE_ENGINES_DIR:-$ROOT/.cache/engines}/kafka-cli/lib"
VERSION="$(sed -n 's:.*<kafka.version>\(.*\)</kafka.version>.*:\1:p' scripts/engines/kafka/pom.xml)"
[ -n "$VERSION" ] || { echo "cannot read kafka.version from scripts/engines/kafka/pom.xml" >&2; exit 1; }
JAR="$OUT/kafka-tools-$VERSION.jar"
if [ -f "$JAR" ]; then
  echo "kafka-cli: $JAR present"
  exit 0
fi
command -v mvn >/dev/null || { echo "maven (mvn) is required to fetch kafka-tools" >&2; exit 1; }
rm -rf "$OUT"
mkdir -p "$OUT"
mvn -B -q -Dstyle.color=never dependency:copy -Dartifact="org.apache.kafka:kafka-tools:$VERSION" -DoutputDirectory="$OUT"
echo "kafka-cli: fetched $JAR"
