#!/usr/bin/env bash
# Pre-fetches the jars Spark resolves at session start (the PostgreSQL JDBC driver) into ~/.m2, which Spark's Ivy
# resolver reads first, so jobs and tests start without downloading and never time out on the network.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"
package="$(.venv/bin/python -c 'from lakehouse_jobs.bronze.jdbc import POSTGRES_JDBC_PACKAGE as p; print(p)')"
IFS=: read -r group artifact version <<<"$package"
jar="$HOME/.m2/repository/${group//.//}/$artifact/$version/$artifact-$version.jar"
if [ ! -f "$jar" ]; then
  mvn -q dependency:get -Dartifact="$package" -Dtransitive=false
fi
echo "spark jars: $package ready in ~/.m2"
