#!/usr/bin/env bash
# Airflow suite, on a real Airflow 3 (.venv-airflow): DAG integrity and parse isolation, the failure alert under
# dag.test(), and the Ecom pipeline end to end (embedded PostgreSQL at scale 0.01, local Spark via spark-submit from
# .venv, the jobs artifact as the Pulumi program builds it). Every engine is started by the tests and stopped after.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
# A skipped test fails these pytest runs (scripts/lib/suite.sh loads scripts/lib/pytest_no_skips.py).
source "$ROOT/scripts/lib/suite.sh"
cd "$ROOT"
[ -x .venv-airflow/bin/pytest ] || bash scripts/setup.d/40-airflow.sh
[ -x .venv/bin/spark-submit ] || bash scripts/setup.d/10-python.sh
export SPARK_LOCAL_IP=127.0.0.1
exec .venv-airflow/bin/pytest dags/tests -q -p no:cacheprovider -ra "$@"
