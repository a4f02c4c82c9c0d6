#!/usr/bin/env bash
# Readers for the rendered-file conformance tests (scripts/tests.d/47-conformance.sh): Hadoop's client jars and Hive's
# MetastoreConf at the versions of the hadoop and hive images pinned in stacks/images.ts, fetched from Maven Central
# (cached in ~/.m2) into .cache/conformance/hadoop-<version>-hive-<version>/ (gitignored). log4j2 and Spark come from the pyspark of .venv (the jars the
# Spark image runs); promtool from Debian's prometheus package, installed here when missing.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"
version="$(sed -n 's/^ *hadoop: "apache\/hadoop:\([0-9.]*\)".*/\1/p' stacks/images.ts)"
hive="$(sed -n 's/^ *hive: "apache\/hive:\([0-9.]*\)".*/\1/p' stacks/images.ts)"
[ -n "$version" ] && [ -n "$hive" ] || { echo "stacks/images.ts: no apache/hadoop:<version> or apache/hive:<version> pin found" >&2; exit 1; }
lib=".cache/conformance/hadoop-$version-hive-$hive"
pom=tests/conformance/java/pom.xml
if [ -f "$lib/.fetched" ] && [ ! "$pom" -nt "$lib/.fetched" ]; then
  echo "conformance: hadoop $version / hive $hive jars up to date in $lib"
else
  command -v mvn >/dev/null || { echo "maven (mvn) is required to fetch the Hadoop client jars" >&2; exit 1; }
  rm -rf "$lib" && mkdir -p "$lib"
  mvn -B -q -Dstyle.color=never -f "$pom" dependency:copy-dependencies -Dhadoop.version="$version" -Dhive.version="$hive" \
    -DincludeScope=runtime -DoutputDirectory="$ROOT/$lib"
  touch "$lib/.fetched"
  echo "conformance: $(ls "$lib" | wc -l) hadoop $version / hive $hive jars in $lib"
fi
# prometheus-node-exporter serves the batch run's metrics textfile in scripts/tests.d/48-observability.sh and --observe.
if ! command -v promtool >/dev/null || [ ! -x /usr/bin/prometheus-node-exporter ]; then
  SUDO=""
  [ "$(id -u)" = 0 ] || { sudo -n true 2>/dev/null && SUDO="sudo -n"; }
  if { [ "$(id -u)" = 0 ] || [ -n "$SUDO" ]; } && command -v apt-get >/dev/null; then
    # As root, or with passwordless sudo (GitHub's runners).
    apt_install() { $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends prometheus prometheus-node-exporter >/dev/null; }
    apt_install || { $SUDO apt-get update -q >/dev/null && apt_install; }
  else
    # Only the conformance suite needs it (and fails naming it); the local mode does not.
    echo "conformance: promtool is missing; install Debian's prometheus and prometheus-node-exporter packages (apt-get install prometheus prometheus-node-exporter) to run scripts/tests.d/47-conformance.sh and 48-observability.sh" >&2
    exit 0
  fi
fi
echo "conformance: $(promtool --version 2>&1 | head -1)"
