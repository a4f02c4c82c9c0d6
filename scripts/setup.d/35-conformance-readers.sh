#!/usr/bin/env bash
# Readers for the rendered-file conformance tests (scripts/tests.d/47-conformance.sh): Hadoop's client jars at the
# version of the hadoop image pinned in stacks/images.ts, fetched from Maven Central (cached in ~/.m2) into
# .cache/conformance/hadoop-<version>/ (gitignored). log4j2 and Spark come from the pyspark of .venv (the jars the
# Spark image runs); promtool from Debian's prometheus package, installed here when missing.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"
version="$(sed -n 's/^ *hadoop: "apache\/hadoop:\([0-9.]*\)".*/\1/p' stacks/images.ts)"
[ -n "$version" ] || { echo "stacks/images.ts: no apache/hadoop:<version> pin found" >&2; exit 1; }
lib=".cache/conformance/hadoop-$version"
pom=tests/conformance/java/pom.xml
if [ -f "$lib/.fetched" ] && [ ! "$pom" -nt "$lib/.fetched" ]; then
  echo "conformance: hadoop $version jars up to date in $lib"
else
  command -v mvn >/dev/null || { echo "maven (mvn) is required to fetch the Hadoop client jars" >&2; exit 1; }
  rm -rf "$lib" && mkdir -p "$lib"
  mvn -B -q -Dstyle.color=never -f "$pom" dependency:copy-dependencies -Dhadoop.version="$version" \
    -DincludeScope=runtime -DoutputDirectory="$ROOT/$lib"
  touch "$lib/.fetched"
  echo "conformance: $(ls "$lib" | wc -l) hadoop $version jars in $lib"
fi
if ! command -v promtool >/dev/null; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    apt_install() { DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends prometheus >/dev/null; }
    apt_install || { apt-get update -q >/dev/null && apt_install; }
  else
    echo "promtool is missing: install Debian's prometheus package (apt-get install prometheus)" >&2
    exit 1
  fi
fi
echo "conformance: $(promtool --version 2>&1 | head -1)"
