#!/usr/bin/env bash
# Streaming jobs against real engines: local Kafka (KRaft) and Cassandra started through `bin/lakehouse engine`
# by the pytest fixtures (jobs/tests/streaming/conftest.py), which stop them again; the jobs run on local Spark.
# Covers conservation, dead letters, late events, SIGKILLed jobs and a broker restart (budget: 15 minutes).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
# A skipped test fails these pytest runs (scripts/lib/suite.sh loads scripts/lib/pytest_no_skips.py).
source "$ROOT/scripts/lib/suite.sh"
cd "$ROOT/jobs"
export LAKEHOUSE_ENGINE_TESTS=1 SPARK_LOCAL_IP=127.0.0.1
# Two pytest runs: the engine tests need a Spark session created with the Kafka connector, and a session made first by
# the transform tests' fixture would be reused (getOrCreate) without it.
../.venv/bin/pytest -q -p no:cacheprovider tests/streaming --ignore-glob='tests/streaming/test_engines_*' "$@"
exec ../.venv/bin/pytest -q -p no:cacheprovider tests/streaming/test_engines_conservation.py \
  tests/streaming/test_engines_cassandra_sink.py tests/streaming/test_engines_faults.py "$@"
