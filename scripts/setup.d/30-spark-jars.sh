#!/usr/bin/env bash
# Pre-fetches the jars Spark needs at session start into ~/.m2: the PostgreSQL JDBC driver (Spark's Ivy resolver
# reads ~/.m2 first, so jobs and tests start without downloading) and Delta Lake (put on the classpath of local
# sessions by lakehouse_jobs.common.session), each Delta jar checked against its pinned sha256. Idempotent.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"
jar_of() { # group:artifact:version -> path in ~/.m2
  local group artifact version
  IFS=: read -r group artifact version <<<"$1"
  echo "$HOME/.m2/repository/${group//.//}/$artifact/$version/$artifact-$version.jar"
}
package="$(.venv/bin/python -c 'from lakehouse_jobs.bronze.jdbc import POSTGRES_JDBC_PACKAGE as p; print(p)')"
if [ ! -f "$(jar_of "$package")" ]; then
  mvn -q -B dependency:get -Dartifact="$package" -Dtransitive=false
fi
echo "spark jars: $package ready in ~/.m2"
# "coordinate sha256" per line, from the one definition in the jobs package.
while read -r coordinate sha; do
  jar="$(jar_of "$coordinate")"
  if [ ! -f "$jar" ]; then
    mvn -q -B dependency:get -Dartifact="$coordinate" -Dtransitive=false
  fi
  if ! echo "$sha  $jar" | sha256sum --check --quiet; then
    echo "sha256 mismatch for $jar (expected $sha): removing it; rerun to fetch it again" >&2
    rm -f "$jar"
    exit 1
  fi
done <<<"$(.venv/bin/python -c 'from lakehouse_jobs.common.delta import pinned_jars; print(pinned_jars())')"
echo "spark jars: Delta Lake ready in ~/.m2"
