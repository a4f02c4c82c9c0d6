#!/usr/bin/env bash
# Fetches the Spark Kafka connector jars into the local Maven repository (~/.m2), so the streaming jobs and their
# tests never download in the middle of a run (the jobs pass these jars to Spark explicitly, see
# jobs/lakehouse_jobs/streaming/packages.py), and makes sure the Python Cassandra driver (a jobs dependency) is in
# .venv. Idempotent: present jars are not fetched again.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"
mapfile -t artifacts < <(.venv/bin/python -c 'from lakehouse_jobs.streaming.packages import KAFKA_ARTIFACTS
print("\n".join(KAFKA_ARTIFACTS))')
for a in "${artifacts[@]}"; do
  IFS=: read -r g n v <<<"$a"
  jar="$HOME/.m2/repository/${g//.//}/$n/$v/$n-$v.jar"
  if [ ! -f "$jar" ]; then
    mvn -q -B dependency:get -Dartifact="$a" -Dtransitive=false
  fi
done
.venv/bin/python -c 'from lakehouse_jobs.streaming.packages import kafka_jars; print("spark kafka jars:", len(kafka_jars()))'
if ! .venv/bin/python -c 'import cassandra' 2>/dev/null; then
  # Pure-Python build: the Cython extensions take minutes to compile on 2 cores and are not needed at our rates.
  CASS_DRIVER_NO_CYTHON=1 .venv/bin/pip install --quiet -e "jobs[dev]"
fi
.venv/bin/python -c 'import cassandra; print("cassandra-driver", cassandra.__version__)'
