#!/usr/bin/env bash
# Fetches the NiFi artifacts that tests/nifi checks the flow definitions against (class names, relationship and
# property names read from the real classes), for the NiFi version pinned in cli/nifi/nar-manifest.json.
# Required: the standard processors (and the listing base classes they inherit from). Optional: the NARs
# themselves and the Kafka/Hadoop/UpdateAttribute jars, which prove more where a Maven mirror serves them;
# the validator uses whatever is present in the local repository. Idempotent: present artifacts are not fetched again.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
VERSION="$(node -p "require('$ROOT/cli/nifi/nar-manifest.json').nifiVersion")"
REPO="${MAVEN_REPO_LOCAL:-$HOME/.m2/repository}"

fetch() { # artifact packaging -> 0 when present afterwards
  local artifact="$1" ext="$2"
  local file="$REPO/org/apache/nifi/$artifact/$VERSION/$artifact-$VERSION.$ext"
  [ -f "$file" ] && return 0
  mvn -q -B dependency:get -Dartifact="org.apache.nifi:$artifact:$VERSION:$ext" -Dtransitive=false \
    -Dmaven.repo.local="$REPO" >/dev/null 2>&1 || true
  [ -f "$file" ]
}

for artifact in nifi-standard-processors nifi-listed-entity; do
  if ! fetch "$artifact" jar; then
    echo "25-nifi-nars: could not fetch org.apache.nifi:$artifact:$VERSION from Maven Central" >&2
    exit 1
  fi
done

# The optional ones only on request (NIFI_FETCH_OPTIONAL=1): the Maven mirror of this workplace does not serve them
# for 2.6.0 and each miss costs ~15 s of Maven start-up; once probed, a version is not probed again.
MARKER="$REPO/org/apache/nifi/.lakehouse-optional-probed-$VERSION"
if [ "${NIFI_FETCH_OPTIONAL:-0}" = 1 ] && [ ! -f "$MARKER" ]; then
  probe() { fetch "$1" "$2" && echo "25-nifi-nars: fetched $1 $VERSION" || echo "25-nifi-nars: $1 $VERSION not served (validator falls back to jars or the manifest)"; }
  for nar in nifi-standard-nar nifi-update-attribute-nar nifi-hadoop-nar nifi-kafka-nar nifi-kafka-3-service-nar nifi-kafka-service-api-nar; do
    probe "$nar" nar &
  done
  wait
  for jar in nifi-update-attribute-processor nifi-hdfs-processors nifi-kafka-processors nifi-kafka-3-service nifi-kafka-service-api; do
    probe "$jar" jar &
  done
  wait
  mkdir -p "$(dirname "$MARKER")" && touch "$MARKER"
fi
# Classpath of the processor probe (tests/nifi/java): real standard processors run under nifi-mock's TestRunner.
CP_FILE="$ROOT/.cache/nifi/classpath-$VERSION.txt"
if [ ! -s "$CP_FILE" ] || [ "$ROOT/tests/nifi/java/pom.xml" -nt "$CP_FILE" ]; then
  mkdir -p "$(dirname "$CP_FILE")"
  mvn -q -B -f "$ROOT/tests/nifi/java/pom.xml" dependency:build-classpath -Dmdep.outputFile="$CP_FILE" \
    -Dmaven.repo.local="$REPO" >/dev/null || { echo "25-nifi-nars: could not resolve the NiFi probe classpath" >&2; exit 1; }
fi

# tests/nifi lints nifi-templates/deploy.sh with shellcheck (Debian package).
if ! command -v shellcheck >/dev/null 2>&1; then
  SUDO=""; [ "$(id -u)" = 0 ] || SUDO="sudo"
  $SUDO apt-get install -y -qq shellcheck >/dev/null 2>&1 || { $SUDO apt-get update -qq && $SUDO apt-get install -y -qq shellcheck; }
fi
echo "25-nifi-nars: NiFi $VERSION artifacts ready in $REPO"
